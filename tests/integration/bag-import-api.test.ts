// Importing a BagIt package through the API the app uses (startBagImport, as File > Import BagIt
// Package… and the Import dialog do): the job reports the bag's check, the import of its originals
// and the restoring of its annotations as 'import-progress', ends with one sentence, refreshes the
// views, refuses an invalid bag with its problems listed (nothing imported), and can be cancelled.
// Also: albums and saved searches travel in archive.json and come back (merged by name), and a bag
// made before they were written still imports.
import fs from 'node:fs';
import path from 'node:path';
import { safeFileName } from '../../electron/catalog/bag/safe-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQuery, type ApiEvent, type Collection, type ImportProgress, type PhotoQueryInput } from '../../shared/api';
import { ArchiveSession, ConflictError, InvalidRequestError } from '../../electron/service/session';
import { HOSTILE_NOTE, ODD_NAMES, bagArchive, exportBag, sha256File, snapshot, type BagArchive, asImportedFromBag } from '../helpers/bag-archive';
import { sealBag } from '../helpers/bag-build';
import { tempDir } from '../helpers/fixtures';

let a: BagArchive;
let bag: string;
let source: Awaited<ReturnType<typeof snapshot>>;
/** SHA-256 of the photos in each album of the source archive, by album name. */
let albums: Map<string, string[]>;
const open: ArchiveSession[] = [];

function fresh(): ArchiveSession {
  const s = new ArchiveSession(tempDir('bag-ui-target-'), { host: 'web' });
  open.push(s);
  return s;
}

/** Starts a bag import and waits for its end, collecting every event the session sent meanwhile. */
async function importThroughApi(
  session: ArchiveSession,
  dir: string,
  onProgress?: (p: ImportProgress, jobId: string) => void,
): Promise<{ last: ImportProgress; progress: ImportProgress[]; events: ApiEvent[] }> {
  const events: ApiEvent[] = [];
  let jobId = '';
  const stop = session.onEvent((e) => {
    events.push(e);
    if (e.type === 'import-progress' && jobId) onProgress?.(e.progress, jobId);
  });
  try {
    ({ jobId } = await session.api.startBagImport({ path: dir }));
    await session.idle();
  } finally {
    stop();
  }
  const progress = events.flatMap((e) => (e.type === 'import-progress' ? [e.progress] : []));
  expect(new Set(progress.map((p) => p.jobId))).toEqual(new Set([jobId]));
  return { last: progress.at(-1)!, progress, events };
}

async function shaOfPhotos(session: ArchiveSession, ids: number[]): Promise<string[]> {
  return (await Promise.all(ids.map(async (id) => (await session.api.getPhoto({ id })).sha256!))).sort();
}

/** session.api takes inputs as validated (defaults filled in), as the hosts pass them on. */
const q = (input: PhotoQueryInput) => PhotoQuery.parse(input);

async function albumShas(session: ArchiveSession, c: Collection): Promise<string[]> {
  const found = await session.api.searchPhotos(q({ collectionId: c.id }));
  return shaOfPhotos(session, found.map((p) => p.id));
}

/** A saved search's query with term ids as kind:key, so two archives' queries compare. */
async function portable(session: ArchiveSession, q: PhotoQuery) {
  const terms = new Map((await session.api.getVocabulary({})).map((t) => [t.id, `${t.kind}:${t.key}`]));
  const collections = new Map((await session.api.listCollections({})).map((c) => [c.id, c.name]));
  return {
    ...q,
    classIds: q.classIds.map((id) => terms.get(id)),
    damageIds: q.damageIds.map((id) => terms.get(id)),
    tagIds: q.tagIds.map((id) => terms.get(id)),
    collectionId: q.collectionId === null ? null : collections.get(q.collectionId),
  };
}

beforeAll(async () => {
  a = await bagArchive();
  const api = a.session.api;
  const photos = await api.listPhotos({});
  const terms = await api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key)!.id;
  const byName = (n: string) => photos.find((p) => p.fileName === n)!.id;
  // Two albums (one of them holding a photo twice over: added again later) and two saved searches, one within an album.
  const exhibit = await api.createCollection({ name: 'Exhibit A, "court"', kind: 'album', query: null, photoIds: [byName(ODD_NAMES.newline), byName(ODD_NAMES.cyrillic)] });
  await api.addToCollection({ id: exhibit.id, photoIds: [byName(ODD_NAMES.quotes)] });
  await api.createCollection({ name: 'Маріуполь', kind: 'album', query: null, photoIds: [byName(ODD_NAMES.newline)] });
  await api.createCollection({ name: 'Severe fire', kind: 'search', photoIds: [], query: q({ text: 'drama', damageIds: [term('damage.fire')], severities: [3, 4], sort: 'severity' }) });
  await api.createCollection({ name: 'Exhibit gunfire', kind: 'search', photoIds: [], query: q({ damageIds: [term('damage.gunfire')], collectionId: exhibit.id }) });
  albums = new Map();
  for (const c of await api.listCollections({})) if (c.kind === 'album') albums.set(c.name, await albumShas(a.session, c));
  source = await snapshot(a.session, { history: (h) => !h.action.startsWith('custody.') });
  bag = path.join(tempDir('bag-ui-'), 'khorog bag');
  const { last } = await exportBag(a.session, bag);
  expect(last.state).toBe('done');
}, 180_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await a?.close();
});

function tamperedCopy(): string {
  const dir = path.join(tempDir('bag-ui-bad-'), 'bag');
  fs.cpSync(bag, dir, { recursive: true });
  const f = path.join(dir, 'data', 'originals', ODD_NAMES.quotes);
  const bytes = fs.readFileSync(f);
  bytes.writeUInt8(bytes.readUInt8(1000) ^ 0xff, 1000);
  fs.writeFileSync(f, bytes);
  fs.rmSync(path.join(dir, 'data', 'xmp', `${ODD_NAMES.cyrillic}.xmp`));
  return dir;
}

describe('startBagImport', () => {
  it('imports a valid bag with progress through each stage, one closing sentence, and refreshed views', async () => {
    const target = fresh();
    const { last, progress, events } = await importThroughApi(target, bag);
    expect(last).toMatchObject({ state: 'done', imported: 7, failed: 0, bag: { path: bag, stage: 'restoring', problems: [] } });
    expect(last.message).toMatch(/^Imported 7 photos, 4 regions, \d+ tags, \d+ history entries and 4 collections from bag khorog bag\. 1 file name from the bag had to be made safe\.$/);
    // The bar had something to show at every stage: the bag's files counted, the originals, the restoring.
    const validating = progress.filter((p) => p.bag?.stage === 'validating');
    expect(validating.at(-1)).toMatchObject({ state: 'scanning' });
    expect(Math.max(...validating.map((p) => p.total))).toBeGreaterThanOrEqual(18); // 18 payload files (and the tag files)
    expect(progress.some((p) => p.bag?.stage === 'importing' && p.state === 'importing' && p.total === 7)).toBe(true);
    expect(progress.some((p) => p.bag?.stage === 'restoring' && p.state === 'previews')).toBe(true);
    // Only the bag job's own end says 'done' (not the end of its originals' import, before restoring).
    expect(progress.filter((p) => p.state === 'done')).toHaveLength(1);
    // The grid, facets, vocabulary, collections and open photos are told to read again, before the final message.
    const types = events.map((e) => e.type);
    const finalAt = types.lastIndexOf('import-progress');
    for (const t of ['archive-changed', 'vocabulary-changed', 'collections-changed'] as const) expect(types.indexOf(t), t).toBeGreaterThan(-1);
    expect(types.indexOf('archive-changed')).toBeLessThan(finalAt);
    const changed = events.find((e): e is Extract<ApiEvent, { type: 'annotations-changed' }> => e.type === 'annotations-changed');
    expect(changed?.photoIds).toHaveLength(7);

    // What the user then sees: the photos with their regions and captions, as in the source archive.
    const restored = await snapshot(target, { history: (h) => h.action !== 'bag.import' && !h.action.startsWith('custody.') && !h.description.includes('(from bag ') });
    expect(restored.photos).toEqual(asImportedFromBag(source).photos);
    expect(restored.vocabulary).toEqual(source.vocabulary);
    expect(restored.history).toEqual(source.history);
    const rotated = (await target.api.listPhotos({})).find((p) => p.fileName === safeFileName(ODD_NAMES.newline).name)!;
    const ann = await target.api.getAnnotations({ photoId: rotated.id });
    expect(ann.regions.map((r) => r.note)).toContain(HOSTILE_NOTE);
    expect(await target.api.getImportProgress({})).toBeNull();
  }, 120_000);

  it('brings back albums (same photos) and saved searches (same query, in terms of this archive)', async () => {
    const target = fresh();
    await importThroughApi(target, bag);
    const list = await target.api.listCollections({});
    expect(list.map((c) => [c.name, c.kind]).sort()).toEqual(
      [['Exhibit A, "court"', 'album'], ['Exhibit gunfire', 'search'], ['Severe fire', 'search'], ['Маріуполь', 'album']].sort(),
    );
    for (const c of list.filter((x) => x.kind === 'album')) expect(await albumShas(target, c), c.name).toEqual(albums.get(c.name));
    const sourceList = await a.session.api.listCollections({});
    for (const c of list.filter((x) => x.kind === 'search')) {
      const original = sourceList.find((s) => s.name === c.name)!;
      expect(await portable(target, c.query!), c.name).toEqual(await portable(a.session, original.query!));
      // And it finds the same photos.
      const here = await target.api.searchPhotos(c.query!);
      const there = await a.session.api.searchPhotos(original.query!);
      expect(await shaOfPhotos(target, here.map((p) => p.id))).toEqual(await shaOfPhotos(a.session, there.map((p) => p.id)));
      expect(here.length, c.name).toBeGreaterThan(0);
    }
    // Recorded as the collection API records them, by whoever imported.
    const notes = (await target.api.getHistory({ photoId: null, limit: 10_000 })).filter((h) => h.description.includes('(from bag khorog bag)'));
    expect(notes.map((h) => h.action).sort()).toEqual(['collection.create', 'collection.create', 'collection.create', 'collection.create']);
  }, 120_000);

  it('merges albums by name: an album here of the same name gets the bag photos added', async () => {
    const target = fresh();
    // This archive already has one of the bag's photos, in an album of the same name, and a saved search of the same name with another query.
    const known = await a.session.api.getPhoto({ id: (await a.session.api.listPhotos({})).find((p) => p.fileName === ODD_NAMES.cyrillic)!.id });
    const file = known.storedPath ? path.join(a.dir, known.storedPath) : known.sourcePath;
    await target.api.startImport({ paths: [file], mode: 'copy' });
    await target.idle();
    const [own] = await target.api.listPhotos({});
    const mine = await target.api.createCollection({ name: 'Маріуполь', kind: 'album', query: null, photoIds: [own!.id] });
    await target.api.createCollection({ name: 'Severe fire', kind: 'search', photoIds: [], query: q({ text: 'other' }) });

    const { last } = await importThroughApi(target, bag);
    expect(last.state).toBe('done');
    expect(last.message).toMatch(/1 photo was already in the archive\./);
    expect(last.message).toMatch(/A saved search named "Severe fire" already exists here with another query; it was kept/);
    const list = await target.api.listCollections({});
    expect(list.filter((c) => c.name === 'Маріуполь')).toHaveLength(1);
    expect(await albumShas(target, mine)).toEqual([...new Set([sha256File(file), ...albums.get('Маріуполь')!])].sort());
    expect(list.find((c) => c.name === 'Severe fire')!.query!.text).toBe('other');
    const add = (await target.api.getHistory({ photoId: null, limit: 10_000 })).find((h) => h.action === 'collection.add');
    expect(add).toMatchObject({ description: 'Add 1 photo to album "Маріуполь" (from bag khorog bag)' });

    // Again: nothing new, no second album or note.
    const again = await importThroughApi(target, bag);
    expect(again.last.message).toMatch(/^Imported 0 photos, 0 regions, 0 tags and 0 history entries from bag khorog bag\. 7 photos were already in the archive\./);
    expect((await target.api.listCollections({})).length).toBe(list.length);
  }, 120_000);

  it('refuses an invalid bag with each problem listed, and imports nothing', async () => {
    const target = fresh();
    const { last, events } = await importThroughApi(target, tamperedCopy());
    expect(last).toMatchObject({ state: 'failed', imported: 0, bag: { stage: 'validating' } });
    expect(last.message).toBe('The bag "bag" is not a valid BagIt package (5 problems); nothing was imported.');
    const problems = last.bag!.problems;
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^data\/originals\/it's "here", ok\.jpg: sha256 checksum does not match manifest-sha256\.txt/),
        `data/xmp/${ODD_NAMES.cyrillic}.xmp is listed in manifest-sha256.txt but missing from the bag.`,
        expect.stringMatching(/^Payload-Oxum says \d+ bytes in 19 files, but the payload has \d+ bytes in 18 files\.$/),
      ]),
    );
    expect(await target.api.listPhotos({})).toEqual([]);
    expect(await target.api.listCollections({})).toEqual([]);
    expect(events.some((e) => e.type === 'archive-changed')).toBe(false);
  }, 60_000);

  it('refuses at once a path that cannot be a bag, and a second import while one runs', async () => {
    const target = fresh();
    await expect(target.api.startBagImport({ path: 'relative/bag' })).rejects.toThrow(InvalidRequestError);
    await expect(target.api.startBagImport({ path: path.join(bag, 'nope') })).rejects.toThrow(/there is no such folder/);
    await expect(target.api.startBagImport({ path: path.join(bag, 'bagit.txt') })).rejects.toThrow(/it is a file; a BagIt package is a folder/);
    const { jobId } = await target.api.startBagImport({ path: bag });
    await expect(target.api.startBagImport({ path: bag })).rejects.toThrow(ConflictError);
    await expect(target.api.startImport({ paths: [bag], mode: 'copy' })).rejects.toThrow(ConflictError);
    await target.api.cancelImport({ jobId });
    expect(await target.idle()).toMatchObject({ state: 'cancelled' });
  }, 60_000);

  it('can be cancelled while its originals are imported: nothing is restored', async () => {
    const target = fresh();
    let cancelled = false;
    const { last } = await importThroughApi(target, bag, (p, jobId) => {
      if (!cancelled && p.bag?.stage === 'importing' && p.state === 'importing') {
        cancelled = true;
        void target.api.cancelImport({ jobId });
      }
    });
    expect(cancelled).toBe(true);
    expect(last.state).toBe('cancelled');
    expect(last.message).toMatch(/^Bag import cancelled: \d+ photos? imported, nothing restored\.$/);
    const photos = await target.api.listPhotos({});
    expect(photos.length).toBeLessThan(7);
    for (const p of photos) expect((await target.api.getAnnotations({ photoId: p.id })).regions).toEqual([]);
    expect(await target.api.listCollections({})).toEqual([]);
    expect((await target.api.getHistory({ photoId: null, limit: 100 })).filter((h) => h.action === 'bag.import')).toEqual([]);
  }, 60_000);

  it('can be cancelled while the bag is checked: nothing is imported', async () => {
    const target = fresh();
    let cancelled = false;
    const { last } = await importThroughApi(target, bag, (p, jobId) => {
      if (!cancelled && p.bag?.stage === 'validating') {
        cancelled = true;
        void target.api.cancelImport({ jobId });
      }
    });
    expect(last).toMatchObject({ state: 'cancelled', message: 'Bag import cancelled; nothing was imported.' });
    expect(await target.api.listPhotos({})).toEqual([]);
  }, 60_000);

  it('imports a bag made before collections were written (archive.json without them)', async () => {
    const dir = path.join(tempDir('bag-ui-old-'), 'old bag');
    fs.cpSync(bag, dir, { recursive: true });
    const file = path.join(dir, 'data', 'annotations', 'archive.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { collections?: unknown };
    expect(doc.collections).toHaveLength(4);
    delete doc.collections;
    fs.writeFileSync(file, JSON.stringify(doc));
    sealBag(dir, { algorithms: ['sha256', 'sha512'], tagAlgorithms: ['sha256'] });
    const target = fresh();
    const { last } = await importThroughApi(target, dir);
    expect(last.message).toMatch(/^Imported 7 photos, 4 regions, \d+ tags and \d+ history entries from bag old bag\.( 1 file name from the bag had to be made safe\.)?$/);
    expect(await target.api.listCollections({})).toEqual([]);
  }, 120_000);
});
