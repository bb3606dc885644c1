// data/annotations/archive.json in a bag: our own complete, versioned dump of what the exported
// photos carry (vocabulary, tags, regions, descriptive fields, history, collections), written by bagit.ts and
// read back by bag/import.ts to restore an archive. Terms are referred to by kind and key, never by
// the exporting archive's row ids, which mean nothing elsewhere.
import { z } from 'zod';
import { Confidence, ExportProfileName, Geometry, HistoryEntry, MetaFields, PartialDate, PhotoDetail, PhotoQuery, RedactKind, Severity, SiteKind, SitePrecision, TermKind } from '../../../shared/api';
import type { SharedCopyRecord } from './redact';
import type { ExportSet } from './collect';
import { ExportCustody } from '../custody/export-chain';

export const ARCHIVE_JSON_FORMAT = 'damage-archive-bag';
export const ARCHIVE_JSON_VERSION = 1;

// Keys are built from a parent key and a label of up to 200 characters, so they can be longer than one label.
const Key = z.string().min(1).max(2000);

export const BagTerm = z.object({
  kind: TermKind,
  key: Key,
  label: z.string().min(1).max(200),
  parentKey: Key.nullable(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).nullable(),
  shortcut: z.string().regex(/^[a-z0-9]$/).nullable(),
  hidden: z.boolean(),
  /** The key of the term this one was merged into (same kind), or null for a live term. */
  mergedIntoKey: Key.nullable(),
});

export const BagTermRef = z.object({ kind: TermKind, key: Key });

export const BagRegion = z.object({
  /** The region's id in the exporting archive (history entries name it). */
  id: z.number().int(),
  geometry: Geometry,
  classKey: Key.nullable(),
  damageKeys: z.array(Key).max(500),
  severity: Severity.nullable(),
  confidence: Confidence.nullable(),
  note: z.string().max(10_000),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Marked "redact" (absent in older bags). */
  redact: RedactKind.nullable().optional(),
  redactState: z.enum(['confirmed', 'suggested']).nullable().optional(),
});

/** A shared copy standing in for the original in a share bag (see export/redact.ts). */
export const BagSharedCopy = z.object({
  originalSha256: z.string().regex(/^[0-9a-f]{64}$/),
  method: z.enum(['blur', 'black']),
  redacted: z.array(z.object({ regionId: z.number().int(), kind: RedactKind, geometry: Geometry })).max(100_000),
  metadata: z.string(),
});

export const BagPhoto = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1),
  /** Where the original's bytes are in the bag, relative to the bag's top folder (data/originals/…). */
  payloadPath: z.string().min(1),
  size: z.number().int().nonnegative(),
  /** File and capture metadata as the exporting archive read it (its ids and paths are its own). */
  photo: PhotoDetail,
  tags: z.array(BagTermRef).max(10_000),
  regions: z.array(BagRegion).max(100_000),
  metadata: MetaFields,
  /** This photo's history in the exporting archive, oldest first. */
  history: z.array(HistoryEntry),
  /**
   * Set when the payload is a shared copy, not the original: sha256 and payloadPath are the copy's,
   * and this names the original's SHA-256 and the regions hidden. Absent in full bags and older bags.
   */
  sharedCopy: BagSharedCopy.optional(),
});

/**
 * A saved search's query made portable: terms by key (kind given by the field) and the collection it
 * searches within by name, instead of the exporting archive's ids.
 */
export const BagQuery = PhotoQuery.omit({ classIds: true, damageIds: true, tagIds: true, collectionId: true }).extend({
  classKeys: z.array(Key).max(500),
  damageKeys: z.array(Key).max(500),
  tagKeys: z.array(Key).max(500),
  collectionName: z.string().min(1).max(200).nullable(),
});

export const BagCollection = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['album', 'search']),
  createdAt: z.string(),
  /** A saved search's query; null for an album. */
  query: BagQuery.nullable(),
  /** An album's members among the bag's photos, by SHA-256; empty for a saved search. */
  photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(100_000),
});

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Uid = z.string().min(1).max(100);

/** A site with its links to the bag's photos (by SHA-256) and regions (by the exporting archive's region id). */
export const BagSite = z.object({
  uid: Uid,
  name: z.string().trim().min(1).max(200),
  kind: SiteKind,
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  precision: SitePrecision.nullable(),
  notes: z.string().max(10_000),
  createdAt: z.string().max(100),
  updatedAt: z.string().max(100),
  photos: z.array(Sha256).max(100_000),
  regions: z.array(z.object({ photo: Sha256, regionId: z.number().int() })).max(100_000),
}).refine((s) => (s.lat === null) === (s.lon === null), 'a site has both latitude and longitude, or neither');

export const BagIncident = z.object({
  uid: Uid,
  name: z.string().trim().min(1).max(200),
  startDate: PartialDate.nullable(),
  endDate: PartialDate.nullable(),
  description: z.string().max(10_000),
  createdAt: z.string().max(100),
  updatedAt: z.string().max(100),
  photos: z.array(Sha256).max(100_000),
});

export const ArchiveJson = z.object({
  format: z.literal(ARCHIVE_JSON_FORMAT),
  version: z.literal(ARCHIVE_JSON_VERSION),
  generator: z.string(),
  generatedAt: z.string(),
  /** full: the exporting archive's record; share: only what concerns these photos (absent in older bags). */
  profile: ExportProfileName.optional(),
  coordinates: z.string(),
  vocabulary: z.array(BagTerm).max(100_000),
  photos: z.array(BagPhoto),
  /** History entries not tied to one photo (vocabulary changes), oldest first. */
  history: z.array(HistoryEntry),
  /** Albums and saved searches (added after the first bags were made, so a bag may lack it). */
  collections: z.array(BagCollection).max(100_000).optional(),
  /** The history chain's head at export and the exported entries' links (bags from before the chain lack it). */
  custody: ExportCustody.optional(),
  /** Sites and incidents of these photos (bags from before sites lack them). */
  sites: z.array(BagSite).max(100_000).optional(),
  incidents: z.array(BagIncident).max(100_000).optional(),
});

export type BagTerm = z.infer<typeof BagTerm>;
export type BagRegion = z.infer<typeof BagRegion>;
export type BagPhoto = z.infer<typeof BagPhoto>;
export type ArchiveJson = z.infer<typeof ArchiveJson>;
export type BagQuery = z.infer<typeof BagQuery>;
export type BagCollection = z.infer<typeof BagCollection>;
export type BagSite = z.infer<typeof BagSite>;
export type BagIncident = z.infer<typeof BagIncident>;

export const COORDINATES_NOTE =
  'Region geometry is normalized (0..1) to the displayed image, that is after EXIF orientation is applied: x to the right and y down from the top-left corner of the upright picture.';

/** Builds archive.json from an export set; `payloadPathOf` says where each photo's original is in the bag. */
export function buildArchiveJson(
  set: ExportSet,
  payloadPathOf: (sha256: string) => string,
  generator: string,
  copies: ReadonlyMap<number, SharedCopyRecord> = new Map(),
): ArchiveJson {
  const byId = new Map(set.vocabulary.map((t) => [t.id, t]));
  const keyOf = (id: number | null) => (id === null ? null : (byId.get(id)?.key ?? null));
  const photoIds = new Set(set.photos.map((p) => p.photo.id));
  const shaOf = new Map(set.photos.map((p) => [p.photo.id, p.photo.sha256!]));
  const keysOf = (ids: number[]) => ids.map(keyOf).filter((k): k is string => k !== null);
  const bagSha = (id: number) => copies.get(id)?.sha256 ?? shaOf.get(id)!;
  return {
    format: ARCHIVE_JSON_FORMAT,
    version: ARCHIVE_JSON_VERSION,
    generator,
    generatedAt: set.generatedAt,
    profile: set.share ? 'share' : 'full',
    coordinates: COORDINATES_NOTE,
    vocabulary: set.vocabulary.map((t) => ({
      kind: t.kind,
      key: t.key,
      label: t.label,
      parentKey: keyOf(t.parentId),
      colour: t.colour,
      shortcut: t.shortcut,
      hidden: t.hidden,
      mergedIntoKey: keyOf(t.mergedInto),
    })),
    photos: set.photos.map((p) => {
      const copy = copies.get(p.photo.id);
      const sha256 = copy ? copy.sha256 : p.photo.sha256!;
      return {
        sha256,
        fileName: copy ? copy.fileName : p.photo.fileName,
        payloadPath: payloadPathOf(sha256),
        size: copy ? copy.size : p.photo.size,
        ...(copy ? { sharedCopy: { originalSha256: copy.originalSha256, method: copy.method, redacted: copy.redacted, metadata: copy.metadata } } : {}),
        photo: p.photo,
        tags: p.tags.map((t) => ({ kind: t.kind, key: t.key })),
        regions: p.regions.map((r) => ({
          id: r.id,
          geometry: r.geometry,
          classKey: r.class?.key ?? null,
          damageKeys: r.damage.map((d) => d.key),
          severity: r.severity,
          confidence: r.confidence,
          note: r.note,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          redact: r.redact,
          redactState: r.redactState,
        })),
        metadata: p.meta,
        history: set.history.filter((h) => h.photoId === p.photo.id),
      };
    }),
    history: set.history.filter((h) => h.photoId === null || !photoIds.has(h.photoId)),
    collections: set.collections.map((c) => {
      let query: BagQuery | null = null;
      if (c.query) {
        const { classIds, damageIds, tagIds, collectionId, ...rest } = c.query;
        void collectionId; // replaced by the name, which means something in another archive
        query = { ...rest, classKeys: keysOf(classIds), damageKeys: keysOf(damageIds), tagKeys: keysOf(tagIds), collectionName: c.withinName };
      }
      return { name: c.name, kind: c.kind, createdAt: c.createdAt, query, photos: c.photoIds.map((id) => shaOf.get(id)!) };
    }),
    ...(set.custody ? { custody: set.custody } : {}),
    // Photos by the SHA-256 the bag lists them under (a shared copy's, where one stands in), as the importer finds them.
    ...(set.sites
      ? {
          sites: set.sites.sites.map(({ id, photoIds: ids, regions, ...own }) => {
            void id; // the exporting archive's id means nothing elsewhere; uid does
            return { ...own, photos: ids.map(bagSha), regions: regions.map((r) => ({ photo: bagSha(r.photoId), regionId: r.regionId })) };
          }),
          incidents: set.sites.incidents.map(({ id, photoIds: ids, ...own }) => {
            void id;
            return { ...own, photos: ids.map(bagSha) };
          }),
        }
      : {}),
  };
}
