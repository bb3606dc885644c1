// Collections (albums and saved searches) across a restart, their history and events; the search
// index of an archive catalogued before search existed; term merges; and the command line's
// `search` and `export --query`.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiSchema, PhotoQuery, type ApiEvent, type ApiInput } from '../../shared/api';
import { openDatabase, readMigrations } from '../../electron/catalog/db';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const FILES = ['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg', 'Kodak_CX7530.jpg'];
const sessions: ArchiveSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function archiveWithPhotos(): Promise<{ dir: string; session: ArchiveSession; ids: Record<string, number> }> {
  const dir = tempDir();
  const session = new ArchiveSession(dir, { host: 'web' });
  sessions.push(session);
  await session.api.startImport({ paths: [copyFixtures(FILES.map((f) => path.join(CAMERAS, f)))], mode: 'reference' });
  await session.idle();
  const ids = Object.fromEntries((await session.api.listPhotos({})).map((p) => [p.fileName, p.id]));
  return { dir, session, ids };
}

const call = <M extends 'createCollection' | 'applyBatch'>(s: ArchiveSession, m: M, input: ApiInput<M>) =>
  (s.api[m] as (i: unknown) => Promise<unknown>)(apiSchema[m].input.parse(input));
const q = (input: Parameters<typeof PhotoQuery.parse>[0]) => PhotoQuery.parse(input);

describe('collections', () => {
  it('keeps albums and saved searches across close and reopen; a saved search re-runs', async () => {
    const { dir, session, ids } = await archiveWithPhotos();
    const events: ApiEvent[] = [];
    session.onEvent((e) => events.push(e));
    await call(session, 'applyBatch', { photoIds: [ids['Canon_40D.jpg']!], fields: { caption: 'Bridge at Irpin' } });
    const album = (await call(session, 'createCollection', { name: 'For the court', kind: 'album', photoIds: [ids['Nikon_D70.jpg']!] })) as { id: number };
    const saved = (await call(session, 'createCollection', { name: 'Irpin', kind: 'search', query: q({ text: 'irpin' }) })) as { id: number };
    await session.api.addToCollection({ id: album.id, photoIds: [ids['Pentax_K10D.jpg']!, ids['Nikon_D70.jpg']!] });
    await session.api.removeFromCollection({ id: album.id, photoIds: [ids['Nikon_D70.jpg']!] });
    await session.api.addToCollection({ id: album.id, photoIds: [ids['Kodak_CX7530.jpg']!] });
    await session.api.updateCollection({ id: album.id, name: 'For the court (final)' });
    expect(events.filter((e) => e.type === 'collections-changed')).toHaveLength(6);
    await session.close();
    sessions.splice(sessions.indexOf(session), 1);

    const reopened = new ArchiveSession(dir, { host: 'web' });
    sessions.push(reopened);
    const list = await reopened.api.listCollections({});
    expect(list.map((c) => [c.name, c.kind, c.count])).toEqual([
      ['For the court (final)', 'album', 2],
      ['Irpin', 'search', 1],
    ]);
    expect(list[1]!.query).toEqual(q({ text: 'irpin' }));
    const inAlbum = await reopened.api.searchPhotos(q({ collectionId: album.id }));
    expect(inAlbum.map((p) => p.fileName).sort()).toEqual(['Kodak_CX7530.jpg', 'Pentax_K10D.jpg']);
    // Albums combine with search and facets like any other selection.
    expect((await reopened.api.getFacets(q({ collectionId: album.id, text: 'pentax' }))).total).toBe(1);

    // The saved search finds what matches now, not what matched when it was saved.
    expect((await reopened.api.searchPhotos(q({ collectionId: saved.id }))).map((p) => p.fileName)).toEqual(['Canon_40D.jpg']);
    await call(reopened, 'applyBatch', { photoIds: [ids['Pentax_K10D.jpg']!], fields: { city: 'Irpin' } });
    expect((await reopened.api.searchPhotos(q({ collectionId: saved.id }))).map((p) => p.fileName).sort()).toEqual(['Canon_40D.jpg', 'Pentax_K10D.jpg']);
    expect((await reopened.api.listCollections({})).find((c) => c.id === saved.id)!.count).toBe(2);
    await reopened.api.updateCollection({ id: saved.id, query: q({ text: 'irpin', cameras: ['Canon EOS 40D'] }) });
    expect((await reopened.api.searchPhotos(q({ collectionId: saved.id }))).map((p) => p.fileName)).toEqual(['Canon_40D.jpg']);

    // Every change is in the history, with who made it.
    const history = await reopened.api.getHistory(apiSchema.getHistory.input.parse({}));
    expect(history.filter((h) => h.action.startsWith('collection.')).map((h) => h.action).reverse()).toEqual([
      'collection.create', 'collection.create', 'collection.add', 'collection.remove', 'collection.add', 'collection.update', 'collection.update',
    ]);

    expect(await reopened.api.deleteCollection({ id: album.id })).toEqual({ deleted: true });
    await expect(reopened.api.searchPhotos(q({ collectionId: album.id }))).rejects.toThrow(/^No collection with id \d+ in this archive\.$/);
    // Deleting an album deletes no photo.
    expect(await reopened.api.listPhotos({})).toHaveLength(4);
  });

  it('refuses what does not fit: photos in a saved search, a query on an album, unknown photos', async () => {
    const { session, ids } = await archiveWithPhotos();
    const album = (await call(session, 'createCollection', { name: 'A', kind: 'album' })) as { id: number };
    const saved = (await call(session, 'createCollection', { name: 'S', kind: 'search', query: q({}) })) as { id: number };
    await expect(session.api.addToCollection({ id: saved.id, photoIds: [ids['Nikon_D70.jpg']!] })).rejects.toThrow(/saved search/);
    await expect(session.api.updateCollection({ id: album.id, query: q({}) })).rejects.toThrow(/Only a saved search has a query/);
    await expect(call(session, 'createCollection', { name: 'S2', kind: 'search' })).rejects.toThrow(/needs a query/);
    await expect(session.api.addToCollection({ id: album.id, photoIds: [999_999] })).rejects.toThrow(/^No photo with id 999999 in this archive\.$/);
    await expect(session.api.updateCollection({ id: saved.id, query: q({ collectionId: saved.id }) })).rejects.toThrow(/within itself/);
    // Nothing half-done: the album is still empty.
    expect((await session.api.listCollections({})).find((c) => c.id === album.id)!.count).toBe(0);
  });
});

describe('search index upkeep', () => {
  it('indexes an archive catalogued before search existed, on its first search', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'catalog.sqlite'), readMigrations().filter((m) => m.version <= 3));
    db.prepare(
      `INSERT INTO photos (source_path, file_name, sha256, size, mtime_ms, status, imported_at, make, model) VALUES ('/old/IMG_1.jpg', 'IMG_1.jpg', ?, 1, 0, 'ok', '2021-01-01T00:00:00Z', 'Canon', 'Canon EOS 5D')`,
    ).run('a'.repeat(64));
    db.prepare("INSERT INTO photo_meta (photo_id, field, value) VALUES (1, 'caption', 'Старий архів, Khárkiv')").run();
    db.close();
    const session = new ArchiveSession(dir, { host: 'web' });
    sessions.push(session);
    expect((await session.api.searchPhotos(q({ text: 'старий kharkiv' }))).map((p) => p.fileName)).toEqual(['IMG_1.jpg']);
    expect((await session.api.getFacets(q({}))).cameras).toEqual([{ value: 'Canon EOS 5D', label: 'Canon EOS 5D', count: 1 }]);
  });

  it('follows a term merge', async () => {
    const { session, ids } = await archiveWithPhotos();
    const tag = await session.api.addTerm({ kind: 'tag', label: 'Khorogh', parentId: null, colour: null, shortcut: null });
    const into = await session.api.addTerm({ kind: 'tag', label: 'Khorog', parentId: null, colour: null, shortcut: null });
    await call(session, 'applyBatch', { photoIds: [ids['Nikon_D70.jpg']!], addTagIds: [tag.id] });
    expect((await session.api.getFacets(q({}))).tags.map((t) => [t.label, t.count])).toEqual([['Khorogh', 1]]);
    await session.api.mergeTerms({ fromId: tag.id, intoId: into.id });
    expect((await session.api.getFacets(q({}))).tags.map((t) => [t.label, t.count])).toEqual([['Khorog', 1]]);
    expect((await session.api.searchPhotos(q({ text: 'khorog', tagIds: [into.id] }))).map((p) => p.fileName)).toEqual(['Nikon_D70.jpg']);
    expect(await session.api.searchPhotos(q({ text: 'khorogh' }))).toEqual([]);
  });
});

const run = runCli;

describe('npm run archive -- search / export --query', () => {
  it('lists what a text search finds, and exports only those photos', async () => {
    const { dir, session, ids } = await archiveWithPhotos();
    await call(session, 'applyBatch', { photoIds: [ids['Canon_40D.jpg']!, ids['Pentax_K10D.jpg']!], fields: { event: 'Обстріл ринку' } });
    await session.close();
    sessions.splice(0);

    const json = await run('search', 'обстріл', '--archive', dir, '--json');
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ fileName: string }>).map((p) => p.fileName).sort()).toEqual(['Canon_40D.jpg', 'Pentax_K10D.jpg']);
    const text = await run('search', '"ринку"', 'pentax', '--archive', dir);
    expect(text.stdout).toBe(`${ids['Pentax_K10D.jpg']}\tPentax_K10D.jpg\t${(await photoTakenAt(dir, 'Pentax_K10D.jpg')) ?? ''}\n`);
    expect((await run('search', 'NEAR("', '--archive', dir)).code).toBe(0);

    const out = path.join(tempDir('export-'), 'found.csv');
    const exported = await run('export', 'csv', '--archive', dir, '--out', out, '--query', 'обстріл');
    expect(exported.code, exported.stderr).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv).toContain('Canon_40D.jpg');
    expect(csv).toContain('Pentax_K10D.jpg');
    expect(csv).not.toContain('Nikon_D70.jpg');
    expect(csv).not.toContain('Kodak_CX7530.jpg');

    const none = await run('export', 'csv', '--archive', dir, '--out', `${out}-none.csv`, '--query', 'nothing-matches-this');
    expect(none.code).toBe(5);
    expect(none.stderr).toMatch(/No photo matches --query "nothing-matches-this"; nothing exported\./);
    expect(fs.existsSync(`${out}-none.csv`)).toBe(false);
    expect((await run('export', 'csv', '--archive', dir, '--out', `${out}-both.csv`, '--query', 'x', '--ids', '1')).code).toBe(2);
  });
});

async function photoTakenAt(dir: string, fileName: string): Promise<string | null> {
  const s = new ArchiveSession(dir, { host: 'web' });
  try {
    return (await s.api.listPhotos({})).find((p) => p.fileName === fileName)!.takenAt;
  } finally {
    await s.close();
  }
}
