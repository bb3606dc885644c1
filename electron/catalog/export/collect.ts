// What every export format writes from: the chosen photos with their file and capture metadata,
// tags, regions and descriptive fields, term ids resolved to keys and labels.
import type { HistoryEntry, MetaFields, PhotoDetail, Region, ShareOptions, Term } from '../../../shared/api';
import { annotationsOf } from '../annotations';
import { derivedPath, existingDerivedPath, originalFile, type Archive } from '../archive';
import { NotFoundError } from '../errors';
import { getDetail, getRow } from '../photos';
import { correctedForExport } from '../clock';
import { listTerms } from '../vocabulary';
import { collectCollections, type ExportCollection } from './collections-data';
import { exportCustody, type ExportCustody } from '../custody/export-chain';
import { collectSites, type ExportSites } from './sites-data';

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
  /** When and by whom each photo tag (by term id) was last put on, from the history; absent when it does not say. */
  tagged: Map<number, { at: string; actor: string }>;
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
  /** The history chain's head and the exported entries' links (absent in hand-made test sets). */
  custody?: ExportCustody;
  /** The share profile's options when the set was made fit to share (profile.ts), else null: the full record. */
  share: ShareOptions | null;
  /** Sites and incidents of these photos (see sites-data.ts; absent in hand-made test sets). */
  sites?: ExportSites;
}

export function exportTerm(t: Term, byId: Map<number, Term>): ExportTerm {
  const parent = t.parentId === null ? undefined : byId.get(t.parentId);
  return { id: t.id, kind: t.kind, key: t.key, label: t.label, parentKey: parent?.key ?? null, parentLabel: parent?.label ?? null };
}

/** The latest history entry that put each tag on the photo (an add, its redo, or the undo of a removal). */
function taggedOf(db: Archive['db'], photoId: number, tagIds: number[]): Map<number, { at: string; actor: string }> {
  const out = new Map<number, { at: string; actor: string }>();
  if (tagIds.length === 0) return out;
  const rows = db
    .prepare("SELECT entity_id AS termId, at, actor FROM history WHERE photo_id = ? AND action IN ('tag.add', 'redo tag.add', 'undo tag.remove') ORDER BY id")
    .all(photoId) as Array<{ termId: number | null; at: string; actor: string }>;
  for (const r of rows) if (r.termId !== null && tagIds.includes(r.termId)) out.set(r.termId, { at: r.at, actor: r.actor });
  return out;
}

export function collectExport(archive: Archive, photoIds: number[] | null, history: (photoId: number | null) => HistoryEntry[]): ExportSet {
  const { db } = archive;
  const vocabulary = listTerms(db);
  const byId = new Map(vocabulary.map((t) => [t.id, t]));
  const term = (id: number) => exportTerm(byId.get(id)!, byId);
  // Withdrawn photos are in no export, whether asked for by id or not.
  const withdrawn = new Set((db.prepare('SELECT id FROM photos WHERE withdrawn_at IS NOT NULL').all() as Array<{ id: number }>).map((r) => r.id));
  const ids = (
    photoIds ??
    (db.prepare("SELECT id FROM photos WHERE status <> 'error' ORDER BY taken_sort IS NULL, taken_sort, file_name, id").all() as Array<{ id: number }>).map(
      (r) => r.id,
    )
  ).filter((id) => !withdrawn.has(id));
  const photos = ids.map((id): ExportPhoto => {
    const detail = getDetail(db, id);
    const row = getRow(db, id);
    if (!detail || !row || detail.status === 'error') throw new NotFoundError(`No photo with id ${id} in this archive.`);
    // Exports carry the corrected capture time; what the camera said stays in photo.clock.
    const photo = correctedForExport(detail);
    const a = annotationsOf(db, id);
    return {
      photo,
      originalPath: originalFile(archive.dir, row),
      thumbPath: photo.hasThumb && photo.sha256 ? derivedPath(archive.dir, 'thumbs', photo.sha256) : null,
      previewPath: photo.hasPreview && photo.sha256 ? existingDerivedPath(archive.dir, 'previews', photo.sha256) : null,
      tags: a.tagIds.map(term),
      regions: a.regions.map((r) => ({ ...r, class: r.classId === null ? null : term(r.classId), damage: r.damageIds.map(term) })),
      meta: a.meta,
      tagged: taggedOf(db, id, a.tagIds),
    };
  });
  const wanted = new Set(ids);
  const all = history(null).filter((h) => h.photoId === null || wanted.has(h.photoId));
  const collections = collectCollections(db, ids, photoIds === null);
  const custody = exportCustody(db, all.map((h) => h.id));
  const sites = collectSites(db, ids, photoIds === null);
  return { archiveDir: archive.dir, generatedAt: new Date().toISOString(), photos, vocabulary, history: all.reverse(), collections, custody, share: null, sites };
}
