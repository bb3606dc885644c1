// Validates any BagIt bag against RFC 8493 ("complete" and "valid", section 3): bagit.txt, the payload
// folder, every payload and tag manifest (sha256, sha512, and md5/sha1 when a bag has only those),
// fetch.txt, and Payload-Oxum in bag-info.txt. Bags come from anywhere, so nothing in a manifest is
// trusted: paths that leave the bag are refused, symbolic links are not followed, and every file is
// read once whatever the number of manifests naming it.
import { getHashes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HASH_HEX_LENGTH, parseBagInfo, parseManifest, type ManifestEntry } from './format';
import { hashFileMulti } from './hash';
import { BAG_READ_LIMITS, readRegular, UnsafeBagFileError } from './safe-read';

export const BAG_PROBLEM_KINDS = [
  'not-a-bag',
  'bagit-txt',
  'missing-tag-file',
  'no-manifest',
  'unsupported-algorithm',
  'manifest-format',
  'unsafe-path',
  'missing',
  'extra',
  'checksum',
  'not-fetched',
  'bag-info',
  'oxum',
  'not-a-file',
  'too-large',
  'unreadable',
] as const;
export type BagProblemKind = (typeof BAG_PROBLEM_KINDS)[number];

export interface BagProblem {
  kind: BagProblemKind;
  /** The file concerned, relative to the bag (as a manifest names it), or null for the bag as a whole. */
  path: string | null;
  message: string;
}

export interface BagReport {
  bag: string;
  valid: boolean;
  version: string | null;
  encoding: string | null;
  /** Algorithms of the payload manifests and of the tag manifests found. */
  algorithms: string[];
  tagAlgorithms: string[];
  payloadFiles: number;
  payloadBytes: number;
  problems: BagProblem[];
  /** Things a careful reader should know that do not make the bag invalid (weak algorithms, SHOULDs). */
  warnings: string[];
}

export interface ValidateOptions {
  signal?: AbortSignal;
  /** Called before each file is hashed (for progress), with its path relative to the bag. */
  onFile?: (relPath: string, index: number, total: number) => void;
}

interface DiskFile {
  rel: string;
  size: number;
}

const PAYLOAD_DIR = 'data';
const MANIFEST = /^(tag)?manifest-([A-Za-z0-9-]+)\.txt$/;

/** All entries under `dir`, relative with "/" separators; symbolic links and other non-files are set apart. */
async function listTree(root: string, signal?: AbortSignal): Promise<{ files: DiskFile[]; odd: Array<{ rel: string; what: string }> }> {
  const files: DiskFile[] = [];
  const odd: Array<{ rel: string; what: string }> = [];
  const walk = async (rel: string) => {
    signal?.throwIfAborted();
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) files.push({ rel: r, size: (await fs.lstat(path.join(root, r))).size });
      else odd.push({ rel: r, what: e.isSymbolicLink() ? 'a symbolic link (not followed)' : e.isFIFO() ? 'a FIFO (named pipe)' : e.isCharacterDevice() || e.isBlockDevice() ? 'a device' : 'not a regular file' });
    }
  };
  await walk('');
  return { files, odd };
}

/** Why a manifest path may not be used, or null: it must stay inside the bag and name a file by relative path. */
function unsafePath(p: string): string | null {
  if (p.includes('\0')) return 'contains a NUL character';
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\')) return 'is an absolute path';
  if (p.split('/').some((s) => s === '..' || s === '.' || s === '')) return 'has empty, "." or ".." segments (paths must stay inside the bag)';
  return null;
}

/** A bad line as problems show it: never more than a short excerpt of what a file holds. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function decoderFor(encoding: string): TextDecoder | null {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    return null;
  }
}

export async function validateBag(bagDir: string, opts: ValidateOptions = {}): Promise<BagReport> {
  const bag = path.resolve(bagDir);
  const report: BagReport = { bag, valid: false, version: null, encoding: null, algorithms: [], tagAlgorithms: [], payloadFiles: 0, payloadBytes: 0, problems: [], warnings: [] };
  const problem = (kind: BagProblemKind, p: string | null, message: string) => report.problems.push({ kind, path: p, message });

  const top = await fs.stat(bag).catch(() => null);
  if (!top?.isDirectory()) {
    problem('not-a-bag', null, top ? `${bag} is a file, not a bag folder.` : `${bag} does not exist.`);
    return report;
  }

  // bagit.txt: exactly "BagIt-Version: M.N" then "Tag-File-Character-Encoding: ENC", UTF-8 without BOM.
  let decoder = new TextDecoder('utf-8', { fatal: true });
  // Tag files are read only as regular files inside the bag, and only up to a size limit; a link, FIFO
  // or device in their place is a problem (what it points to is never read nor quoted).
  const readBounded = async (rel: string, limit: number): Promise<Buffer | null> => {
    opts.signal?.throwIfAborted();
    try {
      return await readRegular(path.join(bag, rel), rel, limit);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (err instanceof UnsafeBagFileError) {
        if (!report.problems.some((p) => p.path === rel && p.kind === err.reason)) problem(err.reason, rel, err.message);
      } else problem('unreadable', rel, `${rel} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      return null;
    }
  };
  const declaration = await readBounded('bagit.txt', BAG_READ_LIMITS.bagitTxt);
  if (!declaration) {
    if (!report.problems.some((p) => p.path === 'bagit.txt')) problem('missing-tag-file', 'bagit.txt', 'bagit.txt is missing: every bag must declare its BagIt version and tag file encoding.');
  }
  else if (declaration.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) problem('bagit-txt', 'bagit.txt', 'bagit.txt starts with a byte-order mark, which RFC 8493 forbids.');
  else {
    let text: string | null = null;
    try {
      text = decoder.decode(declaration);
    } catch {
      problem('bagit-txt', 'bagit.txt', 'bagit.txt is not valid UTF-8.');
    }
    if (text !== null) {
      const { elements, bad } = parseBagInfo(text);
      const [v, e] = elements;
      if (bad.length || elements.length !== 2 || v?.label !== 'BagIt-Version' || e?.label !== 'Tag-File-Character-Encoding') {
        problem('bagit-txt', 'bagit.txt', 'bagit.txt must have exactly two lines, "BagIt-Version: <M.N>" and "Tag-File-Character-Encoding: <encoding>".');
      }
      if (v?.label === 'BagIt-Version') {
        report.version = v.value;
        if (!/^\d+\.\d+$/.test(v.value)) problem('bagit-txt', 'bagit.txt', `BagIt-Version "${v.value}" is not a version number (M.N).`);
        else if (v.value !== '1.0') report.warnings.push(`BagIt-Version is ${v.value}; validated by the rules of version 1.0.`);
      }
      if (e?.label === 'Tag-File-Character-Encoding') {
        report.encoding = e.value;
        const d = decoderFor(e.value);
        if (d) decoder = d;
        else problem('bagit-txt', 'bagit.txt', `Tag-File-Character-Encoding "${e.value}" is not an encoding this validator can read.`);
      }
    }
  }
  const readTag = async (rel: string, limit: number): Promise<string | null> => {
    const bytes = await readBounded(rel, limit);
    if (!bytes) return null;
    try {
      return decoder.decode(bytes);
    } catch {
      problem('manifest-format', rel, `${rel} is not valid ${report.encoding ?? 'UTF-8'}.`);
      return null;
    }
  };

  const payloadStat = await fs.lstat(path.join(bag, PAYLOAD_DIR)).catch(() => null);
  if (!payloadStat?.isDirectory()) problem('missing-tag-file', `${PAYLOAD_DIR}/`, 'The payload folder data/ is missing.');

  const tree = await listTree(bag, opts.signal);
  for (const o of tree.odd) if (!report.problems.some((p) => p.path === o.rel)) problem('not-a-file', o.rel, `${o.rel} is ${o.what}.`);
  const onDisk = new Map(tree.files.map((f) => [f.rel, f]));
  const payload = tree.files.filter((f) => f.rel.startsWith(`${PAYLOAD_DIR}/`));
  report.payloadFiles = payload.length;
  report.payloadBytes = payload.reduce((s, f) => s + f.size, 0);
  // Manifests written on one system may name a file in another Unicode normalization (macOS NFD).
  const byNfc = new Map<string, string[]>();
  for (const f of tree.files) byNfc.set(f.rel.normalize('NFC'), [...(byNfc.get(f.rel.normalize('NFC')) ?? []), f.rel]);
  const resolve = (p: string): string | null => {
    if (onDisk.has(p)) return p;
    const twins = byNfc.get(p.normalize('NFC'));
    return twins?.length === 1 ? twins[0]! : null;
  };

  // fetch.txt: files still to be downloaded; a bag that still lacks any is not complete.
  const fetchText = await readTag('fetch.txt', BAG_READ_LIMITS.fetchTxt);
  const toFetch = new Set<string>();
  for (const line of (fetchText ?? '').split(/\r\n|\r|\n/)) {
    const m = /^\S+[ \t]+(?:\d+|-)[ \t]+(.+)$/.exec(line);
    if (m) toFetch.add(m[1]!.replace(/%(0A|0D|25)/gi, (_, c: string) => String.fromCharCode(parseInt(c, 16))));
  }

  // Manifests: which files must have which digests.
  const manifests = tree.files.filter((f) => !f.rel.includes('/') && MANIFEST.test(f.rel)).map((f) => f.rel).sort();
  const supported = new Set(getHashes().map((h) => h.toLowerCase()));
  const expected = new Map<string, Array<{ algorithm: string; checksum: string; manifest: string }>>();
  for (const name of manifests) {
    const [, tag, algorithmRaw] = MANIFEST.exec(name)!;
    const algorithm = algorithmRaw!.toLowerCase();
    const isTag = tag !== undefined;
    if (!supported.has(algorithm)) {
      problem('unsupported-algorithm', name, `${name} uses the algorithm "${algorithm}", which this validator cannot compute, so its files cannot be checked.`);
      continue;
    }
    if (algorithm === 'md5' || algorithm === 'sha1') report.warnings.push(`${name} uses ${algorithm}, which is no longer collision-resistant; prefer sha256 or sha512.`);
    (isTag ? report.tagAlgorithms : report.algorithms).push(algorithm);
    const text = await readTag(name, BAG_READ_LIMITS.manifest);
    if (text === null) continue;
    const { entries, bad } = parseManifest(text);
    for (const b of bad) problem('manifest-format', name, `${name} line ${b.line} is not "<checksum> <path>": ${quote(b.text)}`);
    const seen = new Set<string>();
    for (const entry of entries) {
      if (!checkEntry(name, algorithm, isTag, entry, seen)) continue;
      const target = resolve(entry.path);
      if (target === null) {
        if (toFetch.has(entry.path)) problem('not-fetched', entry.path, `${entry.path} is listed in fetch.txt but has not been fetched yet, so the bag is incomplete.`);
        else problem('missing', entry.path, `${entry.path} is listed in ${name} but missing from the bag.`);
        continue;
      }
      if (target !== entry.path) report.warnings.push(`${name} names ${JSON.stringify(entry.path)} in a different Unicode normalization than the file on disk.`);
      expected.set(target, [...(expected.get(target) ?? []), { algorithm, checksum: entry.checksum, manifest: name }]);
    }
    if (!isTag) {
      const listed = new Set(entries.map((e) => resolve(e.path)));
      for (const f of payload) if (!listed.has(f.rel)) problem('extra', f.rel, `${f.rel} is in the payload but not listed in ${name}.`);
    }
  }
  if (!manifests.some((m) => m.startsWith('manifest-'))) problem('no-manifest', null, 'The bag has no payload manifest (manifest-<algorithm>.txt).');
  if (report.tagAlgorithms.length) {
    const listedTags = new Set([...expected.keys()].filter((k) => !k.startsWith(`${PAYLOAD_DIR}/`)));
    for (const f of tree.files) {
      if (!f.rel.startsWith(`${PAYLOAD_DIR}/`) && !/^tagmanifest-/.test(f.rel) && !listedTags.has(f.rel)) report.warnings.push(`Tag file ${f.rel} is not covered by a tag manifest.`);
    }
  }

  // Hash each listed file once, with every algorithm some manifest wants for it.
  const work = [...expected.entries()];
  for (const [i, [rel, wants]] of work.entries()) {
    opts.signal?.throwIfAborted();
    opts.onFile?.(rel, i, work.length);
    const algorithms = [...new Set(wants.map((w) => w.algorithm))];
    let actual;
    try {
      actual = (await hashFileMulti(path.join(bag, rel), algorithms, opts.signal, rel)).digests;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      if (err instanceof UnsafeBagFileError) problem(err.reason, rel, err.message);
      else problem('unreadable', rel, `${rel} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      continue;
    }
    for (const w of wants) {
      if (actual[w.algorithm] !== w.checksum) {
        problem('checksum', rel, `${rel}: ${w.algorithm} checksum does not match ${w.manifest} (expected ${w.checksum}, found ${actual[w.algorithm]}).`);
      }
    }
  }

  // bag-info.txt: well-formed, and Payload-Oxum (when given) matches the payload found.
  const info = await readTag('bag-info.txt', BAG_READ_LIMITS.bagInfoTxt);
  if (info !== null) {
    const { elements, bad } = parseBagInfo(info);
    for (const b of bad) problem('bag-info', 'bag-info.txt', `bag-info.txt line ${b.line} is not "Label: value": ${quote(b.text)}`);
    const oxums = elements.filter((e) => e.label.toLowerCase() === 'payload-oxum');
    if (oxums.length > 1) problem('bag-info', 'bag-info.txt', 'bag-info.txt gives Payload-Oxum more than once.');
    for (const o of oxums) {
      const m = /^(\d+)\.(\d+)$/.exec(o.value);
      if (!m) problem('oxum', 'bag-info.txt', `Payload-Oxum "${o.value}" is not <octets>.<file count>.`);
      else if (Number(m[1]) !== report.payloadBytes || Number(m[2]) !== report.payloadFiles) {
        problem('oxum', 'bag-info.txt', `Payload-Oxum says ${m[1]} bytes in ${m[2]} files, but the payload has ${report.payloadBytes} bytes in ${report.payloadFiles} files.`);
      }
    }
    const date = elements.find((e) => e.label.toLowerCase() === 'bagging-date');
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date.value)) report.warnings.push(`Bagging-Date "${date.value}" is not YYYY-MM-DD.`);
  }

  report.valid = report.problems.length === 0;
  return report;

  function checkEntry(name: string, algorithm: string, isTag: boolean, entry: ManifestEntry, seen: Set<string>): boolean {
    const why = unsafePath(entry.path);
    if (why) {
      problem('unsafe-path', entry.path, `${name} line ${entry.line}: the path ${JSON.stringify(entry.path)} ${why}; not checked.`);
      return false;
    }
    if (!isTag && !entry.path.startsWith(`${PAYLOAD_DIR}/`)) {
      problem('unsafe-path', entry.path, `${name} line ${entry.line}: ${JSON.stringify(entry.path)} is outside data/; a payload manifest lists only payload files.`);
      return false;
    }
    if (isTag && (entry.path.startsWith(`${PAYLOAD_DIR}/`) || /^tagmanifest-/.test(entry.path))) {
      problem('manifest-format', name, `${name} line ${entry.line}: a tag manifest lists tag files only, not ${JSON.stringify(entry.path)}.`);
      return false;
    }
    const want = HASH_HEX_LENGTH[algorithm];
    if (want !== undefined && entry.checksum.length !== want) {
      problem('manifest-format', name, `${name} line ${entry.line}: "${entry.checksum}" is not a ${algorithm} checksum (${want} hex digits).`);
      return false;
    }
    if (seen.has(entry.path)) {
      problem('manifest-format', name, `${name} lists ${JSON.stringify(entry.path)} more than once.`);
      return false;
    }
    seen.add(entry.path);
    return true;
  }
}

/** One line per problem, for people (the CLI, error messages). */
export function describeProblems(r: BagReport): string[] {
  return r.problems.map((p) => `${p.kind.toUpperCase()}: ${p.message}`);
}
