// Issue 10, item 2: one writer per archive, with real processes. The browser host (npm run web) holds
// the archive's lock; a second writer (CLI import-bag, restore, backup, another web host) is refused
// with exit code 8 and a message naming the holder, while reading commands (list, show, search, verify,
// export) work beside it. When the holder is killed (SIGKILL: no chance to clean up), the next writer
// takes the stale lock over. And a region id is never silently overwritten.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/catalog/archive';
import { writeRegion, type RegionState } from '../../electron/catalog/annotations';
import { ConflictError } from '../../electron/catalog/errors';
import { acquireWriterLock, ArchiveLockedError, LOCK_FILE, lockHolder } from '../../electron/catalog/lock';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, PROJECT_ROOT, tempDir } from '../helpers/fixtures';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

const WEB_HOST = ['--import', 'tsx', 'tests/helpers/stand-in-web-host.ts'];

/** Starts the browser host on the archive in its own process and waits until it serves. */
function startWebHost(archive: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [...WEB_HOST, archive], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (out.includes('Open http')) resolve({ child, output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`the web host exited (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.on('exit', (code) => r(code)));
}

describe('one writer per archive', () => {
  it('refuses a second writer (exit 8, naming the holder), lets readers in, and takes over the lock of a killed holder', async () => {
    const archive = tempDir('lock-archive-');
    const photos = tempDir('lock-photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'a.jpg'));
    expect((await runCli('import', photos, '--archive', archive)).code).toBe(0);
    expect((await runCli('backup', '--archive', archive)).code).toBe(0);
    expect(fs.existsSync(path.join(archive, LOCK_FILE))).toBe(false);

    const host = await startWebHost(archive);
    const holder = lockHolder(archive);
    expect(holder).toMatchObject({ pid: host.child.pid, hostname: os.hostname(), kind: 'web host' });

    // Writers are refused, with the reason and the holder.
    for (const args of [['import', photos], ['import-bag', tempDir('no-bag-')], ['relink', photos], ['backup'], ['restore']]) {
      const r = await runCli(...args, '--archive', archive);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(8);
      expect(r.stderr).toMatch(new RegExp(`open for writing by the browser host \\(npm run web\\) \\(process ${host.child.pid} on `));
    }
    // A second browser host too (exit 8), and the app's session in this process.
    const second = spawn(process.execPath, [...WEB_HOST, archive], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    children.push(second);
    let secondErr = '';
    second.stderr.on('data', (d: Buffer) => (secondErr += d.toString()));
    expect(await exited(second)).toBe(8);
    expect(secondErr).toMatch(/Could not start: The archive .* is open for writing by the browser host/);
    expect(() => new ArchiveSession(archive, { host: 'electron' })).toThrow(ArchiveLockedError);

    // Readers work beside the writer.
    const list = await runCli('list', '--archive', archive, '--json');
    expect(list.code, list.stderr).toBe(0);
    const [photo] = JSON.parse(list.stdout) as Array<{ id: number }>;
    expect((await runCli('show', String(photo!.id), '--archive', archive)).code).toBe(0);
    expect((await runCli('search', 'a', '--archive', archive)).code).toBe(0);
    expect((await runCli('verify', '--archive', archive)).code).toBe(0);
    const out = path.join(tempDir('lock-export-'), 'photos.csv');
    expect((await runCli('export', 'csv', '--archive', archive, '--out', out)).code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(lockHolder(archive)?.pid).toBe(host.child.pid);

    // The holder dies without cleaning up: its lock stays, names a dead process, and is taken over.
    host.child.kill('SIGKILL');
    await exited(host.child);
    expect(lockHolder(archive)?.pid).toBe(host.child.pid);
    const restore = await runCli('restore', '--archive', archive);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Restored catalog-/);
    expect(fs.existsSync(path.join(archive, LOCK_FILE))).toBe(false);
    const after = await runCli('import', photos, '--archive', archive);
    expect(after.code, after.stderr).toBe(0);
    expect(fs.readdirSync(archive).filter((f) => f.startsWith(LOCK_FILE))).toEqual([]);
  }, 180_000);

  it('names the holder in the lock file and keeps in-process reopening (restore) under the same lock', () => {
    const archive = tempDir('lock-inproc-');
    const lock = acquireWriterLock(archive, { kind: 'cli', command: 'archive import' });
    const content = JSON.parse(fs.readFileSync(path.join(archive, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, hostname: os.hostname(), kind: 'cli', command: 'archive import' });
    expect(Date.parse(content.since as string)).not.toBeNaN();
    const a = openArchive(archive);
    a.close();
    expect(fs.existsSync(path.join(archive, LOCK_FILE))).toBe(true);
    lock.release();
    expect(fs.existsSync(path.join(archive, LOCK_FILE))).toBe(false);
    // A lock left by a process on another computer is never taken over.
    fs.writeFileSync(path.join(archive, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'field-laptop', since: '2026-01-01T00:00:00Z', kind: 'app', command: 'Damage Archive' }));
    expect(() => openArchive(archive)).toThrow(/open for writing by the Damage Archive app \(process 1 on field-laptop/);
    const ro = openArchive(archive, { readOnly: true });
    expect(() => ro.db.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run()).toThrow(/readonly/);
    ro.close();
  });

  it('never overwrites a region whose id is taken, and never "updates" one that is gone', async () => {
    const archive = tempDir('lock-ids-');
    const photos = tempDir('lock-ids-photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'a.jpg'));
    const session = new ArchiveSession(archive, { host: 'web' });
    try {
      await session.api.startImport({ paths: [photos], mode: 'copy' });
      await session.idle();
      const [p] = await session.api.listPhotos({});
      const mine = await session.api.createRegion({ photoId: p!.id, geometry: { type: 'rect', x: 0, y: 0, w: 0.5, h: 0.5 }, classId: null, damageIds: [], severity: null, confidence: null, note: 'mine' });
      const db = session.current.db;
      const other: RegionState = { ...mine, note: 'someone else' };
      expect(() => writeRegion(db, mine.id, other, 'new')).toThrow(ConflictError);
      expect(() => writeRegion(db, mine.id + 100, other, 'existing')).toThrow(ConflictError);
      expect((await session.api.getAnnotations({ photoId: p!.id })).regions.map((r) => r.note)).toEqual(['mine']);
      // The next region gets the next free id, allocated inside its edit's transaction.
      const next = await session.api.createRegion({ photoId: p!.id, geometry: { type: 'rect', x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, classId: null, damageIds: [], severity: null, confidence: null, note: 'next' });
      expect(next.id).toBe(mine.id + 1);
    } finally {
      await session.close();
    }
  });
});
