// Collections: albums (photos put there by hand; a photo may be in many) and saved searches (a
// PhotoQuery, re-run whenever it is opened, so it always reflects the archive as it is now).
import { PhotoQuery, type Collection } from '../../../shared/api';
import type { Db } from '../db';
import { InvalidRequestError, NotFoundError } from '../errors';
import { countMatching } from './query';

interface CollectionRow {
  id: number;
  name: string;
  kind: Collection['kind'];
  query_json: string | null;
  created_at: string;
  members: number;
}

const SELECT = `SELECT c.id, c.name, c.kind, c.query_json, c.created_at,
  (SELECT count(*) FROM collection_photos m JOIN photos p ON p.id = m.photo_id WHERE m.collection_id = c.id AND p.status <> 'error') AS members
  FROM collections c`;

function toCollection(db: Db, r: CollectionRow): Collection {
  const query = r.query_json === null ? null : PhotoQuery.parse(JSON.parse(r.query_json));
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    query,
    // A saved search counts what it finds now; one that names a deleted album finds nothing.
    count: query ? safeCount(db, query) : r.members,
    createdAt: r.created_at,
  };
}

function safeCount(db: Db, q: PhotoQuery): number {
  try {
    return countMatching(db, q);
  } catch (err) {
    if (err instanceof NotFoundError) return 0;
    throw err;
  }
}

export function listCollections(db: Db): Collection[] {
  const rows = db.prepare(`${SELECT} ORDER BY c.name COLLATE NOCASE, c.id`).all() as CollectionRow[];
  return rows.map((r) => toCollection(db, r));
}

export function getCollection(db: Db, id: number): Collection {
  const r = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as CollectionRow | undefined;
  if (!r) throw new NotFoundError(`No collection with id ${id} in this archive.`);
  return toCollection(db, r);
}

function requirePhotos(db: Db, photoIds: number[]): number[] {
  const unique = [...new Set(photoIds)];
  if (unique.length === 0) return unique;
  const found = db
    .prepare("SELECT id FROM photos WHERE status <> 'error' AND id IN (SELECT value FROM json_each(?))")
    .pluck()
    .all(JSON.stringify(unique)) as number[];
  if (found.length !== unique.length) {
    const have = new Set(found);
    throw new NotFoundError(`No photo with id ${unique.find((id) => !have.has(id))} in this archive.`);
  }
  return unique;
}

function checkQuery(db: Db, query: PhotoQuery | null): void {
  if (query?.collectionId != null && !db.prepare('SELECT 1 FROM collections WHERE id = ?').get(query.collectionId)) {
    throw new NotFoundError(`No collection with id ${query.collectionId} in this archive.`);
  }
}

export function createCollection(db: Db, input: { name: string; kind: Collection['kind']; query: PhotoQuery | null; photoIds: number[] }): Collection {
  if (input.kind === 'search' && !input.query) throw new InvalidRequestError('A saved search needs a query.');
  if (input.kind === 'album' && input.query) throw new InvalidRequestError('An album holds photos, not a query; save the query as a saved search.');
  if (input.kind === 'search' && input.photoIds.length) throw new InvalidRequestError('A saved search finds its photos by its query; photos cannot be added to it.');
  checkQuery(db, input.query);
  const ids = requirePhotos(db, input.photoIds);
  const now = new Date().toISOString();
  const id = Number(
    db
      .prepare('INSERT INTO collections (name, kind, query_json, created_at) VALUES (?, ?, ?, ?)')
      .run(input.name, input.kind, input.query ? JSON.stringify(input.query) : null, now).lastInsertRowid,
  );
  addPhotos(db, id, ids, now);
  return getCollection(db, id);
}

export function updateCollection(db: Db, input: { id: number; name?: string; query?: PhotoQuery }): { before: Collection; after: Collection } {
  const before = getCollection(db, input.id);
  if (input.query && before.kind !== 'search') throw new InvalidRequestError('Only a saved search has a query; an album holds photos.');
  if (input.query?.collectionId === input.id) throw new InvalidRequestError('A saved search cannot search within itself.');
  if (input.query) checkQuery(db, input.query);
  if (input.name !== undefined) db.prepare('UPDATE collections SET name = ? WHERE id = ?').run(input.name, input.id);
  if (input.query) db.prepare('UPDATE collections SET query_json = ? WHERE id = ?').run(JSON.stringify(input.query), input.id);
  return { before, after: getCollection(db, input.id) };
}

export function deleteCollection(db: Db, id: number): Collection {
  const before = getCollection(db, id);
  db.prepare('DELETE FROM collections WHERE id = ?').run(id);
  return before;
}

function requireAlbum(db: Db, id: number): Collection {
  const c = getCollection(db, id);
  if (c.kind !== 'album') throw new InvalidRequestError(`"${c.name}" is a saved search: it finds its photos by its query, photos cannot be added or removed by hand.`);
  return c;
}

function addPhotos(db: Db, id: number, photoIds: number[], at: string): number {
  const add = db.prepare('INSERT OR IGNORE INTO collection_photos (collection_id, photo_id, added_at) VALUES (?, ?, ?)');
  let n = 0;
  for (const p of photoIds) n += add.run(id, p, at).changes;
  return n;
}

/** Adds photos to an album; returns the album and the ids that were not in it yet. */
export function addToCollection(db: Db, id: number, photoIds: number[]): { collection: Collection; added: number[] } {
  const album = requireAlbum(db, id);
  const ids = requirePhotos(db, photoIds);
  const had = new Set(db.prepare('SELECT photo_id FROM collection_photos WHERE collection_id = ?').pluck().all(id) as number[]);
  addPhotos(db, album.id, ids, new Date().toISOString());
  return { collection: getCollection(db, id), added: ids.filter((p) => !had.has(p)) };
}

/** Removes photos from an album (the photos themselves stay in the archive); returns those that were in it. */
export function removeFromCollection(db: Db, id: number, photoIds: number[]): { collection: Collection; removed: number[] } {
  requireAlbum(db, id);
  const ids = requirePhotos(db, photoIds);
  const del = db.prepare('DELETE FROM collection_photos WHERE collection_id = ? AND photo_id = ?');
  const removed = ids.filter((p) => del.run(id, p).changes > 0);
  return { collection: getCollection(db, id), removed };
}
