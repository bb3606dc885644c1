// The text formats inside a BagIt 1.0 bag (RFC 8493), written and read the same way by the bag
// writer, the validator and the importer: manifest lines, file paths in manifests, bag-info.txt.

/** Checksum algorithms a manifest may name, with the hex length of their digests. */
export const HASH_HEX_LENGTH: Record<string, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

/**
 * A path as a manifest writes it (RFC 8493 2.1.3): only CR, LF and "%" are percent-encoded, so a
 * name with newlines still fits on one manifest line and a literal "%" cannot be misread.
 */
export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

/** The reverse of encodeManifestPath; other %xx sequences are left as written (the RFC encodes only these three). */
export function decodeManifestPath(p: string): string {
  return p.replace(/%(0A|0D|25)/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

export interface ManifestEntry {
  checksum: string;
  /** Relative to the bag's top folder, decoded, with "/" separators. */
  path: string;
  line: number;
}

/** Splits a manifest into entries ("checksum<whitespace>path" per line) and the lines that do not parse. */
export function parseManifest(text: string): { entries: ManifestEntry[]; bad: Array<{ line: number; text: string }> } {
  const entries: ManifestEntry[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const m = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(raw);
    if (!m) bad.push({ line: i + 1, text: raw });
    else entries.push({ checksum: m[1]!.toLowerCase(), path: decodeManifestPath(m[2]!), line: i + 1 });
  });
  return { entries, bad };
}

export function formatManifest(entries: Array<{ checksum: string; path: string }>): string {
  return entries.map((e) => `${e.checksum}  ${encodeManifestPath(e.path)}\n`).join('');
}

export interface BagInfoElement {
  label: string;
  value: string;
}

/**
 * bag-info.txt elements, one "Label: value" each. A value's line breaks become continuation lines
 * (a line break followed by an indented line, RFC 8493 2.2.2), which is how the RFC carries a
 * multi-line value; a reader joins them back with "\n". Long lines are not folded: folding would add
 * line breaks the user never wrote. Control characters other than tabs and line breaks are dropped, and
 * leading and trailing white space of each line (which the format cannot keep) is trimmed.
 */
export function formatBagInfo(elements: BagInfoElement[]): string {
  const out: string[] = [];
  for (const { label, value } of elements) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(label)) throw new Error(`Not a bag-info label: ${JSON.stringify(label)}`);
    // eslint-disable-next-line no-control-regex
    const lines = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').split('\n').map((l) => l.trim());
    while (lines.length > 1 && lines.at(-1) === '') lines.pop();
    out.push(`${label}: ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`));
  }
  return out.map((l) => `${l}\n`).join('');
}

/** Reads bag-info.txt (or bagit.txt, same syntax); lines that are neither an element nor a continuation are reported. */
export function parseBagInfo(text: string): { elements: BagInfoElement[]; bad: Array<{ line: number; text: string }> } {
  const elements: BagInfoElement[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    if (raw === '') return; // a blank line carries nothing; tolerated rather than failing a bag over it
    const last = elements.at(-1);
    if (/^[ \t]/.test(raw) && last) {
      last.value += `\n${raw.trim()}`;
      return;
    }
    const m = /^([^:\s][^:]*?)[ \t]*:[ \t]?(.*)$/.exec(raw);
    if (!m) bad.push({ line: i + 1, text: raw });
    else elements.push({ label: m[1]!, value: m[2]!.trim() });
  });
  return { elements, bad };
}

/** "1.2 MB" as bag-info's Bag-Size wants it: decimal units, three significant figures at most. */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${Number(v.toPrecision(3))} ${units[u]}`;
}

/** Local calendar date, YYYY-MM-DD (Bagging-Date is the day the bag was made, where it was made). */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
