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
  /** Group and tag, e.g. "SubIFD1:PreviewImage". */
  tag: string;
  bytes: Buffer;
}

/** The embedded JPEGs of a RAW (previews, JpgFromRaw, thumbnails), largest first. */
export async function embeddedImages(file: string): Promise<EmbeddedImage[]> {
  const tags = (await exiftool().readRaw(file, {
    readArgs: ['-b', '-a', '-G1', '-PreviewImage', '-JpgFromRaw', '-OtherImage', '-ThumbnailImage', '-api', 'largefilesupport=1'],
  })) as ExifToolTags;
  const found: EmbeddedImage[] = [];
  for (const [tag, value] of Object.entries(tags)) {
    if (typeof value !== 'string' || !value.startsWith('base64:')) continue;
    found.push({ tag, bytes: Buffer.from(value.slice(7), 'base64') });
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
