// The collections that travel with an export (so far only the BagIt package's archive.json carries
// them): albums with their members among the exported photos, and saved searches with their query.
// A whole-archive export takes every collection, empty albums too; a selection takes the albums
// holding at least one of its photos, and every saved search (a query names no photo).
import { PhotoQuery, type Collection } from '../../../shared/api';
import type { Db } from '../db';
import { searchIds } from '../search/query';

export interface ExportCollection {
  name: string;
  kind: Collection['kind'];
  createdAt: string;
  /** A saved search's query as stored (term and collection ids of this archive), else null. */
  query: PhotoQuery | null;
  /** The name of the collection a saved search searches within (its query's collectionId), else null. */
  withinName: string | null;
  /** An album's members among the exported photos, in the order they were added. */
  photoIds: number[];
  /** A saved search: how many of the exported photos it finds today (a share export keeps only those finding some). */
  finds: number;
}

interface Row {
  id: number;
  name: string;
  kind: Collection['kind'];
  query_json: string | null;
  created_at: string;
}

export function collectCollections(db: Db, photoIds: number[], wholeArchive: boolean): ExportCollection[] {
  const rows = db.prepare('SELECT id, name, kind, query_json, created_at FROM collections ORDER BY id').all() as Row[];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const exported = new Set(photoIds);
  const members = db.prepare('SELECT photo_id FROM collection_photos WHERE collection_id = ? ORDER BY added_at, photo_id').pluck();
  const out: ExportCollection[] = [];
  for (const r of rows) {
    const query = r.query_json === null ? null : PhotoQuery.parse(JSON.parse(r.query_json));
    const ids = r.kind === 'album' ? (members.all(r.id) as number[]).filter((id) => exported.has(id)) : [];
    let finds = 0;
    if (query) {
      try {
        finds = searchIds(db, query).filter((id) => exported.has(id)).length;
      } catch {
        finds = 0; // a query that no longer runs (a deleted term) finds nothing
      }
    }
    if (r.kind === 'album' && ids.length === 0 && !wholeArchive) continue;
    out.push({
      name: r.name,
      kind: r.kind,
      createdAt: r.created_at,
      query,
      withinName: query?.collectionId != null ? (names.get(query.collectionId) ?? null) : null,
      photoIds: ids,
      finds,
    });
  }
  return out;
}
