// What every export format writes from: the chosen photos with their file and capture metadata,
// tags, regions and descriptive fields, term ids resolved to keys and labels.
import type { HistoryEntry, MetaFields, PhotoDetail, Region, ShareOptions, Term } from '../../../shared/api';
import { annotationsOf } from '../annotations';
import { derivedPath, originalFile, type Archive } from '../archive';
import { NotFoundError } from '../errors';
import { getDetail, getRow } from '../photos';
import { listTerms } from '../vocabulary';
import { collectCollections, type ExportCollection } from './collections-data';

export interface ExportTerm {
  id: number;
  kind: Term['kind'];
  key: string;
  label: string;
  /** The parent class's key and label, e.g. building for building.residential. */
  parentKey: string | null;
  parentLabel: string | null;
}

export interface ExportRegion extends Region {
  class: ExportTerm | null;
  damage: ExportTerm[];
}

export interface ExportPhoto {
  photo: PhotoDetail;
  /** The file holding the original bytes (the archive's copy, or the referenced file). */
  originalPath: string;
  thumbPath: string | null;
  previewPath: string | null;
  tags: ExportTerm[];
  regions: ExportRegion[];
  /** The user's descriptive fields (values from the file are in photo.fromFile). */
  meta: MetaFields;
}

export interface ExportSet {
  archiveDir: string;
  generatedAt: string;
  photos: ExportPhoto[];
  vocabulary: Term[];
  /** The history of the exported photos (and vocabulary changes), oldest first. */
  history: HistoryEntry[];
  /** Albums (members among the exported photos) and saved searches; see collections-data.ts. */
  collections: ExportCollection[];
  /** The share profile's options when the set was made fit to share (profile.ts), else null: the full record. */
  share: ShareOptions | null;
}

export function exportTerm(t: Term, byId: Map<number, Term>): ExportTerm {
  const parent = t.parentId === null ? undefined : byId.get(t.parentId);
  return { id: t.id, kind: t.kind, key: t.key, label: t.label, parentKey: parent?.key ?? null, parentLabel: parent?.label ?? null };
}

export function collectExport(archive: Archive, photoIds: number[] | null, history: (photoId: number | null) => HistoryEntry[]): ExportSet {
  const { db } = archive;
  const vocabulary = listTerms(db);
  const byId = new Map(vocabulary.map((t) => [t.id, t]));
  const term = (id: number) => exportTerm(byId.get(id)!, byId);
  const ids =
    photoIds ??
    (db.prepare("SELECT id FROM photos WHERE status <> 'error' ORDER BY taken_sort IS NULL, taken_sort, file_name, id").all() as Array<{ id: number }>).map(
      (r) => r.id,
    );
  const photos = ids.map((id): ExportPhoto => {
    const photo = getDetail(db, id);
    const row = getRow(db, id);
    if (!photo || !row || photo.status === 'error') throw new NotFoundError(`No photo with id ${id} in this archive.`);
    const a = annotationsOf(db, id);
    return {
      photo,
      originalPath: originalFile(archive.dir, row),
      thumbPath: photo.hasThumb && photo.sha256 ? derivedPath(archive.dir, 'thumbs', photo.sha256) : null,
      previewPath: photo.hasPreview && photo.sha256 ? derivedPath(archive.dir, 'previews', photo.sha256) : null,
      tags: a.tagIds.map(term),
      regions: a.regions.map((r) => ({ ...r, class: r.classId === null ? null : term(r.classId), damage: r.damageIds.map(term) })),
      meta: a.meta,
    };
  });
  const wanted = new Set(ids);
  const all = history(null).filter((h) => h.photoId === null || wanted.has(h.photoId));
  const collections = collectCollections(db, ids, photoIds === null);
  return { archiveDir: archive.dir, generatedAt: new Date().toISOString(), photos, vocabulary, history: all.reverse(), collections, share: null };
}
