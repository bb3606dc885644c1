// Which files the importer takes, and what it can do with each kind.
import path from 'node:path';

/** Decoded by sharp/libvips: thumbnails are rendered from the pixels. */
const DECODABLE = new Set(['.jpg', '.jpeg', '.jpe', '.png', '.tif', '.tiff', '.webp', '.avif', '.gif']);
/** Metadata via exifr; the picture only through an embedded preview when the file carries one. */
const METADATA_ONLY = new Set(['.heic', '.heif', '.cr2', '.nef', '.arw', '.dng']);

export type FormatSupport = 'decode' | 'embedded-preview' | null;

export function formatSupport(file: string): FormatSupport {
  const ext = path.extname(file).toLowerCase();
  if (DECODABLE.has(ext)) return 'decode';
  if (METADATA_ONLY.has(ext)) return 'embedded-preview';
  return null;
}

export const SUPPORTED_EXTENSIONS = [...DECODABLE, ...METADATA_ONLY];
