// The annotation model through the API the renderer uses: vocabulary, regions, tags, metadata,
// batch edits, undo/redo and the append-only history, on a real archive.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Term } from '../../shared/api';
import { dispatch } from '../../electron/service/dispatch';
import { MAX_UNDO_STEPS } from '../../electron/catalog/edits';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';

let dir: string;
let session: ArchiveSession;
let photoIds: number[];
let terms: Term[];
const term = (key: string) => terms.find((t) => t.key === key)!;

beforeEach(async () => {
  dir = tempDir();
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.startImport({ paths: [copyFixtures(listJpegs(CAMERAS).slice(0, 5))], mode: 'reference' });
  await session.idle();
  photoIds = (await session.api.listPhotos({})).map((p) => p.id);
  terms = await session.api.getVocabulary({});
});
afterEach(() => session.close());

const rect = { type: 'rect' as const, x: 0.1, y: 0.2, w: 0.3, h: 0.25 };
const polygon = { type: 'polygon' as const, points: [[0.5, 0.5], [0.9, 0.52], [0.88, 0.9], [0.55, 0.85]] as Array<[number, number]> };

async function drawTwo(photoId: number) {
  const a = await session.api.createRegion({
    photoId, geometry: rect, classId: term('building.residential').id, damageIds: [term('damage.gunfire').id], severity: 3, confidence: 'certain', note: 'north façade',
  });
  const b = await session.api.createRegion({
    photoId, geometry: polygon, classId: term('vehicle.minibus').id, damageIds: [term('damage.fire').id], severity: 4, confidence: 'possible', note: '',
  });
  return [a, b];
}

describe('vocabulary', () => {
  it('is seeded with the default taxonomy', () => {
    expect(term('building').kind).toBe('class');
    expect(term('building.residential').parentId).toBe(term('building').id);
    expect(terms.filter((t) => t.parentId === term('vehicle').id).map((t) => t.key)).toContain('vehicle.minibus');
    expect(terms.filter((t) => t.kind === 'damage')).toHaveLength(10);
  });

  it('adds, renames, recolours, hides and merges terms; refuses clashing shortcuts', async () => {
    const khorog = await session.api.addTerm({ kind: 'tag', label: 'Khorog', parentId: null, colour: null, shortcut: 'k' });
    const khorogTypo = await session.api.addTerm({ kind: 'tag', label: 'Khorogh', parentId: null, colour: null, shortcut: null });
    await expect(session.api.addTerm({ kind: 'tag', label: 'Other', parentId: null, colour: null, shortcut: 'k' })).rejects.toThrow(/already the shortcut/);
    const renamed = await session.api.updateTerm({ id: khorog.id, label: 'Khorog (GBAO)', colour: '#112233' });
    expect(renamed).toMatchObject({ label: 'Khorog (GBAO)', colour: '#112233', shortcut: 'k' });

    await session.api.applyBatch({ photoIds: photoIds.slice(0, 2), addTagIds: [khorogTypo.id], removeTagIds: [], fields: {} });
    await session.api.applyBatch({ photoIds: [photoIds[1]!], addTagIds: [khorog.id], removeTagIds: [], fields: {} });
    expect(await session.api.mergeTerms({ fromId: khorogTypo.id, intoId: khorog.id })).toEqual({ moved: 1 });
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).tagIds).toEqual([khorog.id]);
    expect((await session.api.getAnnotations({ photoId: photoIds[1]! })).tagIds).toEqual([khorog.id]);
    const merged = (await session.api.getVocabulary({})).find((t) => t.id === khorogTypo.id)!;
    expect(merged).toMatchObject({ mergedInto: khorog.id, hidden: true });
    await expect(session.api.applyBatch({ photoIds: [photoIds[2]!], addTagIds: [khorogTypo.id], removeTagIds: [], fields: {} })).rejects.toThrow(/merged into/);
    // Steps recorded before the merge name the merged-away term; replaying them would bring it back.
    expect(await session.api.getUndoState({})).toMatchObject({ canUndo: false, canRedo: false });
  });

  it('refuses a second term of the same name and the photo view\'s own keys', async () => {
    await expect(session.api.addTerm({ kind: 'damage', label: 'gunfire (bullet holes, pock-marking)', parentId: null, colour: null, shortcut: null })).rejects.toThrow(
      /already exists/,
    );
    for (const key of ['r', 'p', 'n']) {
      const r = await dispatch(session.api, 'updateTerm', { id: term('damage.blast').id, shortcut: key });
      expect(r).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/photo view's own keys/) });
    }
  });

  it('exports as JSON and imports into another archive', async () => {
    await session.api.updateTerm({ id: term('damage.fire').id, label: 'Fire (burnt out)' });
    await session.api.addTerm({ kind: 'class', label: 'Kiosk', parentId: term('building').id, colour: null, shortcut: null });
    const file = await session.api.exportVocabulary({});
    const other = new ArchiveSession(tempDir(), { host: 'web' });
    try {
      const r = await dispatch(other.api, 'importVocabulary', JSON.parse(JSON.stringify({ vocabulary: file })));
      expect(r).toMatchObject({ ok: true, value: { added: 1 } });
      const v = await other.api.getVocabulary({});
      expect(v.find((t) => t.key === 'damage.fire')!.label).toBe('Fire (burnt out)');
      const kiosk = v.find((t) => t.label === 'Kiosk')!;
      expect(v.find((t) => t.id === kiosk.parentId)!.key).toBe('building');
    } finally {
      await other.close();
    }
  });
});

describe('regions', () => {
  it('stores rectangles and polygons with class, damage, severity, confidence and note, durably', async () => {
    const [a, b] = await drawTwo(photoIds[0]!);
    // Saved at once: a second connection (as after a crash) already sees both.
    const raw = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }).n).toBe(2);
    raw.close();
    await session.close();
    session = new ArchiveSession(dir, { host: 'web' });
    const back = await session.api.getAnnotations({ photoId: photoIds[0]! });
    expect(back.regions).toEqual([a, b]);
    expect(back.regions[0]).toMatchObject({ geometry: rect, severity: 3, confidence: 'certain', note: 'north façade' });
    expect(back.regions[1]!.geometry).toEqual(polygon);
  });

  it('refuses regions that do not fit the archive, with clear errors', async () => {
    const bad = async (payload: unknown) => dispatch(session.api, 'createRegion', payload);
    expect(await bad({ photoId: 999999, geometry: rect })).toMatchObject({ ok: false, status: 404 });
    expect(await bad({ photoId: photoIds[0], geometry: rect, classId: term('damage.fire').id })).toMatchObject({
      ok: false, status: 400, error: expect.stringMatching(/damage term and cannot be used as an object class/),
    });
    expect(await bad({ photoId: photoIds[0], geometry: { ...rect, x: 0.9 } })).toMatchObject({ ok: false, status: 400 });
    expect(await bad({ photoId: photoIds[0], geometry: { type: 'polygon', points: [[0, 0], [1, 1]] } })).toMatchObject({ ok: false, status: 400 });
    expect(await bad({ photoId: photoIds[0], geometry: rect, severity: 5 })).toMatchObject({ ok: false, status: 400 });
    expect(await dispatch(session.api, 'updateRegion', { id: 424242, note: 'x' })).toMatchObject({ ok: false, status: 404 });
  });

  it('undoes and redoes every edit, and records all of it in the history', async () => {
    await session.api.setSettings({ userName: 'A. Researcher' });
    const [a, b] = await drawTwo(photoIds[0]!);
    await session.api.updateRegion({ id: a!.id, severity: 4, damageIds: [term('damage.gunfire').id, term('damage.blast').id] });
    expect((await session.api.getUndoState({})).undoLabel).toMatch(/Change region/);

    await session.api.undo({}); // the update
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions[0]).toEqual(a);
    const undone = await session.api.undo({}); // the polygon
    expect(undone.undone).toMatch(/Add polygon region/);
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions.map((r) => r.id)).toEqual([a!.id]);
    await session.api.redo({});
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions.map((r) => r.id)).toEqual([a!.id, b!.id]);

    await session.api.deleteRegion({ id: a!.id });
    await session.api.undo({});
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions[0]).toEqual(a);

    // The photo's edits (its custody events, such as ingest, are covered in custody.test.ts).
    const history = (await session.api.getHistory({ photoId: photoIds[0]!, limit: 100 })).filter((h) => !h.action.startsWith('custody.'));
    expect(history.map((h) => h.action).reverse()).toEqual([
      'region.create', 'region.create', 'region.update', 'undo region.update', 'undo region.create', 'redo region.create', 'region.delete', 'undo region.delete',
    ]);
    expect(new Set(history.map((h) => h.actor))).toEqual(new Set(['A. Researcher']));
    const update = history.find((h) => h.action === 'region.update')!;
    expect(update.oldValue).toMatchObject({ severity: 3 });
    expect(update.newValue).toMatchObject({ severity: 4 });

    const raw = new Database(path.join(dir, 'catalog.sqlite'));
    expect(() => raw.prepare('UPDATE history SET actor = ?').run('someone else')).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM history').run()).toThrow(/append-only/);
    raw.close();
  });

  it('still undoes and redoes the last edits after the archive is closed and reopened', async () => {
    const [a] = await drawTwo(photoIds[0]!);
    await session.api.updateRegion({ id: a!.id, note: 'north façade, 3rd floor' });
    await session.api.undo({}); // the note: now on the redo stack
    await session.close();

    session = new ArchiveSession(dir, { host: 'web' });
    expect(await session.api.getUndoState({})).toEqual({ canUndo: true, canRedo: true, undoLabel: expect.stringMatching(/Add polygon region/), redoLabel: expect.stringMatching(/Change region/) });
    await session.api.redo({});
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions.find((r) => r.id === a!.id)!.note).toBe('north façade, 3rd floor');
    await session.api.undo({}); // the note again
    await session.api.undo({}); // the polygon
    await session.api.undo({}); // the rectangle
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions).toEqual([]);
    expect((await session.api.getUndoState({})).canUndo).toBe(false);
    await session.close();

    // A new edit after reopening forgets the redo steps, there too.
    session = new ArchiveSession(dir, { host: 'web' });
    expect((await session.api.getUndoState({})).redoLabel).toMatch(/Add rectangle region/);
    await session.api.redo({}); // the rectangle is back
    await session.api.applyBatch({ photoIds: [photoIds[1]!], addTagIds: [], removeTagIds: [], fields: { city: 'Khorog' } });
    await session.close();
    session = new ArchiveSession(dir, { host: 'web' });
    expect(await session.api.getUndoState({})).toMatchObject({ canUndo: true, canRedo: false });
    expect((await session.api.getAnnotations({ photoId: photoIds[0]! })).regions.map((r) => r.id)).toEqual([a!.id]);
  });
  it('keeps the last 1000 steps undoable, in memory and in the catalogue alike', async () => {
    const id = photoIds[0]!;
    for (let i = 1; i <= MAX_UNDO_STEPS + 3; i++) await session.api.applyBatch({ photoIds: [id], addTagIds: [], removeTagIds: [], fields: { event: `step ${i}` } });
    const raw = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    expect(raw.prepare("SELECT count(*) AS n FROM undo_steps WHERE stack = 'undo'").get()).toEqual({ n: MAX_UNDO_STEPS });
    raw.close();
    await session.close();
    session = new ArchiveSession(dir, { host: 'web' });
    let undone = 0;
    while ((await session.api.getUndoState({})).canUndo) {
      await session.api.undo({});
      undone++;
    }
    expect(undone).toBe(MAX_UNDO_STEPS);
    // The three oldest steps fell off the stack: undoing everything left ends at step 3's value.
    expect((await session.api.getAnnotations({ photoId: id })).meta.event).toBe('step 3');
  });

});

describe('tags, metadata and batches', () => {
  it('plans, applies, undoes and redoes a batch edit of three photos as one step', async () => {
    const three = photoIds.slice(0, 3);
    const protest = await session.api.addTerm({ kind: 'tag', label: 'protest', parentId: null, colour: null, shortcut: null });
    const change = { photoIds: three, addTagIds: [protest.id, term('damage.fire').id], removeTagIds: [], fields: { caption: 'Street fighting, May', city: 'Khorog' } };
    await session.api.applyBatch({ photoIds: [three[0]!], addTagIds: [], removeTagIds: [], fields: { city: 'Khorog' } });
    const plan = await session.api.planBatch(change);
    expect(plan).toEqual({ photos: 3, tagsAdded: 6, tagsRemoved: 0, fieldsChanged: { caption: 3, city: 2 } });
    expect((await session.api.getAnnotations({ photoId: three[1]! })).tagIds).toEqual([]); // planning changes nothing

    await session.api.applyBatch(change);
    for (const id of three) {
      const a = await session.api.getAnnotations({ photoId: id });
      expect(a.tagIds.sort()).toEqual([protest.id, term('damage.fire').id].sort());
      expect(a.meta).toMatchObject({ caption: 'Street fighting, May', city: 'Khorog' });
    }
    expect((await session.api.getAnnotations({ photoId: photoIds[3]! })).tagIds).toEqual([]);

    await session.api.undo({});
    for (const id of three) expect((await session.api.getAnnotations({ photoId: id })).tagIds).toEqual([]);
    expect((await session.api.getAnnotations({ photoId: three[0]! })).meta).toEqual({ city: 'Khorog' });
    await session.api.redo({});
    expect((await session.api.getAnnotations({ photoId: three[2]! })).meta.caption).toBe('Street fighting, May');
  });

  it('keeps values from the file visible beside the user\'s own, and checks coordinates', async () => {
    const blue = (await session.api.listPhotos({})).find((p) => p.fileName.startsWith('Canon_40D.jpg'));
    const id = blue?.id ?? photoIds[0]!;
    await session.api.applyBatch({ photoIds: [id], addTagIds: [], removeTagIds: [], fields: { title: 'Apartment block, Lenin St.', lat: ' 37.49 ', countryCode: 'tj' } });
    const a = await session.api.getAnnotations({ photoId: id });
    expect(a.meta).toEqual({ title: 'Apartment block, Lenin St.', lat: '37.49', countryCode: 'TJ' });
    expect(a.fromFile).toHaveProperty('caption');
    await expect(session.api.applyBatch({ photoIds: [id], addTagIds: [], removeTagIds: [], fields: { lon: '200' } })).rejects.toThrow(/Longitude must be a number/);
    await session.api.applyBatch({ photoIds: [id], addTagIds: [], removeTagIds: [], fields: { title: '' } });
    expect((await session.api.getAnnotations({ photoId: id })).meta.title).toBeUndefined();
  });
});
