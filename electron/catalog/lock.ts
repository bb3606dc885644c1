// One writer per archive. A process that may write (the app, the browser host, a CLI command that
// imports, relinks, backs up or restores) first creates `archive.lock` in the archive folder naming
// itself (pid, host, since, what it is); a second writer is refused with a message naming the holder.
// Readers (list, show, search, verify, export) open the catalogue read-only and take no lock.
//
// The lock file appears atomically with its content: it is written under a private temporary name
// and hard-linked into place (link() fails if the name exists). On file systems without hard links
// (FAT/exFAT memory sticks) it is created with O_EXCL and then written. A lock whose holder died
// (same host, pid gone) is taken over under a second O_EXCL file, after re-reading that the lock is
// still the dead one, so two processes cannot both take over the same stale lock.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'archive.lock';
const TAKEOVER_FILE = 'archive.lock.takeover';
/** A lock file without readable content (its writer died between create and write) counts as held this long. */
const UNREADABLE_GRACE_MS = 60_000;
/** A takeover marker older than this was left by a process that died while taking over. */
const TAKEOVER_GRACE_MS = 30_000;
const MAX_LOCK_BYTES = 4096;

export type LockKind = 'app' | 'web host' | 'cli';

export interface LockHolder {
  pid: number;
  hostname: string;
  since: string;
  kind: LockKind;
  /** What the holder is doing, e.g. "archive import-bag" or "npm run web". */
  command: string;
}

export class ArchiveLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `The archive ${dir} is open for writing by ${describeHolder(holder)}. Only one program may change an archive at a time: ` +
            `close it there first (reading commands such as list, show, search, verify and export still work). ` +
            `If that program is gone, the lock ${path.join(dir, LOCK_FILE)} is cleared automatically on this computer; ` +
            `from another computer, delete it only when you are sure.`
        : `The archive ${dir} is being opened for writing by another program right now (${path.join(dir, LOCK_FILE)}); try again in a minute.`,
    );
  }
}

export function describeHolder(h: LockHolder): string {
  const what = h.kind === 'app' ? 'the Damage Archive app' : h.kind === 'web host' ? 'the browser host (npm run web)' : `the command "${h.command}"`;
  return `${what} (process ${h.pid} on ${h.hostname}, since ${h.since})`;
}

export interface WriterLock {
  readonly holder: LockHolder;
  /** Gives the lock up (the file is removed when the last holder in this process releases it). */
  release(): void;
}

// One process may open its own archive more than once (a session reopening after a restore, tests):
// the lock is counted, and the file goes when the count reaches zero.
const held = new Map<string, { holder: LockHolder; count: number }>();

function lockPath(dir: string): string {
  return path.join(dir, LOCK_FILE);
}

function readHolder(file: string): { holder: LockHolder | null; raw: string; mtimeMs: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    const buf = Buffer.alloc(Math.min(MAX_LOCK_BYTES, st.isFile() ? st.size : 0));
    const n = buf.length ? fs.readSync(fd, buf, 0, buf.length, 0) : 0;
    const raw = buf.subarray(0, n).toString('utf8');
    let holder: LockHolder | null = null;
    try {
      const j = JSON.parse(raw) as Partial<LockHolder>;
      if (typeof j.pid === 'number' && typeof j.hostname === 'string' && typeof j.since === 'string') {
        holder = { pid: j.pid, hostname: j.hostname, since: j.since, kind: (j.kind as LockKind) ?? 'cli', command: String(j.command ?? '') };
      }
    } catch {
      holder = null;
    }
    return { holder, raw, mtimeMs: st.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** True when the lock's holder is certainly gone: same host and no such process (or unreadable for long). */
function isStale(found: { holder: LockHolder | null; mtimeMs: number }): boolean {
  if (!found.holder) return Date.now() - found.mtimeMs > UNREADABLE_GRACE_MS;
  if (found.holder.hostname !== os.hostname()) return false;
  if (found.holder.pid === process.pid) return false;
  return !processAlive(found.holder.pid);
}

function writeNew(file: string, content: string): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates the lock file holding `content`; false if it exists already. */
function tryCreate(dir: string, content: string): boolean {
  const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeNew(tmp, content);
  try {
    fs.linkSync(tmp, lockPath(dir));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // No hard links here: O_EXCL create, then write (a reader meanwhile sees an unreadable lock, counted as held).
  try {
    writeNew(lockPath(dir), content);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes a stale lock if it is still exactly the one found stale; false if someone else is at it. */
function takeOver(dir: string, stale: { raw: string }): boolean {
  const marker = path.join(dir, TAKEOVER_FILE);
  try {
    writeNew(marker, String(process.pid));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const st = fs.lstatSync(marker, { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > TAKEOVER_GRACE_MS) fs.rmSync(marker, { force: true });
    return false;
  }
  try {
    const again = readHolder(lockPath(dir));
    if (again && again.raw === stale.raw && isStale(again)) fs.rmSync(lockPath(dir), { force: true });
    return true;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

/** Takes the archive's writer lock or throws ArchiveLockedError naming who holds it. */
export function acquireWriterLock(archiveDir: string, who: { kind: LockKind; command: string }): WriterLock {
  const dir = path.resolve(archiveDir);
  const mine = held.get(dir);
  if (mine) {
    mine.count++;
    return handle(dir, mine.holder);
  }
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), since: new Date().toISOString(), kind: who.kind, command: who.command };
  const content = `${JSON.stringify(holder, null, 2)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(dir, content)) {
      held.set(dir, { holder, count: 1 });
      return handle(dir, holder);
    }
    const found = readHolder(lockPath(dir));
    if (!found) continue; // released meanwhile: try again
    if (!isStale(found)) throw new ArchiveLockedError(dir, found.holder);
    takeOver(dir, found);
  }
  throw new ArchiveLockedError(dir, readHolder(lockPath(dir))?.holder ?? null);
}

function handle(dir: string, holder: LockHolder): WriterLock {
  let released = false;
  return {
    holder,
    release: () => {
      if (released) return;
      released = true;
      const mine = held.get(dir);
      if (!mine || --mine.count > 0) return;
      held.delete(dir);
      removeIfOurs(dir, mine.holder);
    },
  };
}

function removeIfOurs(dir: string, holder: LockHolder): void {
  try {
    const found = readHolder(lockPath(dir));
    if (found?.holder && found.holder.pid === holder.pid && found.holder.since === holder.since && found.holder.hostname === holder.hostname) {
      fs.rmSync(lockPath(dir), { force: true });
    }
  } catch {
    // The folder went away (a removed memory stick): nothing left to release.
  }
}

/** The lock's holder, if any (for messages and tests). */
export function lockHolder(archiveDir: string): LockHolder | null {
  return readHolder(lockPath(path.resolve(archiveDir)))?.holder ?? null;
}

// A process that exits without closing its archive (process.exit after a command) leaves no lock behind.
process.once('exit', () => {
  for (const [dir, { holder }] of held) removeIfOurs(dir, holder);
  held.clear();
});
