// Custody events per photo for each action, withdrawal (hides, survives restart, in no export,
// reinstates, undoable), clearing Import problems, readable history lines, the custody report, and
// no OS account name in anything exported once the user gave a name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PhotoQuery, type HistoryEntry, type PhotoQueryInput } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, copyFixtures, listJpegs, sha256File, tempDir } from '../helpers/fixtures';

const open: ArchiveSession[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function exportTo(session: ArchiveSession, format: 'bagit' | 'csv' | 'webanno' | 'coco' | 'xmp' | 'html', out: string, photoIds: number[] | null = null) {
  const done = new Promise<void>((resolve, reject) => {
    const off = session.onEvent((e) => {
      if (e.type === 'export-progress' && ['done', 'failed', 'cancelled'].includes(e.progress.state)) {
        off();
        if (e.progress.state === 'done') resolve();
        else reject(new Error(e.progress.message ?? e.progress.state));
      }
    });
  });
  await session.api.startExport({ format, out, photoIds, options: { bom: true, sourceOrganization: 'Test Org', contactName: '', externalDescription: '' } });
  await done;
}

const actions = (h: HistoryEntry[]) => h.map((e) => e.action);
const q = (x: PhotoQueryInput = {}) => PhotoQuery.parse(x);

describe('chain of custody', () => {
  it('records ingest, verify, export, relink, backup and withdrawal per photo, and withdrawal hides, survives restart and reinstates', async () => {
    const dir = tempDir();
    const photos = copyFixtures(listJpegs(CAMERAS).slice(0, 3));
    let session = new ArchiveSession(dir, { host: 'web' });
    open.push(session);
    await session.api.setSettings({ userName: 'Nadia Field' });
    await session.api.startImport({ paths: [photos], mode: 'reference' });
    await session.idle();
    const list = await session.api.listPhotos({});
    expect(list).toHaveLength(3);
    const [a, b, c] = list;

    // Ingest: where it came from and what it was.
    const ingest = (await session.api.getHistory({ photoId: a!.id, limit: 100 })).find((h) => h.action === 'custody.ingest')!;
    const detail = await session.api.getPhoto({ id: a!.id });
    const st = fs.statSync(detail.sourcePath);
    expect(ingest).toMatchObject({ actor: 'Nadia Field' });
    expect(ingest.newValue).toMatchObject({
      sourcePath: detail.sourcePath,
      size: st.size,
      mtime: new Date(st.mtimeMs).toISOString(),
      sha256: sha256File(detail.sourcePath),
      mode: 'reference',
      application: expect.stringMatching(/^damage-archive \d/),
    });

    // Verify from the app: per-photo result, chain intact.
    const v = await session.api.verifyArchive({});
    expect(v).toMatchObject({ checked: 3, ok: 3, issues: [], chain: { ok: true, firstBad: null } });
    expect((await session.api.getHistory({ photoId: b!.id, limit: 100 }))[0]).toMatchObject({ action: 'custody.verify', newValue: { result: 'unchanged' } });

    // Readable lines: a field change and a region change, regions named R-<id>.
    const terms = await session.api.getVocabulary({});
    const gunfire = terms.find((t) => t.key === 'damage.gunfire')!;
    const fire = terms.find((t) => t.key === 'damage.fire')!;
    await session.api.applyBatch({ photoIds: [a!.id], addTagIds: [], removeTagIds: [], fields: { countryCode: 'UA' } });
    await session.api.applyBatch({ photoIds: [a!.id], addTagIds: [], removeTagIds: [], fields: { countryCode: 'TJ' } });
    const r = await session.api.createRegion({ photoId: a!.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, classId: null, damageIds: [gunfire.id], severity: null, confidence: null, note: '' });
    await session.api.updateRegion({ id: r.id, damageIds: [gunfire.id, fire.id] });
    const lines = (await session.api.getHistory({ photoId: a!.id, limit: 100 })).flatMap((h) => h.lines ?? []);
    expect(lines).toContain('Country code: UA → TJ');
    expect(lines).toContain(`Region R-${r.id}: damage ${gunfire.label} → ${gunfire.label}, ${fire.label}`);

    // Export: per photo, with format, destination and hash; the bag carries the chain head.
    const bag = path.join(tempDir('out-'), 'bag');
    await exportTo(session, 'bagit', bag);
    const exp = (await session.api.getHistory({ photoId: c!.id, limit: 100 })).find((h) => h.action === 'custody.export')!;
    expect(exp.newValue).toMatchObject({ format: 'bagit', destination: bag, sha256: (await session.api.getPhoto({ id: c!.id })).sha256 });
    const archiveJson = JSON.parse(fs.readFileSync(path.join(bag, 'data/annotations/archive.json'), 'utf8'));
    expect(archiveJson.custody.chainHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toContain(`Damage-Archive-History-Chain-Head: ${archiveJson.custody.chainHead.hash}`);
    // Each exported link re-hashes on its own.
    const { createHash } = await import('node:crypto');
    for (const l of archiveJson.custody.links as Array<{ canonical: string; entryHash: string; prevHash: string }>) {
      expect(createHash('sha256').update(l.canonical, 'utf8').digest('hex')).toBe(l.entryHash);
      expect(JSON.parse(l.canonical)[1]).toBe(l.prevHash);
    }

    // No OS account name in what left the machine, once the user gave a name.
    const account = os.userInfo().username;
    const everything = fs
      .readdirSync(bag, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !/\.(jpe?g)$/i.test(e.name))
      .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    expect(everything).toContain('Nadia Field');
    expect(everything).not.toMatch(new RegExp(`(actor|creator|name)"?\\s*[:=]\\s*"?${account}"`));
    const csv = path.join(tempDir('out-'), 'p.csv');
    await exportTo(session, 'csv', csv);
    expect(fs.readFileSync(csv, 'utf8')).not.toMatch(new RegExp(`\\b${account}\\b`));
    const backup = await session.api.backupNow({});
    expect(actions(await session.api.getHistory({ photoId: null, limit: 5 }))).toContain('custody.backup');
    expect(backup.name).toMatch(/^catalog-/);

    // Withdraw b: preview, then the step; it leaves the grid, searches, facets and exports.
    expect(await session.api.planWithdraw({ photoIds: [b!.id, c!.id], withdraw: true })).toEqual({ changes: 2, unchanged: 0, failedEntries: 0 });
    expect(await session.api.withdrawPhotos({ photoIds: [b!.id], reason: 'Imported by mistake' })).toEqual({ changed: 1 });
    const visible = async (s: ArchiveSession) => (await s.api.searchPhotos(q())).map((p) => p.id);
    expect(await visible(session)).not.toContain(b!.id);
    expect((await session.api.listPhotos({})).map((p) => p.id)).not.toContain(b!.id);
    expect((await session.api.getFacets(q())).flags.find((f) => f.value === 'withdrawn')!.count).toBe(1);
    expect((await session.api.searchPhotos(q({ flags: ['withdrawn'] }))).map((p) => p.id)).toEqual([b!.id]);
    expect((await session.api.getArchiveInfo({})).photoCount).toBe(2);
    // Undo brings it back; redo withdraws again.
    await session.api.undo({});
    expect(await visible(session)).toContain(b!.id);
    await session.api.redo({});
    expect(await visible(session)).not.toContain(b!.id);
    // The original is untouched and the record stays.
    expect(fs.existsSync((await session.api.getPhoto({ id: b!.id })).sourcePath)).toBe(true);
    expect((await session.api.getPhoto({ id: b!.id })).withdrawn).toMatchObject({ reason: 'Imported by mistake' });

    // Survives restart; in no export, even when asked for by id.
    await session.close();
    open.pop();
    session = new ArchiveSession(dir, { host: 'web' });
    open.push(session);
    expect(await visible(session)).not.toContain(b!.id);
    const csv2 = path.join(tempDir('out-'), 'all.csv');
    await exportTo(session, 'csv', csv2);
    const text = fs.readFileSync(csv2, 'utf8');
    expect(text).not.toContain(b!.fileName === a!.fileName ? '\u0000' : b!.fileName);
    const bag2 = path.join(tempDir('out-'), 'bag2');
    await exportTo(session, 'bagit', bag2, [a!.id, b!.id]);
    const doc = JSON.parse(fs.readFileSync(path.join(bag2, 'data/annotations/archive.json'), 'utf8'));
    expect(doc.photos.map((p: { photo: { id: number } }) => p.photo.id)).toEqual([a!.id]);
    const w = (await session.api.getHistory({ photoId: b!.id, limit: 100 })).find((h) => h.action === 'photo.withdraw')!;
    expect(w).toMatchObject({ actor: 'Nadia Field' });
    expect(w.lines).toEqual(['Withdrawn: Imported by mistake']);

    // Reinstate.
    expect(await session.api.reinstatePhotos({ photoIds: [b!.id] })).toEqual({ changed: 1 });
    expect(await visible(session)).toContain(b!.id);

    // Custody report: events in order, chain result.
    const report = (await session.api.getCustodyReport({ photoIds: [b!.id] })) as { json: { chain: { ok: boolean }; photos: Array<{ events: Array<{ action: string; historyId: number }> }> }; html: string };
    expect(report.json.chain.ok).toBe(true);
    const evs = report.json.photos[0]!.events.map((e) => e.action);
    expect(evs[0]).toBe('custody.ingest');
    expect(evs).toEqual(expect.arrayContaining(['custody.verify', 'custody.export', 'photo.withdraw', 'photo.reinstate']));
    expect(report.html).toContain('Custody report');
    expect(report.html).not.toContain('<script');

    // Relink records old and new place with the hash.
    const moved = tempDir('moved-');
    const from = (await session.api.getPhoto({ id: c!.id })).sourcePath;
    fs.renameSync(from, path.join(moved, 'renamed.jpg'));
    await session.api.checkOriginals({});
    await session.api.relinkFolder({ folder: moved });
    const rl = (await session.api.getHistory({ photoId: c!.id, limit: 100 })).find((h) => h.action === 'photo.relink')!;
    expect(rl.description).toContain(`same SHA-256 ${(await session.api.getPhoto({ id: c!.id })).sha256}`);
    expect(rl).toMatchObject({ oldValue: from, newValue: path.join(moved, 'renamed.jpg') });
  }, 120_000);

  it('withdraws a failed entry and clears Import problems, recorded', async () => {
    const dir = tempDir();
    const photos = copyFixtures(listJpegs(CAMERAS).slice(0, 1));
    fs.writeFileSync(path.join(photos, 'broken.jpg'), 'not a jpeg at all');
    const session = new ArchiveSession(dir, { host: 'web' });
    open.push(session);
    await session.api.startImport({ paths: [photos], mode: 'reference' });
    await session.idle();
    expect((await session.api.listProblems({})).length).toBe(1);
    expect(await session.api.clearProblems({})).toEqual({ cleared: 1 });
    expect(await session.api.listProblems({})).toEqual([]);
    expect((await session.api.getArchiveInfo({})).problemCount).toBe(0);
    const failed = await session.api.searchPhotos(q({ flags: ['withdrawn'] }));
    expect(failed.map((p) => p.status)).toEqual(['error']);
    expect(actions(await session.api.getHistory({ photoId: null, limit: 10 }))).toContain('problems.clear');
  });

  it('the CLI verify records a result per photo and the custody command prints the report', async () => {
    const dir = tempDir();
    const photos = copyFixtures(listJpegs(CAMERAS).slice(0, 2));
    const imp = await runCli('import', photos, '--archive', dir);
    expect(imp.code).toBe(0);
    const out = tempDir('report-');
    const r = await runCli('custody', '1', '2', '--archive', dir, '--out', path.join(out, 'custody'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'custody.json'), 'utf8'));
    expect(json.photos.map((p: { id: number }) => p.id)).toEqual([1, 2]);
    expect(json.photos[0].events[0].action).toBe('custody.ingest');
    expect(fs.readFileSync(path.join(out, 'custody.html'), 'utf8')).toContain('History chain intact');
  }, 120_000);
});
