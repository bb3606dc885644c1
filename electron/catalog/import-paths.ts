// The paths a user typed for an import, checked before anything is catalogued. A typed path is
// the user's, not a file the import found: "~/Photos" means their home folder (not a folder named
// "~" beside the server), and one that does not exist, cannot be read or is neither a file nor a
// folder is refused with the reason, so it never becomes a permanent "failed" entry in the
// catalogue. What the import finds inside a folder is still reported per file, as before.
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PathCheck } from '../../shared/api';
import { InvalidRequestError } from './errors';
import { readHead, sniff } from './sniff';
import { describeFsError, scanPaths } from './scan';


/** Names of the photos, RAW files and videos a folder count includes. */
const MEDIA_NAME =
  /\.(jpe?g|jpe|png|tiff?|webp|avif|gif|heic|heif|hif|dng|cr2|cr3|crw|nef|nrw|arw|sr2|srf|raf|orf|rw2|pef|srw|3fr|iiq|mrw|x3f|erf|kdc|dcr|mef|mos|rwl|mp4|mov|3gp|3g2|m4v)$/i;

/** "~" and "~/…" are the user's home folder, as in a shell ("~other" is not expanded). */
export function expandHome(p: string, home = os.homedir()): string {
  const t = p.trim();
  if (t === '~') return home;
  if (t.startsWith('~/') || (path.sep === '\\' && t.startsWith('~\\'))) return path.join(home, t.slice(2));
  return t;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

/**
 * Whether a typed path can be imported, and how many files it brings. `relativeTo` is the folder a
 * relative path means (the CLI's working directory); without it a relative path is refused, since
 * the browser host's working directory means nothing to its user.
 */
export async function checkImportPath(input: string, opts: { relativeTo?: string; signal?: AbortSignal } = {}): Promise<PathCheck> {
  const expanded = expandHome(input);
  const fail = (reason: string, p = expanded): PathCheck => ({ input, path: p, ok: false, kind: null, files: null, reason });
  if (!expanded) return fail('empty path');
  if (/^~[^/\\]/.test(expanded)) return fail('give the full path ("~name" is not expanded)');
  if (!path.isAbsolute(expanded) && opts.relativeTo === undefined) return fail('give the full path (this one is relative)');
  const abs = path.resolve(opts.relativeTo ?? '/', expanded);
  let st: Stats;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    return fail(describeFsError(err), abs);
  }
  if (st.isFile()) {
    try {
      await fs.access(abs, fs.constants.R_OK);
    } catch (err) {
      return fail(describeFsError(err), abs);
    }
    // Decided by the contents, as the import itself decides (sniff.ts), not by the name.
    const found = await sniff(await readHead(abs), abs);
    if (found.kind === 'other') return fail(found.reason ?? 'not an image or video', abs);
    return { input, path: abs, ok: true, kind: 'file', files: 1, reason: null };
  }
  if (!st.isDirectory()) return fail(`not a file or folder (${kindOf(st)})`, abs);
  try {
    await fs.access(abs, fs.constants.R_OK | fs.constants.X_OK);
    await (await fs.opendir(abs)).close();
  } catch (err) {
    return fail(`cannot read folder: ${describeFsError(err)}`, abs);
  }
  const scan = await scanPaths([abs], opts.signal);
  // An estimate by name, so typing a path never reads thousands of files: the import itself decides
  // by content and lists every other file under Import problems.
  const files = scan.files.filter((f) => MEDIA_NAME.test(f.path)).length;
  return { input, path: abs, ok: true, kind: 'folder', files, reason: files === 0 ? 'no importable photos in this folder' : null };
}

/** Checks every root and refuses the whole import, naming each bad path, if any cannot be imported. */
export async function requireImportPaths(inputs: string[], opts: { relativeTo?: string } = {}): Promise<string[]> {
  const out: string[] = [];
  const bad: string[] = [];
  for (const input of inputs) {
    const c = await checkRoot(input, opts.relativeTo);
    if (c.ok) out.push(c.path);
    else bad.push(`${c.path}: ${c.reason}`);
  }
  if (bad.length) throw new InvalidRequestError(`Nothing was imported. ${bad.length === 1 ? 'This path cannot' : 'These paths cannot'} be imported: ${bad.join('; ')}.`);
  return out;
}

/** The cheap part of checkImportPath (no folder walk): the import walks the folder itself. */
async function checkRoot(input: string, relativeTo: string | undefined): Promise<PathCheck> {
  const expanded = expandHome(input);
  const fail = (reason: string, p = expanded): PathCheck => ({ input, path: p, ok: false, kind: null, files: null, reason });
  if (!expanded) return fail('empty path');
  if (!path.isAbsolute(expanded) && relativeTo === undefined) return fail('give the full path (this one is relative)');
  const abs = path.resolve(relativeTo ?? '/', expanded);
  let st: Stats;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    return fail(describeFsError(err), abs);
  }
  if (st.isFile()) return { input, path: abs, ok: true, kind: 'file', files: null, reason: null };
  if (!st.isDirectory()) return fail(`not a file or folder (${kindOf(st)})`, abs);
  try {
    await (await fs.opendir(abs)).close();
  } catch (err) {
    return fail(`cannot read folder: ${describeFsError(err)}`, abs);
  }
  return { input, path: abs, ok: true, kind: 'folder', files: null, reason: null };
}
