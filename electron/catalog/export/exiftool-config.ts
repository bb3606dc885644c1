// The ExifTool config that teaches ExifTool our XMP namespace (dma), written beside every XMP export
// and into every bag's data/xmp/. Without it ExifTool shows dma properties but drops them all when it
// copies metadata (exiftool -tagsfromfile). The same text is in the repository as
// assets/exiftool/damage-archive.config (a test keeps the two identical).
export const EXIFTOOL_CONFIG_NAME = 'damage-archive.config';

export const EXIFTOOL_CONFIG = `#------------------------------------------------------------------------------
# File:         damage-archive.config
#
# Description:  ExifTool definitions for Damage Archive's own XMP namespace
#               (prefix "dma", URI urn:damage-archive:xmp:1.0:), so that ExifTool
#               reads, writes and copies it like any standard namespace.
#               Without this file ExifTool shows the dma properties of a sidecar
#               but drops every one of them when it copies or rewrites metadata.
#
# Usage:        exiftool -config damage-archive.config -tagsfromfile photo.jpg.xmp -all:all photo-copy.jpg
#               exiftool -config damage-archive.config -struct -XMP-dma:all -ImageRegion photo.jpg.xmp
#               (-config must be the first argument on the command line.)
#
# Properties:   on the photo: SidecarVersion, OriginalSHA256, OriginalFileName,
#               Provenance, PositionSource, PhotoTags (keyword paths that are photo
#               tags rather than region classes or damage types); when the camera
#               clock was corrected (photoshop:DateCreated is then the corrected
#               time): CameraDateTime (what the camera said, local ISO 8601) and
#               ClockOffset (the correction, e.g. +01:03:00 or -1d 02:00:00).
#               In each Iptc4xmpExt:ImageRegion (ExifTool allows any top-level XMP
#               tag as a field there): Class {Key, Label}, Damage [{Key, Label}],
#               Severity (0-4 or na), SeverityLabel, Confidence (certain or
#               possible), Note, Created (ISO 8601), Creator.
#------------------------------------------------------------------------------

%Image::ExifTool::UserDefined = (
    'Image::ExifTool::XMP::Main' => {
        dma => {
            SubDirectory => { TagTable => 'Image::ExifTool::UserDefined::dma' },
        },
    },
);

%Image::ExifTool::UserDefined::dma = (
    GROUPS    => { 0 => 'XMP', 1 => 'XMP-dma', 2 => 'Image' },
    NAMESPACE => { 'dma' => 'urn:damage-archive:xmp:1.0:' },
    WRITABLE  => 'string',
    SidecarVersion   => { },
    OriginalSHA256   => { },
    OriginalFileName => { },
    Provenance       => { },
    PositionSource   => { },
    PhotoTags        => { List => 'Bag' },
    CameraDateTime   => { },
    ClockOffset      => { },
    # Region fields (written inside Iptc4xmpExt:ImageRegion items)
    Class => {
        Struct => { STRUCT_NAME => 'DamageArchiveTerm', NAMESPACE => 'dma', Key => { }, Label => { } },
    },
    Damage => {
        List   => 'Bag',
        Struct => { STRUCT_NAME => 'DamageArchiveTerm', NAMESPACE => 'dma', Key => { }, Label => { } },
    },
    Severity      => { },
    SeverityLabel => { },
    Confidence    => { },
    Note          => { },
    Created       => { },
    Creator       => { },
);

1;  # end
`;
