// Crash safety with real process kills: an import and a burst of annotation edits run in a child
// process, which is killed with SIGKILL part-way through (no chance to clean up). The archive must
// reopen sound, keep everything the app had confirmed, and a second import must finish the rest.
// Also: nothing the archive does (import, annotate) ever changes an original.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ARCHIVE_LAYOUT, derivedPath, openArchive } from '../../electron/catalog/archive';
import { readMigrations } from '../../electron/catalog/db';
import { runImport } from '../../electron/catalog/importer';
import { listAllRows } from '../../electron/catalog/photos';
import { verifyArchive } from '../../electron/catalog/verify';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, copyFixtures, listJpegs, sha256File, tempDir } from '../helpers/fixtures';

const catalogOf = (archiveDir: string) => path.join(archiveDir, ARCHIVE_LAYOUT.catalog);

/**
 * 60 distinct photos (every fixture, plus two with a byte appended) and 2 exact copies; with `large`,
 * also a 12-megapixel noise JPEG (7 MB), slow enough to copy and render that a kill can land in it.
 */
async function photoFolder(large = false): Promise<{ dir: string; distinct: number; copies: number }> {
  const dir = copyFixtures([...listJpegs(CAMERAS), ...listJpegs(ORIENTATION)]);
  if (large) {
    const [w, h] = [4000, 3000];
    await sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 80 }).toFile(path.join(dir, 'large noise.jpg'));
  }
  for (const name of ['Canon_40D.jpg', 'Nikon_D70.jpg']) {
    fs.writeFileSync(path.join(dir, `${name} (edited).jpg`), Buffer.concat([fs.readFileSync(path.join(CAMERAS, name)), Buffer.from('\n')]));
  }
  fs.copyFileSync(path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(dir, 'copy of gps__DSCN0010.jpg'));
  fs.copyFileSync(path.join(ORIENTATION, 'Portrait_3.jpg'), path.join(dir, 'copy of Portrait_3.jpg'));
  const distinct = new Set(fs.readdirSync(dir).map((f) => sha256File(path.join(dir, f)))).size;
  return { dir, distinct, copies: fs.readdirSync(dir).length - distinct };
}


function hashTree(dir: string): Map<string, { sha: string; mtimeMs: number; mode: number }> {
  return new Map(
    fs.readdirSync(dir).map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return [f, { sha: sha256File(path.join(dir, f)), mtimeMs: st.mtimeMs, mode: st.mode }];
    }),
  );
}

interface Child {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the exit signal (SIGKILL when we killed it) or code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onLine(fn: (line: string) => void): void;
}

function startDriver(script: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', `tests/helpers/${script}`, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const l of listeners) l(line);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code) console.error(stderr);
      resolve({ code, signal });
    }),
  );
  return { process: child, lines, exited, onLine: (fn) => listeners.push(fn) };
}

/**
 * Polls until `ready` says so: the archive folder, and the catalogue through a read-only connection
 * (as a second app would read it). Fails if the child finishes first (the kill point never came).
 */
async function waitFor(archiveDir: string, child: Child, ready: (db: Database.Database) => boolean): Promise<void> {
  let db: Database.Database | null = null;
  try {
    for (;;) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) throw new Error(`the child finished before the kill point:\n${child.lines.join('\n')}`);
      try {
        db ??= new Database(catalogOf(archiveDir), { readonly: true, fileMustExist: true });
        if (ready(db)) return;
      } catch {
        // not created yet, or its schema not yet there
      }
      await new Promise((res) => setTimeout(res, 2));
    }
  } finally {
    db?.close();
  }
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  const { signal } = await child.exited;
  // Killed, not finished: the kill really happened part-way through.
  expect(signal).toBe('SIGKILL');
}

/** Opens the catalogue as it was left, with nothing of ours in between, and checks it is sound. */
function checkSound(archiveDir: string): void {
  const db = new Database(catalogOf(archiveDir));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const latest = readMigrations().at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect((db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(latest);
    // Same tables, indexes and triggers as a new archive's.
    const fresh = openArchive(tempDir());
    const schema = (d: Database.Database) => d.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    try {
      expect(schema(db)).toEqual(schema(fresh.db));
    } finally {
      fresh.close();
    }
  } finally {
    db.close();
  }
}

function leftovers(archiveDir: string): string[] {
  const out: string[] = [];
  for (const sub of [ARCHIVE_LAYOUT.originals, ARCHIVE_LAYOUT.thumbs, ARCHIVE_LAYOUT.previews]) {
    const base = path.join(archiveDir, sub);
    if (!fs.existsSync(base)) continue;
    for (const f of fs.readdirSync(base, { recursive: true }) as string[]) if (/\.(partial|tmp)$/.test(f)) out.push(path.join(sub, f));
  }
  return out;
}

describe('an import killed with SIGKILL', () => {
  const scenarios: Array<{ mode: 'reference' | 'copy'; label: string; large?: boolean; ready: (db: Database.Database, archiveDir: string) => boolean }> = [
    { mode: 'reference', label: 'early, after 3 photos', ready: (db) => count(db) >= 3 },
    { mode: 'copy', label: 'half-way, after 30 photos', ready: (db) => count(db) >= 30 },
    {
      mode: 'copy',
      label: 'while rendering previews, after 5',
      ready: (db) => (db.prepare('SELECT count(*) AS n FROM photos WHERE has_preview = 1').get() as { n: number }).n >= 5,
    },
    // As soon as a copy or a derived image is seen half-written (most often the large photo's).
    { mode: 'copy', label: 'the moment a *.partial or *.tmp file exists', large: true, ready: (_db, archiveDir) => leftovers(archiveDir).length > 0 },
  ];

  for (const s of scenarios) {
    it(`(${s.mode} mode, ${s.label}) reopens sound and a second import finishes the rest`, async () => {
      const photos = await photoFolder(s.large);
      const archiveDir = tempDir();
      onTestFinished(() => {
        for (const d of [photos.dir, archiveDir]) fs.rmSync(d, { recursive: true, force: true });
      });
      // One file at a time, so there is a middle to kill in.
      const child = startDriver('crash-import.ts', [archiveDir, s.mode, photos.dir], { IMPORT_CONCURRENCY: '1' });
      await waitFor(archiveDir, child, (db) => s.ready(db, archiveDir));
      await kill(child);

      const left = leftovers(archiveDir);
      checkSound(archiveDir);
      const ro = new Database(catalogOf(archiveDir), { readonly: true });
      const atKill = count(ro);
      const state = (ro.prepare('SELECT state FROM imports ORDER BY id DESC LIMIT 1').get() as { state: string }).state;
      ro.close();
      console.log(`killed ${s.label} (${s.mode}): ${atKill} photos catalogued, import state "${state}", left behind: ${left.join(', ') || 'nothing'}`);
      expect(state).toBe('running'); // it never got to finish
      expect(atKill).toBeLessThanOrEqual(photos.distinct);

      // What a kill at the worst moments leaves (a copy not yet verified, a thumbnail and a preview not
      // yet renamed), planted here since a real kill lands there only by chance; named by the dead pid.
      const pid = child.process.pid!;
      const planted = [
        path.join(archiveDir, 'originals', 'ab', `${'ab'.padEnd(64, '0')}.jpg.${pid}.partial`),
        `${derivedPath(archiveDir, 'thumbs', 'cd'.padEnd(64, '1'))}.${pid}.7.tmp`,
        `${derivedPath(archiveDir, 'previews', 'ef'.padEnd(64, '2'))}.${pid}.tmp`,
      ];
      for (const f of planted) {
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, 'half-written');
      }

      const archive = openArchive(archiveDir);
      try {
        // Reopening says plainly that the killed import never finished.
        expect(archive.db.prepare('SELECT state FROM imports ORDER BY id DESC LIMIT 1').get()).toEqual({ state: 'interrupted' });
        const second = await runImport(archive, [photos.dir], { mode: s.mode });
        expect(second).toMatchObject({ state: 'done', failed: 0, previewsFailed: 0 });
        expect(second.imported + second.duplicates + second.skipped).toBe(photos.distinct + photos.copies);
        expect(second.skipped).toBeGreaterThanOrEqual(atKill);

        const rows = listAllRows(archive.db);
        expect(rows).toHaveLength(photos.distinct);
        expect(rows.filter((r) => r.status !== 'ok')).toEqual([]);
        expect(new Set(rows.map((r) => r.sha256)).size).toBe(photos.distinct);
        expect(new Set(rows.map((r) => r.source_path)).size).toBe(photos.distinct);
        const dups = archive.db.prepare('SELECT source_path FROM duplicates').all() as Array<{ source_path: string }>;
        expect(dups).toHaveLength(photos.copies);
        for (const r of rows) {
          expect(r.sha256).toBe(sha256File(r.source_path));
          expect(r.has_thumb === 1 && r.has_preview === 1, r.file_name).toBe(true);
          expect(fs.existsSync(derivedPath(archiveDir, 'thumbs', r.sha256!))).toBe(true);
          expect(fs.existsSync(derivedPath(archiveDir, 'previews', r.sha256!))).toBe(true);
          if (s.mode === 'copy') expect(sha256File(path.join(archiveDir, r.stored_path!))).toBe(r.sha256);
          else expect(r.stored_path).toBeNull();
        }
        expect(leftovers(archiveDir)).toEqual([]);
        expect(await verifyArchive(archive)).toMatchObject({ checked: photos.distinct, ok: photos.distinct, issues: [] });
        expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        archive.close();
      }
    });
  }
});

function count(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM photos WHERE status <> 'error'").get() as { n: number }).n;
}

describe('annotation edits killed with SIGKILL', () => {
  it('keeps every edit the app confirmed, across two kills at different points', async () => {
    const photosDir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(ORIENTATION, 'Landscape_6.jpg')]);
    const before = hashTree(photosDir);
    const archiveDir = tempDir();
    const setup = openArchive(archiveDir);
    await runImport(setup, [photosDir], { mode: 'reference' });
    setup.close();

    const confirmed: Array<{ n: number; kind: string; id: number; photoId: number }> = [];
    for (const [first, killAfter] of [
      [0, 5],
      [10_000, 60],
    ] as const) {
      const child = startDriver('crash-annotate.ts', [archiveDir, String(first), '100000']);
      const mine: typeof confirmed = [];
      await new Promise<void>((resolve, reject) => {
        child.onLine((line) => {
          const m = /^confirmed (\d+) (\w+) (\d+) (\d+)$/.exec(line);
          if (!m) return;
          mine.push({ n: Number(m[1]), kind: m[2]!, id: Number(m[3]), photoId: Number(m[4]) });
          if (mine.length === killAfter) resolve();
        });
        void child.exited.then(() => reject(new Error(`the editor exited before ${killAfter} edits:\n${child.lines.join('\n')}`)));
      });
      await kill(child);
      confirmed.push(...mine);

      checkSound(archiveDir);
      const db = new Database(catalogOf(archiveDir), { readonly: true });
      try {
        const saved = db.prepare("SELECT count(DISTINCT change_set) AS n FROM history WHERE new_json LIKE '%\"n=%'").get() as { n: number };
        console.log(`killed after ${mine.length} confirmed edits (n = ${first}…${first + mine.length - 1}); ${saved.n} edits saved in all so far (${confirmed.length} confirmed)`);
        const creates = confirmed.filter((c) => c.kind === 'create');
        const regions = (db.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }).n;
        expect(regions).toBeGreaterThanOrEqual(creates.length);
        for (const c of confirmed) {
          // Each edit is in the history, with its own marker in the new value…
          const inHistory = db.prepare('SELECT count(*) AS n FROM history WHERE new_json LIKE ?').get(`%"n=${c.n}"%`) as { n: number };
          expect(inHistory.n, `history of confirmed edit ${c.n} (${c.kind})`).toBeGreaterThanOrEqual(1);
          // …and in the current state, unless a later edit of the same thing replaced it.
          if (c.kind === 'create' || c.kind === 'update') {
            const region = db.prepare('SELECT photo_id, note FROM regions WHERE id = ?').get(c.id) as { photo_id: number; note: string } | undefined;
            expect(region, `region ${c.id} of confirmed edit ${c.n}`).toBeDefined();
            expect(region!.photo_id).toBe(c.photoId);
            expect(Number(region!.note.slice(2))).toBeGreaterThanOrEqual(c.n);
          } else {
            expect(db.prepare('SELECT 1 FROM photo_tags WHERE photo_id = ? AND term_id = ?').get(c.photoId, c.id), `tag of edit ${c.n}`).toBeDefined();
            const caption = db.prepare("SELECT value FROM photo_meta WHERE photo_id = ? AND field = 'caption'").get(c.photoId) as { value: string };
            expect(Number(caption.value.slice(2))).toBeGreaterThanOrEqual(c.n);
          }
        }
        // Every region has the history row that created it (nothing half-written).
        const orphans = db.prepare("SELECT id FROM regions WHERE id NOT IN (SELECT entity_id FROM history WHERE action = 'region.create')").all();
        expect(orphans).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(hashTree(photosDir)).toEqual(before);
  });
});

describe('originals', () => {
  for (const mode of ['reference', 'copy'] as const) {
    it(`are never changed by importing (${mode}) and annotating`, async () => {
      const photosDir = copyFixtures([...listJpegs(CAMERAS).slice(0, 8), path.join(ORIENTATION, 'Portrait_8.jpg')]);
      const before = hashTree(photosDir);
      const session = new ArchiveSession(tempDir(), { host: 'web' });
      try {
        await session.api.startImport({ paths: [photosDir], mode });
        expect(await session.idle()).toMatchObject({ state: 'done', imported: before.size, failed: 0 });
        const photos = await session.api.listPhotos({});
        const terms = await session.api.getVocabulary({});
        const id = (key: string) => terms.find((t) => t.key === key)!.id;
        for (const p of photos) {
          const region = await session.api.createRegion({
            photoId: p.id, geometry: { type: 'rect', x: 0.2, y: 0.2, w: 0.3, h: 0.3 }, classId: id('building.residential'),
            damageIds: [id('damage.gunfire')], severity: 2, confidence: 'possible', note: 'façade',
          });
          await session.api.updateRegion({ id: region.id, severity: 3 });
        }
        await session.api.applyBatch({
          photoIds: photos.map((p) => p.id), addTagIds: [id('damage.fire')], removeTagIds: [],
          fields: { caption: 'Shelled overnight', creator: 'Field team', lat: '48.5', lon: '37.75' },
        });
        await session.api.undo({});
        await session.api.redo({});

        const report = await verifyArchive(session.current);
        expect(report).toMatchObject({ checked: before.size, ok: before.size, issues: [] });
        expect(hashTree(photosDir)).toEqual(before); // bytes, modification time and permissions
        if (mode === 'copy') {
          for (const r of listAllRows(session.current.db)) expect(sha256File(path.join(session.current.dir, r.stored_path!))).toBe(before.get(r.file_name)!.sha);
        }
      } finally {
        session.close();
      }
    });
  }
});
