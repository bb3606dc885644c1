// ExifTool, through exiftool-vendored: a few long-lived `-stay_open` perl processes (the vendored
// exiftool script; system perl on Linux/macOS). It reads what exifr cannot (RAW, HEIC, WebP, AVIF,
// video, maker-note dates) and extracts RAW previews. Started only when first needed, so an import
// of plain JPEGs never pays its ~2 s start; ended when the last archive closes (batch-cluster also
// kills the children on process exit, so a CLI run or a test cannot hang on them).
import os from 'node:os';
import { ExifTool } from 'exiftool-vendored';

let instance: ExifTool | null = null;
let users = 0;

function exiftool(): ExifTool {
  instance ??= new ExifTool({
    maxProcs: Math.max(1, Math.min(4, os.availableParallelism())),
    // Tags are interpreted here from raw values; the library's time-zone guessing is not wanted.
    backfillTimezones: false,
    geolocation: false,
    taskTimeoutMillis: 30_000,
  });
  return instance;
}

export type ExifToolTags = Record<string, unknown>;

/** Every tag ExifTool finds, as `exiftool -json -n` prints it (unqualified names, numeric values). */
export async function readTagsWithExifTool(file: string): Promise<ExifToolTags> {
  const tags = (await exiftool().readRaw(file, { readArgs: ['-n', '-api', 'largefilesupport=1'] })) as ExifToolTags;
  return tags;
}

export interface EmbeddedImage {
  /** Tag, e.g. "PreviewImage", "JpgFromRaw". */
  tag: string;
  bytes: Buffer;
}

/** The tags that hold a RAW's embedded JPEGs (previews, the camera's full-size JPEG, thumbnails). */
const IMAGE_TAGS = ['PreviewImage', 'JpgFromRaw', 'OtherImage', 'ThumbnailImage'];

export interface TagsAndImages {
  /** As {@link readTagsWithExifTool} gives them (binary values summarised, not their bytes). */
  tags: ExifToolTags;
  /** The embedded JPEGs, largest first. */
  images: EmbeddedImage[];
}

/**
 * A RAW's tags and its embedded JPEGs in ONE ExifTool read: `-b` makes the JSON carry binary values
 * as base64, `-all` plus the image tags asks for every tag and also those ExifTool extracts only on
 * request (a Panasonic JpgFromRaw). Priority between duplicate tags stays ExifTool's own (no `-a`),
 * so the tags match a plain read. An embedded original RAW (a DNG's OriginalRawFileData, as big as
 * the file) is never wanted: left out.
 */
export async function readTagsAndEmbeddedImages(file: string): Promise<TagsAndImages> {
  const raw = (await exiftool().readRaw(file, {
    readArgs: ['-n', '-b', '-all', ...IMAGE_TAGS.map((t) => `-${t}`), '--OriginalRawFileData', '-api', 'largefilesupport=1'],
  })) as ExifToolTags;
  const tags: ExifToolTags = {};
  const images: EmbeddedImage[] = [];
  for (const [tag, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value.startsWith('base64:')) {
      const bytes = Buffer.from(value.slice(7), 'base64');
      if (IMAGE_TAGS.includes(tag)) images.push({ tag, bytes });
      // As a read without -b shows it: the dump keeps the fact, not the bytes.
      tags[tag] = `(Binary data ${bytes.length} bytes, use -b option to extract)`;
    } else {
      tags[tag] = value;
    }
  }
  return { tags, images: images.sort((a, b) => b.bytes.length - a.bytes.length) };
}

/** Only the embedded JPEGs of a file (previews, JpgFromRaw, thumbnails), largest first. */
export async function embeddedImages(file: string): Promise<EmbeddedImage[]> {
  const tags = (await exiftool().readRaw(file, { readArgs: ['-b', '-a', '-G1', ...IMAGE_TAGS.map((t) => `-${t}`), '-api', 'largefilesupport=1'] })) as ExifToolTags;
  const found: EmbeddedImage[] = [];
  for (const [tag, value] of Object.entries(tags)) {
    if (typeof value === 'string' && value.startsWith('base64:')) found.push({ tag, bytes: Buffer.from(value.slice(7), 'base64') });
  }
  return found.sort((a, b) => b.bytes.length - a.bytes.length);
}

/** Counted by archives: the processes end when the last one closes. */
export function useExifTool(): () => Promise<boolean> {
  users++;
  let released = false;
  return async () => {
    if (released) return false;
    released = true;
    if (--users > 0) return false;
    await endExifTool();
    return true;
  };
}

export async function endExifTool(): Promise<void> {
  const running = instance;
  instance = null;
  users = 0;
  if (running) await running.end();
}

export function exifToolStarted(): boolean {
  return instance !== null;
}
