// Photo names that come from a bag (archive.json's fileName) become file names again in later exports
// (XMP sidecars, HTML pages): they are reduced to one plain name here, and the import reports it.

/** Long enough for any real camera or phone name; well under the 255 bytes most file systems allow. */
export const MAX_FILE_NAME_CHARS = 120;

/**
 * A single file name: no path separators, no "." or "..", no control, line-separator or bidi-override characters,
 * at most MAX_FILE_NAME_CHARS characters with the extension kept. `changed` says whether it differs.
 */
export function safeFileName(raw: string): { name: string; changed: boolean } {
  // The last path component (either separator), then characters no file name should carry.
  let name = raw.split(/[\\/]/).filter((s) => s !== '').at(-1) ?? '';
  name = name.replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu, ' ').replace(/ {2,}/g, ' ').trim();
  name = name.replace(/^\.+/, '');
  if (!name) name = 'photo';
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - ext.length)].slice(0, MAX_FILE_NAME_CHARS - [...ext].length).join('') + ext;
  }
  return { name, changed: name !== raw };
}
