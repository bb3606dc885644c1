// The export formats as users choose them: what each is for, and the file name it suggests.
import type { ExportFormat } from '../../../../shared/api';

export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; name: string; forWhom: string; extension: string }> = [
  { format: 'bagit', name: 'BagIt package', forWhom: 'Archives and courts: byte-identical originals, every annotation format, checksums (RFC 8493).', extension: '' },
  { format: 'xmp', name: 'XMP sidecars', forWhom: 'Photo software (Lightroom, digiKam, exiftool): one photo.jpg.xmp per photo with IPTC fields and regions.', extension: '' },
  { format: 'coco', name: 'COCO JSON', forWhom: 'Machine-learning teams: boxes and polygons in pixels, categories, damage attributes.', extension: '.json' },
  { format: 'webanno', name: 'W3C Web Annotation', forWhom: 'Linked-data tools: every claim tied to the exact bytes (urn:sha256).', extension: '.jsonld' },
  { format: 'csv', name: 'CSV spreadsheet', forWhom: 'Editors and researchers: one row per photo and per region.', extension: '.csv' },
  { format: 'html', name: 'Printable catalogue', forWhom: 'People: a self-contained page with previews, regions, captions and a summary; print it to PDF.', extension: '.html' },
  { format: 'images', name: 'Shared images', forWhom: 'Anyone: upright JPEG copies with regions marked "redact" hidden and file metadata stripped, with images.json naming each original by SHA-256.', extension: '' },
  { format: 'geojson', name: 'Sites as GeoJSON', forWhom: 'Damage assessors and GIS: one point per site with OSM damage:* properties and the xBD / UNOSAT grade, to set beside satellite assessments.', extension: '.geojson' },
];

export function suggestedPath(archiveDir: string, format: ExportFormat, now = new Date()): string {
  const spec = EXPORT_FORMATS.find((f) => f.format === format)!;
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const sep = archiveDir.includes('\\') && !archiveDir.includes('/') ? '\\' : '/';
  return `${archiveDir}${sep}exports${sep}${format}-${stamp}${spec.extension}`;
}
