// Review workflow and sensitivity (issue 16) through the API the renderer uses and through the CLI:
// "annotated" comes by itself, statuses are undoable edits with who and when, a sealed photo's
// annotations refuse every write path (regions, tags, fields, batch, undo, term merge, raw SQL) with
// an error naming it, a batch leaves sealed photos unchanged and says so, unsealing needs a reason
// and is recorded, and the sensitive flag reaches the grid tile and the filters.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiSchema, PhotoQuery, type ImportProgress, type ReviewChange, type Term } from '../../shared/api';
import { Editor } from '../../electron/catalog/edits';
import { planReview } from '../../electron/catalog/review/changes';
import { dispatch } from '../../electron/service/dispatch';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let dir: string;
let session: ArchiveSession;
let ids: number[];
let names: Map<number, string>;
let terms: Term[];
const term = (key: string) => terms.find((t) => t.key === key)!;
const rect = { type: 'rect' as const, x: 0.1, y: 0.2, w: 0.3, h: 0.25 };
const review = (input: ReviewChange) => session.api.setReview(apiSchema.setReview.input.parse(input));
const call = (method: string, payload: unknown) => dispatch(session.api, method, payload);

beforeEach(async () => {
  dir = tempDir();
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.setSettings({ userName: 'Reviewer A' });
  const files = ['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg'].map((f) => path.join(CAMERAS, f));
  await session.api.startImport({ paths: [copyFixtures(files)], mode: 'reference' });
  await session.idle();
  const photos = await session.api.listPhotos({});
  ids = photos.map((p) => p.id);
  names = new Map(photos.map((p) => [p.id, p.fileName]));
  terms = await session.api.getVocabulary({});
});
afterEach(() => session.close());

describe('review status', () => {
  it('is "annotated" by itself once a photo has annotations, and set statuses keep who and when', async () => {
    const [a] = ids as [number];
    expect(await session.api.getReview({ photoId: a })).toMatchObject({ status: 'new', automatic: true, by: null, sensitive: false });
    await session.api.createRegion(apiSchema.createRegion.input.parse({ photoId: a, geometry: rect, classId: term('vehicle.car').id }));
    expect(await session.api.getReview({ photoId: a })).toMatchObject({ status: 'annotated', automatic: true });

    const summary = await review({ photoIds: [a], status: 'reviewed' });
    expect(summary).toMatchObject({ photos: 1, statusChanged: 1, unsealed: 0 });
    const r = await session.api.getReview({ photoId: a });
    expect(r).toMatchObject({ status: 'reviewed', automatic: false, by: 'Reviewer A' });
    expect(Date.parse(r.at!)).not.toBeNaN();
    const [entry] = await session.api.getHistory({ photoId: a, limit: 1 });
    expect(entry).toMatchObject({ action: 'review.status', actor: 'Reviewer A', lines: ['Status: new -> reviewed'] });
    expect(entry!.description).toBe(`Status: annotated -> reviewed on ${names.get(a)}`);
    expect((await session.api.getUndoState({})).undoLabel).toBe(`Status: annotated -> reviewed on ${names.get(a)}`);

    await session.api.undo({});
    expect(await session.api.getReview({ photoId: a })).toMatchObject({ status: 'annotated', automatic: true });
    await session.api.redo({});
    expect((await session.api.getReview({ photoId: a })).status).toBe('reviewed');
    // Filters: the status facet lists what choosing it shows.
    const reviewed = await session.api.searchPhotos(PhotoQuery.parse({ statuses: ['reviewed'] }));
    expect(reviewed.map((p) => p.id)).toEqual([a]);
    expect((await session.api.searchPhotos(PhotoQuery.parse({ statuses: ['new', 'annotated'] }))).map((p) => p.id).sort()).toEqual(ids.slice(1).sort());
  });

  it('a sealed photo refuses every edit of its annotations, naming it, until it is unsealed with a reason', async () => {
    const [a, b] = ids as [number, number];
    const region = await session.api.createRegion(apiSchema.createRegion.input.parse({ photoId: a, geometry: rect, classId: term('vehicle.car').id }));
    const stray = await session.api.addTerm({ kind: 'tag', label: 'stray', parentId: null, colour: null, shortcut: null });
    const keep = await session.api.addTerm({ kind: 'tag', label: 'keep', parentId: null, colour: null, shortcut: null });
    await session.api.applyBatch(apiSchema.applyBatch.input.parse({ photoIds: [a], addTagIds: [stray.id], fields: { title: 'Before the seal' } }));
    await review({ photoIds: [a], status: 'sealed' });
    const before = await session.api.getAnnotations({ photoId: a });
    const name = names.get(a)!;
    const sealedError = new RegExp(`^${name.replace('.', '\\.')} \\(photo ${a}\\) is sealed`);

    // Every write path of the API answers 409 with the photo's name, and changes nothing.
    const refusals: Array<[string, unknown]> = [
      ['createRegion', { photoId: a, geometry: rect }],
      ['updateRegion', { id: region.id, note: 'changed' }],
      ['updateRegion', { id: region.id, redact: 'face' }],
      ['deleteRegion', { id: region.id }],
      ['applyBatch', { photoIds: [a], addTagIds: [keep.id] }],
      ['applyBatch', { photoIds: [a], removeTagIds: [stray.id] }],
      ['applyBatch', { photoIds: [a], fields: { title: 'After the seal' } }],
    ];
    for (const [method, payload] of refusals) {
      const r = await call(method, payload);
      expect(r, `${method} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(sealedError) });
    }
    // A merge would rewrite the term stored in the sealed photo's tags: refused (a rename is not).
    expect(await call('mergeTerms', { fromId: stray.id, intoId: keep.id })).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/is sealed: merging "stray"/) });
    expect(await call('updateTerm', { id: stray.id, label: 'Stray (renamed)' })).toMatchObject({ ok: true });
    // The catalogue itself refuses, whatever code path would try.
    const raw = new Database(path.join(dir, 'catalog.sqlite'));
    try {
      expect(() => raw.prepare('INSERT INTO photo_tags (photo_id, term_id) VALUES (?, ?)').run(a, keep.id)).toThrow(/SEALED/);
      expect(() => raw.prepare('DELETE FROM regions WHERE photo_id = ?').run(a)).toThrow(/SEALED/);
      expect(() => raw.prepare("UPDATE photo_meta SET value = 'x' WHERE photo_id = ?").run(a)).toThrow(/SEALED/);
    } finally {
      raw.close();
    }
    expect(await session.api.getAnnotations({ photoId: a })).toEqual(before);

    // Not annotations: the sensitive flag and a near-duplicate decision are still allowed.
    expect(await review({ photoIds: [a], sensitive: true })).toMatchObject({ sensitiveChanged: 1 });
    expect(await call('decideSimilar', { a, b, verdict: 'different' })).toMatchObject({ ok: true });

    // Changing the status without a reason leaves it sealed and says so.
    expect(await review({ photoIds: [a], status: 'reviewed' })).toMatchObject({ statusChanged: 0, sealedKept: { count: 1, fileNames: [name] } });
    expect((await session.api.getReview({ photoId: a })).status).toBe('sealed');
    // With one, it is unsealed, and the reason is in the state and the history.
    expect(await review({ photoIds: [a], status: 'reviewed', unsealReason: 'Class was wrong: a van' })).toMatchObject({ statusChanged: 1, unsealed: 1 });
    expect(await session.api.getReview({ photoId: a })).toMatchObject({ status: 'reviewed', unsealReason: 'Class was wrong: a van', by: 'Reviewer A' });
    const [entry] = await session.api.getHistory({ photoId: a, limit: 1 });
    expect(entry!.description).toBe(`Unseal (Class was wrong: a van); Status: sealed -> reviewed on ${name}`);
    expect(entry!.lines).toEqual(['Status: sealed -> reviewed (unsealed: Class was wrong: a van)']);
    expect(await call('updateRegion', { id: region.id, classId: term('vehicle.van').id })).toMatchObject({ ok: true });

    // Undo goes back step by step: the region change, then the unseal (sealed again: edits refused).
    await session.api.undo({});
    await session.api.undo({});
    expect((await session.api.getReview({ photoId: a })).status).toBe('sealed');
    expect(await call('createRegion', { photoId: a, geometry: rect })).toMatchObject({ ok: false, status: 409 });
  });

  it('a batch over a selection with sealed photos leaves them unchanged and says so; all sealed is refused', async () => {
    const [a, b, c] = ids as [number, number, number];
    await review({ photoIds: [a], status: 'sealed' });
    const batch = apiSchema.applyBatch.input.parse({ photoIds: [a, b, c], addTagIds: [term('damage.fire').id], fields: { city: 'Kharkiv' } });
    const plan = await session.api.planBatch(batch);
    expect(plan).toMatchObject({ photos: 3, tagsAdded: 2, fieldsChanged: { city: 2 }, sealed: { count: 1, fileNames: [names.get(a)] } });
    await session.api.applyBatch(batch);
    expect((await session.api.getAnnotations({ photoId: a })).tagIds).toEqual([]);
    expect((await session.api.getAnnotations({ photoId: b })).meta.city).toBe('Kharkiv');
    expect((await session.api.getAnnotations({ photoId: c })).tagIds).toEqual([term('damage.fire').id]);
    expect(await call('applyBatch', { photoIds: [a], fields: { city: 'Kyiv' } })).toMatchObject({ ok: false, status: 409 });

    // Review statuses in batch: sealing two more; a status change over sealed photos keeps them sealed.
    expect(await review({ photoIds: [a, b, c], status: 'sealed' })).toMatchObject({ statusChanged: 2 });
    expect(await review({ photoIds: [a, b, c], status: 'reviewed' })).toMatchObject({ statusChanged: 0, sealedKept: { count: 3 } });
    // One step: one undo takes back the sealing of b and c together.
    await session.api.undo({});
    expect((await session.api.searchPhotos(PhotoQuery.parse({ statuses: ['sealed'] }))).map((p) => p.id)).toEqual([a]);
  });

  it('a bag import onto a photo sealed here leaves its annotations as they are and says so', async () => {
    const [a] = ids as [number];
    await session.api.applyBatch(apiSchema.applyBatch.input.parse({ photoIds: [a], addTagIds: [term('damage.fire').id], fields: { caption: 'from the field' } }));
    const bag = path.join(tempDir('review-bag-'), 'bag');
    await session.api.startExport(apiSchema.startExport.input.parse({ format: 'bagit', out: bag, photoIds: [a] }));
    await session.exportIdle();
    await session.api.applyBatch(apiSchema.applyBatch.input.parse({ photoIds: [a], removeTagIds: [term('damage.fire').id], fields: { caption: null } }));
    await review({ photoIds: [a], status: 'sealed' });
    const before = await session.api.getAnnotations({ photoId: a });
    const seen: ImportProgress[] = [];
    const stop = session.onEvent((e) => {
      if (e.type === 'import-progress') seen.push(e.progress);
    });
    await session.api.startBagImport({ path: bag });
    await session.idle();
    stop();
    const done = seen.at(-1);
    expect(done).toMatchObject({ state: 'done' });
    expect(done!.message).toContain(`${names.get(a)}: sealed in this archive; the bag's annotations for it were not applied`);
    expect(await session.api.getAnnotations({ photoId: a })).toEqual(before);
  });

  it('an undo that would change a sealed photo is refused and stays on the stack', async () => {
    const [a] = ids as [number];
    await session.api.applyBatch(apiSchema.applyBatch.input.parse({ photoIds: [a], fields: { caption: 'burnt van' } }));
    // Sealed by another editor (the CLI, say) while the app's undo step is still on its stack.
    const other = new Editor(session.current.db, () => 'CLI user');
    const { changes } = planReview(session.current.db, { photoIds: [a], status: 'sealed' }, 'CLI user');
    other.commit(changes, 'Seal');
    expect(await call('undo', {})).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/is sealed: "set Caption on .*" cannot be undone/) });
    expect((await session.api.getUndoState({})).canUndo).toBe(true);
    expect((await session.api.getAnnotations({ photoId: a })).meta.caption).toBe('burnt van');
  });

  it('the sensitive flag reaches the grid tile and the filters; "blur all" is a stored setting', async () => {
    const [a, b] = ids as [number, number];
    await review({ photoIds: [a, b], sensitive: true });
    const tiles = await session.api.searchPhotos(PhotoQuery.parse({}));
    expect(tiles.filter((t) => t.sensitive).map((t) => t.id).sort()).toEqual([a, b].sort());
    expect((await session.api.searchPhotos(PhotoQuery.parse({ flags: ['sensitive'] }))).length).toBe(2);
    const facets = await session.api.getFacets(PhotoQuery.parse({}));
    expect(facets.flags.find((f) => f.value === 'sensitive')).toMatchObject({ label: 'Sensitive', count: 2 });
    await review({ photoIds: [b], sensitive: false });
    const [entry] = await session.api.getHistory({ photoId: b, limit: 1 });
    expect(entry).toMatchObject({ description: `Unmark ${names.get(b)} sensitive`, lines: ['Sensitive: yes -> no'] });
    expect((await session.api.getSettings({})).blurAll).toBe(false);
    expect((await session.api.setSettings({ blurAll: true })).blurAll).toBe(true);
    await session.close();
    session = new ArchiveSession(dir, { host: 'web' });
    expect((await session.api.getSettings({})).blurAll).toBe(true);
  });
});

describe('review from the command line', () => {
  it('seals, refuses tag/untag/set/region on a sealed photo naming it, and unseals only with --reason', async () => {
    await session.close();
    const archive = path.join(tempDir('cli-'), 'archive');
    const photos = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'Nikon_D70.jpg')]);
    expect((await runCli('import', photos, '--archive', archive)).code).toBe(0);
    const list = JSON.parse((await runCli('list', '--archive', archive, '--json')).stdout) as Array<{ id: number; fileName: string }>;
    const canon = list.find((p) => p.fileName === 'Canon_40D.jpg')!.id;
    const nikon = list.find((p) => p.fileName === 'Nikon_D70.jpg')!.id;
    const as = ['--archive', archive, '--actor', 'Desk editor'];
    const region = JSON.parse((await runCli('region', 'add', String(canon), '--rect', '0.1,0.1,0.2,0.2', ...as, '--json')).stdout) as { id: number };

    const sealed = await runCli('review', String(canon), '--status', 'sealed', '--sensitive', 'yes', ...as);
    expect(sealed).toMatchObject({ code: 0, stdout: expect.stringMatching(/Status changed on 1, sensitive flag on 1 of 1 photo/) });
    for (const args of [
      ['tag', String(canon), 'damage.fire'],
      ['untag', String(canon), 'damage.fire'],
      ['set', String(canon), 'city', 'Kharkiv'],
      ['region', 'add', String(canon), '--rect', '0.5,0.5,0.1,0.1'],
      ['region', 'set', String(region.id), '--note', 'x'],
      ['region', 'delete', String(region.id)],
    ]) {
      const r = await runCli(...args, ...as);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`Canon_40D\\.jpg \\(photo ${canon}\\) is sealed`));
    }
    // Two photos, one sealed: the other is tagged, the sealed one named as left unchanged.
    const mixed = await runCli('tag', `${canon},${nikon}`, 'damage.fire', ...as);
    expect(mixed).toMatchObject({ code: 0, stdout: expect.stringMatching(/1 tag\(s\) added on 2 photo\(s\)\. Left unchanged, sealed: Canon_40D\.jpg\./) });

    const noReason = await runCli('review', String(canon), '--status', 'reviewed', ...as);
    expect(noReason).toMatchObject({ code: 1, stdout: expect.stringMatching(/kept their status \(Canon_40D\.jpg\): give --reason to unseal/) });
    expect((await runCli('review', String(canon), '--status', 'reviewed', '--reason', 'fix the note', ...as)).code).toBe(0);
    expect((await runCli('region', 'set', String(region.id), '--note', 'fixed', ...as)).code).toBe(0);
    const history = JSON.parse((await runCli('history', String(canon), '--archive', archive, '--json')).stdout) as Array<{ actor: string; action: string; description: string }>;
    expect(history.map((h) => h.description)).toEqual(
      expect.arrayContaining(['Status: annotated -> sealed on Canon_40D.jpg; Mark Canon_40D.jpg sensitive', 'Unseal (fix the note); Status: sealed -> reviewed on Canon_40D.jpg']),
    );
    expect(history.filter((h) => /^(review|region)\./.test(h.action)).every((h) => h.actor === 'Desk editor')).toBe(true);
    expect(fs.existsSync(path.join(archive, 'catalog.sqlite'))).toBe(true);
    // About twenty CLI processes, each starting Node and tsx.
  }, 600_000);
});
