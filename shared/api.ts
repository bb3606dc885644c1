// The one API contract between the renderer and whichever host runs the core (Electron IPC or the
// loopback browser host over HTTP). Every type the two sides exchange is derived from these schemas.
import { z } from 'zod';
import { RESERVED_SHORTCUTS } from './taxonomy';

export const PhotoId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const JobId = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const PhotoStatus = z.enum(['ok', 'no-preview', 'error']);
export const ImportMode = z.enum(['copy', 'reference']);
/** Review workflow (electron/catalog/review/): a sealed photo's annotations are read-only until unsealed. */
export const ReviewStatus = z.enum(['new', 'annotated', 'reviewed', 'sealed']);

/** What the grid needs for one tile: small, because the grid lists the whole archive. */
export const PhotoSummary = z.object({
  id: PhotoId,
  fileName: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: z.string().nullable(),
  status: PhotoStatus,
  hasThumb: z.boolean(),
  /** The original is not where the archive last found it (moved, renamed, drive unplugged). */
  missing: z.boolean(),
  /** Present for videos (shown as video tiles); absent for photos. */
  mediaKind: z.literal('video').optional(),
  /** Marked sensitive (graphic content): shown blurred until clicked. */
  sensitive: z.literal(true).optional(),
  /** Present when the camera's clock was corrected: the corrected local time (ISO), which the grid shows. */
  correctedAt: z.string().optional(),
});

export const CaptureTime = z.object({
  /** Exactly as written in the file, e.g. "2008:10:22 16:28:39". */
  raw: z.string(),
  subSec: z.string().nullable(),
  offset: z.string().nullable(),
  /** The tag it was read from, e.g. "EXIF DateTimeOriginal". */
  source: z.string(),
  /** UTC instant, only when the file states its offset; null otherwise (local time of unknown zone). */
  utc: z.string().nullable(),
});

export const Gps = z.object({
  lat: z.number(),
  lon: z.number(),
  alt: z.number().nullable(),
  time: z.string().nullable(),
  direction: z.number().nullable(),
});

export const FileDescriptive = z.object({
  title: z.string().nullable(),
  caption: z.string().nullable(),
  creator: z.string().nullable(),
  credit: z.string().nullable(),
  copyright: z.string().nullable(),
  keywords: z.array(z.string()),
});

/** A camera clock correction (electron/catalog/clock.ts): capture stays what the file says; this is the corrected time. */
export const ClockCorrection = z.object({
  /** Cumulative, relative to the time the file states. */
  offsetSeconds: z.number().int(),
  /** e.g. "+1 h 03 min". */
  offsetText: z.string(),
  setBy: z.string(),
  setAt: z.string(),
  /** What the camera said, as a local ISO time ("2008-10-22T16:28:39"). */
  cameraLocal: z.string(),
  /** The corrected local time, and UTC instant when the file states its offset. */
  local: z.string(),
  utc: z.string().nullable(),
});

export const PhotoDetail = PhotoSummary.extend({
  /** Null or absent: no clock correction. In exports, capture holds the corrected time and this what the camera said. */
  clock: ClockCorrection.nullable().optional(),
  /** Set while the photo is withdrawn (out of the grid, searches and exports; record kept). */
  withdrawn: z.object({ at: z.string(), reason: z.string() }).nullable().optional(),
  sourcePath: z.string(),
  storedPath: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().int(),
  format: z.string().nullable(),
  orientation: z.number().int().nullable(),
  error: z.string().nullable(),
  capture: CaptureTime.nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  lens: z.string().nullable(),
  bodySerial: z.string().nullable(),
  lensSerial: z.string().nullable(),
  software: z.string().nullable(),
  imageUniqueId: z.string().nullable(),
  gps: Gps.nullable(),
  fromFile: FileDescriptive,
  hasPreview: z.boolean(),
  importedAt: z.string(),
  /** What was wrong with a file catalogued although it could only partly be read. */
  warning: z.string().nullable().optional(),
  /** Length of a video in seconds. */
  durationSeconds: z.number().nullable().optional(),
});

export const ImportProblem = z.object({
  /** error: not imported; duplicate: same bytes as a catalogued photo; sidecar: imported, its XMP sidecar not used;
   * other: a file in an imported folder that is not an image or video (listed, never catalogued). */
  kind: z.enum(['error', 'duplicate', 'sidecar', 'other']),
  path: z.string(),
  reason: z.string(),
  photoId: PhotoId.nullable(),
  at: z.string(),
});

export const ImportProgress = z.object({
  jobId: JobId,
  /** scanning -> importing (hash, metadata, grid thumbnail: photos appear) -> previews -> done. */
  state: z.enum(['scanning', 'importing', 'previews', 'done', 'cancelled', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  previewsTotal: z.number().int(),
  previewsDone: z.number().int(),
  previewsFailed: z.number().int(),
  currentFile: z.string().nullable(),
  etaSeconds: z.number().nullable(),
  message: z.string().nullable(),
  /** Set when the job imports a BagIt package (startBagImport); absent for an import of photos. */
  bag: z
    .object({
      /** The bag folder. */
      path: z.string(),
      /** validating (state 'scanning': done/total count files checked) -> importing its originals -> restoring annotations. */
      stage: z.enum(['validating', 'importing', 'restoring']),
      /** Why the bag was refused, one line per problem (state 'failed'; nothing was imported). Empty otherwise. */
      problems: z.array(z.string()),
      /**
       * Where the bag disagreed with this archive (state 'done'), one line each: a term of the same key
       * that means something else (added as a new term) or looks different, a field already filled here,
       * a file name made safe. This archive's side was kept in every case. Absent before the end.
       */
      conflicts: z.array(z.string()).optional(),
    })
    .nullable()
    .optional(),
});

export const ArchiveInfo = z.object({
  path: z.string(),
  photoCount: z.number().int(),
  problemCount: z.number().int(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'web']),
});

// ---- Annotation: vocabulary, tags, regions, descriptive metadata, history ----

export const TermId = PhotoId;
export const TermKind = z.enum(['class', 'damage', 'tag']);
export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);
/** One key: a letter or digit other than the severity keys 0-4 and the photo view's own keys. */
export const Shortcut = z
  .string()
  .regex(/^[a-z5-9]$/)
  .refine((k) => !(k in RESERVED_SHORTCUTS), { message: `${Object.keys(RESERVED_SHORTCUTS).join(', ')} are the photo view's own keys (${Object.values(RESERVED_SHORTCUTS).join(', ')})` });

export const Term = z.object({
  id: TermId,
  kind: TermKind,
  key: z.string(),
  label: z.string(),
  parentId: TermId.nullable(),
  colour: Colour.nullable(),
  shortcut: Shortcut.nullable(),
  hidden: z.boolean(),
  /** Set when this term was merged into another; merged terms are kept for history, hidden from pickers. */
  mergedInto: TermId.nullable(),
});

/** Severity 0-4 (see shared/taxonomy.ts for the crosswalk) or "na": not assessable. */
export const Severity = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('na')]);
export const Confidence = z.enum(['certain', 'possible']);

const Unit = z.number().min(0).max(1);
/** Normalized to the displayed (auto-oriented) image: 0,0 top-left, 1,1 bottom-right. */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rect'), x: Unit, y: Unit, w: Unit, h: Unit }).strict(),
  z.object({ type: z.literal('polygon'), points: z.array(z.tuple([Unit, Unit])).min(3).max(500) }).strict(),
]);

const Note = z.string().max(10_000);

/** What a region marked "redact" hides in shared copies of the image. */
export const RedactKind = z.enum(['face', 'plate', 'text', 'other']);
/** confirmed: the user marked or accepted it; suggested: found by face detection, not yet accepted (hides nothing). */
export const RedactState = z.enum(['confirmed', 'suggested']);

export const Region = z.object({
  id: PhotoId,
  photoId: PhotoId,
  geometry: Geometry,
  classId: TermId.nullable(),
  damageIds: z.array(TermId),
  severity: Severity.nullable(),
  confidence: Confidence.nullable(),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  redact: RedactKind.nullable().default(null),
  redactState: RedactState.nullable().default(null),
});

export const META_FIELDS = [
  'title', 'caption', 'creator', 'credit', 'copyright',
  'sublocation', 'city', 'region', 'country', 'countryCode',
  'event', 'source', 'provenance', 'lat', 'lon',
] as const;
export const MetaField = z.enum(META_FIELDS);
/** A user-entered value; null clears it. lat/lon are decimal degrees as text, user-supplied. */
export const MetaValue = z.string().max(10_000).nullable();
export const MetaFields = z.partialRecord(MetaField, MetaValue);

export const PhotoAnnotations = z.object({
  photoId: PhotoId,
  tagIds: z.array(TermId),
  regions: z.array(Region),
  meta: MetaFields,
  fromFile: FileDescriptive,
});

export const HistoryEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  description: z.string(),
  photoId: PhotoId.nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  changeSet: z.number().int(),
  /** What changed, as a person reads it ("Country code: UA → TJ", "Region R-17: damage … → …"). */
  lines: z.array(z.string()).optional(),
});

export const UndoState = z.object({ canUndo: z.boolean(), canRedo: z.boolean(), undoLabel: z.string().nullable(), redoLabel: z.string().nullable() });

export const VocabularyFile = z.object({
  format: z.literal('damage-archive-vocabulary'),
  version: z.literal(1),
  terms: z
    .array(
      z.object({
        kind: TermKind,
        key: z.string().min(1).max(200),
        label: z.string().min(1).max(200),
        parentKey: z.string().max(200).nullable(),
        colour: Colour.nullable(),
        shortcut: Shortcut.nullable(),
        hidden: z.boolean(),
      }),
    )
    .max(10_000),
});

export const RelinkReport = z.object({
  scanned: z.number().int(),
  relinked: z.array(z.object({ photoId: PhotoId, from: z.string(), to: z.string() })),
  stillMissing: z.number().int(),
});

export const Settings = z.object({
  /** Who the history names for each change. */
  userName: z.string(),
  /** How many catalogue backups to keep (oldest are removed). */
  backupKeep: z.number().int(),
  /** A backup is written when the archive opens and after this many edits. */
  backupEveryEdits: z.number().int(),
  /** Trauma-aware viewing: every photo of the archive is shown blurred until clicked, not only those marked sensitive. */
  blurAll: z.boolean(),
  /** RFC 3161 time-stamping authority (http or https); empty: nothing is ever contacted. */
  tsaUrl: z.string(),
});

/** The Settings rule for a time-stamping authority's URL: empty, or http(s) with a host and no credentials. */
export const TsaUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    if (u === '') return true;
    try {
      const x = new URL(u);
      return (x.protocol === 'http:' || x.protocol === 'https:') && x.hostname !== '' && !x.username && !x.password;
    } catch {
      return false;
    }
  }, 'The time-stamping authority is an http:// or https:// URL (or empty for none).');

/** One RFC 3161 token checked offline: over the history chain head or a bag's tag manifest. */
export const TimestampCheck = z.object({
  subject: z.enum(['chain', 'bag']),
  label: z.string(),
  /** Chain tokens: the history entry whose hash was stamped. */
  historyId: z.number().int().nullable(),
  /** Bag tokens: the token file, relative to the bag. */
  file: z.string().nullable(),
  digestSha256: z.string(),
  genTime: z.string().nullable(),
  tsa: z.string().nullable(),
  tsaUrl: z.string().nullable(),
  ok: z.boolean(),
  detail: z.string(),
});
export type TimestampCheck = z.infer<typeof TimestampCheck>;

/** A street map the user added (a PMTiles or MBTiles file); served by its opaque id, never by path. */
export const OfflineMap = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string(),
  path: z.string(),
  container: z.enum(['pmtiles', 'mbtiles']),
  /** What a tile is: Mapbox vector tiles, or raster images. */
  tileType: z.enum(['mvt', 'png', 'jpg', 'webp']),
  minZoom: z.number().int().min(0).max(30),
  maxZoom: z.number().int().min(0).max(30),
  /** west, south, east, north in degrees. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** The vector layers' names (empty for raster maps). */
  layers: z.array(z.string()),
  /** False when the file is no longer where it was added from. */
  present: z.boolean(),
});
export type OfflineMap = z.infer<typeof OfflineMap>;

export const BackupInfo = z.object({ name: z.string(), createdAt: z.string(), size: z.number().int() });

const Ids = z.array(PhotoId).min(1).max(100_000);
const Label = z.string().trim().min(1).max(200);

export const BatchChange = z
  .object({
    photoIds: Ids,
    addTagIds: z.array(TermId).max(1000).default([]),
    removeTagIds: z.array(TermId).max(1000).default([]),
    fields: MetaFields.default({}),
  })
  .strict();

export const BatchSummary = z.object({
  photos: z.number().int(),
  tagsAdded: z.number().int(),
  tagsRemoved: z.number().int(),
  /** Per field: how many photos would get a different value. */
  fieldsChanged: z.partialRecord(MetaField, z.number().int()),
  /** Sealed photos of the selection: left unchanged (their annotations are read-only). */
  sealed: z.object({ count: z.number().int(), fileNames: z.array(z.string()) }).optional(),
});

/** A photo's review state; status "annotated" is automatic (by and at null) until someone sets a status. */
export const PhotoReview = z.object({
  photoId: PhotoId,
  status: ReviewStatus,
  automatic: z.boolean(),
  by: z.string().nullable(),
  at: z.string().nullable(),
  /** Why it was last unsealed, while that status stands. */
  unsealReason: z.string().nullable(),
  sensitive: z.boolean(),
});

export const ReviewChange = z
  .object({
    photoIds: Ids,
    status: ReviewStatus.optional(),
    sensitive: z.boolean().optional(),
    /** Needed to change the status of sealed photos (unseal); without it they are left as they are. */
    unsealReason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const ReviewSummary = z.object({
  photos: z.number().int(),
  statusChanged: z.number().int(),
  sensitiveChanged: z.number().int(),
  unsealed: z.number().int(),
  /** Sealed photos whose status was left as it is (no unseal reason given). */
  sealedKept: z.object({ count: z.number().int(), fileNames: z.array(z.string()) }),
});

/** How far to move the camera clock: by a duration, or so that one photo shows its true local time. */
export const ClockShift = z.union([
  z.object({ by: z.number().int().min(-6_400_000_000).max(6_400_000_000) }).strict(),
  z.object({ photoId: PhotoId, trueTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Give the true time as YYYY-MM-DDTHH:MM[:SS].') }).strict(),
]);
export const ClockShiftInput = z.object({ photoIds: Ids, shift: ClockShift }).strict();
export const ClockPlan = z.object({
  deltaSeconds: z.number().int(),
  deltaText: z.string(),
  /** The history and undo label, e.g. "Clock corrected by +1 h 03 min on 24 photos". */
  label: z.string(),
  /** Photos whose time changes. */
  changed: z.number().int(),
  /** Photos left alone because the file states no usable capture time (first 50 listed). */
  withoutTime: z.array(z.object({ id: PhotoId, fileName: z.string() })),
  withoutTimeCount: z.number().int(),
  /** The first few photos: camera time, current time, time after the shift (local ISO). */
  preview: z.array(z.object({ id: PhotoId, fileName: z.string(), camera: z.string(), before: z.string(), after: z.string() })),
});

// ---- Export ----

export const ExportFormat = z.enum(['bagit', 'xmp', 'coco', 'webanno', 'csv', 'html', 'images', 'geojson']);

/**
 * What an export carries (see electron/catalog/export/profile.ts). "full": the organisation's own
 * record, everything. "share" (the default: every export leaves the archive): only the exported
 * photos' own data, no absolute paths, no OS account names, and what the user ticks removed.
 */
export const ExportProfileName = z.enum(['full', 'share']);
/** Fields a share export can leave out, besides the paths and other photos' data it always leaves out. */
// gps covers the file's GPS and the user's latitude/longitude; notes covers region notes.
export const SHARE_REMOVABLE = [
  'gps', 'serials', 'creator', 'notes', 'title', 'caption', 'credit', 'copyright',
  'sublocation', 'city', 'region', 'country', 'countryCode', 'event', 'source', 'provenance', 'camera', 'captureTime',
] as const;
export const ShareRemovable = z.enum(SHARE_REMOVABLE);
export const ShareOptions = z
  .object({
    /** names: the names users gave (an OS account name still becomes a pseudonym); pseudonyms: "Annotator 1", "Annotator 2"… */
    actors: z.enum(['names', 'pseudonyms']).default('names'),
    remove: z.array(ShareRemovable).max(SHARE_REMOVABLE.length).default([]),
    /** How regions marked "redact" are hidden in shared copies of the image. */
    redaction: z.enum(['blur', 'black']).default('blur'),
  })
  .strict();

export const ExportProgress = z.object({
  jobId: JobId,
  format: ExportFormat,
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  currentFile: z.string().nullable(),
  /** Where the finished export is (only once complete: a cancelled or failed one leaves nothing there). */
  out: z.string(),
  message: z.string().nullable(),
});

export const ExportOptions = z
  .object({
    /** CSV: start with a UTF-8 byte-order mark so spreadsheet programs read the encoding right. */
    bom: z.boolean().default(true),
    /** BagIt: the bag-info.txt fields users fill in. */
    sourceOrganization: z.string().max(500).default(''),
    contactName: z.string().max(500).default(''),
    externalDescription: z.string().max(5000).default(''),
    /** HTML catalogue: the cover's title (the organization above is its publisher line). */
    catalogueTitle: z.string().max(500).optional(),
    /** Absent means "share": every export leaves the archive (see profileOf). */
    profile: ExportProfileName.optional(),
    share: ShareOptions.optional(),
  })
  .strict();

/** The profile an export runs with: share unless full was asked for. */
export function profileOf(o: { profile?: ExportProfileName }): ExportProfileName {
  return o.profile ?? 'share';
}
export const DEFAULT_SHARE: ShareOptions = { actors: 'names', remove: [], redaction: 'blur' };

/** What a share export will leave out, said before it is written (previewExport). */
export const ExportLeftOut = z.object({
  profile: ExportProfileName,
  photos: z.number().int(),
  /** One sentence per kind of thing left out or changed, e.g. "2,031 vocabulary terms not used by these photos". */
  items: z.array(z.string()),
  /** Photos whose image goes out as a re-rendered copy (redacted regions, or metadata stripped) rather than the original bytes. */
  copies: z.number().int(),
  /** How each actor in the history will be named in the export. */
  actors: z.array(z.object({ actor: z.string(), as: z.string() })),
});


// ---- Find and browse ----

export const SortOrder = z.enum(['taken', 'imported', 'name', 'severity']);
export const CollectionId = PhotoId;
const FacetValue = z.string().min(1).max(400);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const PhotoFlag = z.enum(['has-gps', 'no-gps', 'has-regions', 'unannotated', 'problems', 'duplicates', 'near-duplicates', 'withdrawn', 'sensitive']);

/**
 * What the grid shows: full-text search combined with facet selections. Within one facet the chosen
 * values are alternatives (OR); different facets, flags, the date range, the box and the collection
 * all narrow the result (AND).
 */
export const PhotoQuery = z
  .object({
    /** FTS5 search: words match by prefix, "quoted phrases" exactly; Cyrillic and Latin, diacritics ignored. */
    text: z.string().max(500).default(''),
    classIds: z.array(TermId).max(500).default([]),
    damageIds: z.array(TermId).max(500).default([]),
    tagIds: z.array(TermId).max(500).default([]),
    severities: z.array(Severity).max(6).default([]),
    confidences: z.array(Confidence).max(2).default([]),
    /** Camera as the facet lists it (make and model). */
    cameras: z.array(FacetValue).max(500).default([]),
    /** Place as the facet lists it. */
    places: z.array(FacetValue).max(500).default([]),
    /** Capture date range, inclusive, as the file states it (local date). */
    takenFrom: Day.nullable().default(null),
    takenTo: Day.nullable().default(null),
    flags: z.array(PhotoFlag).max(PhotoFlag.options.length).default([]),
    /** Review status (alternatives, like a facet's values). */
    statuses: z.array(ReviewStatus).max(4).default([]),
    /** Map box filter, decimal degrees. */
    bbox: z
      .object({ south: z.number().min(-90).max(90), west: z.number().min(-180).max(180), north: z.number().min(-90).max(90), east: z.number().min(-180).max(180) })
      .strict()
      .nullable()
      .default(null),
    collectionId: CollectionId.nullable().default(null),
    sort: SortOrder.default('taken'),
  })
  .strict();

const FacetCount = z.object({ value: z.string(), label: z.string(), count: z.number().int() });

/** Counts for the sidebar under the current query (see searchPhotos); value is what PhotoQuery takes, as text. */
export const Facets = z.object({
  total: z.number().int(),
  classes: z.array(FacetCount),
  damage: z.array(FacetCount),
  tags: z.array(FacetCount),
  severities: z.array(FacetCount),
  confidences: z.array(FacetCount),
  cameras: z.array(FacetCount),
  places: z.array(FacetCount),
  flags: z.array(FacetCount),
  statuses: z.array(FacetCount),
  /** Earliest and latest capture day among the matching photos. */
  taken: z.object({ min: Day.nullable(), max: Day.nullable() }),
});

export const Collection = z.object({
  id: CollectionId,
  name: z.string(),
  /** An album holds photos put there by hand; a saved search holds a query. */
  kind: z.enum(['album', 'search']),
  query: PhotoQuery.nullable(),
  count: z.number().int(),
  createdAt: z.string(),
});

const CollectionName = z.string().trim().min(1).max(200);

// ---- Investigation: near-duplicates, time and place ----

export const SimilarVerdict = z.enum(['same', 'different']);

/** Time and place checks for one photo; each figure says how it was derived. */
export const TimePlace = z.object({
  /** Where the photo is placed: the user's latitude/longitude, else the file's GPS. */
  position: z.object({ lat: z.number(), lon: z.number(), source: z.enum(['user', 'file']) }).nullable(),
  /** IANA time zone at that position (offline boundary data). */
  zone: z.string().nullable(),
  /** The capture instant: the file's own offset, else the local time read in the position's time zone. */
  utc: z
    .object({
      instant: z.string(),
      derivedFrom: z.enum(['file-offset', 'position-time-zone']),
      offset: z.string().nullable(),
      zone: z.string().nullable(),
      /** Set when the camera clock was corrected: the instant includes this correction (seconds). */
      clockOffsetSeconds: z.number().int().optional(),
    })
    .nullable(),
  /** The sun then and there, in degrees: azimuth clockwise from true north, elevation above the horizon. */
  sun: z.object({ azimuth: z.number(), elevation: z.number(), positionSource: z.enum(['user', 'file']) }).nullable(),
});

/** A photo and its near-duplicates (perceptual-hash distance in bits of 64), the photo itself first. */
export const SimilarGroup = z.object({
  /** Whether this photo has been hashed yet (hashing runs in the background after import). */
  hashed: z.boolean(),
  /** Photos of the archive still waiting to be hashed. */
  pending: z.number().int(),
  items: z.array(
    PhotoSummary.extend({
      self: z.boolean(),
      /** 0 for the photo itself; null for a pair the user called "the same image" that is no longer within the threshold. */
      distance: z.number().int().nullable(),
      decision: SimilarVerdict.nullable(),
      hasCamera: z.boolean(),
      importedAt: z.string(),
      /** Why this copy may be the best evidence among the group (only when it alone stands out). */
      best: z.array(z.enum(['earliest', 'largest', 'camera', 'first-imported'])),
    }),
  ),
});
export const PathCheck = z.object({
  input: z.string(),
  path: z.string(),
  ok: z.boolean(),
  kind: z.enum(['file', 'folder']).nullable(),
  files: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type PathCheck = z.infer<typeof PathCheck>;

const NoInput = z.object({}).strict();

export const ChainCheck = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.object({ historyId: z.number().int().nullable(), hash: z.string(), entries: z.number().int() }),
  firstBad: z.object({ historyId: z.number().int(), problem: z.enum(['altered', 'unsealed', 'removed', 'relinked']), detail: z.string() }).nullable(),
});
export const VerifyResult = z.object({
  checked: z.number().int(),
  ok: z.number().int(),
  issues: z.array(z.object({ id: z.number().int(), path: z.string(), problem: z.enum(['changed', 'missing', 'unreadable']), detail: z.string() })),
  chain: ChainCheck,
  /** Every stored time-stamp token, checked offline. */
  timestamps: z.array(TimestampCheck).default([]),
});
export type VerifyResult = z.infer<typeof VerifyResult>;
const PathList = z.array(z.string().min(1).max(4096)).min(1).max(10_000);


// ---- Sites and incidents (electron/catalog/sites/) ----

export const SiteId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IncidentId = SiteId;
export const SiteKind = z.enum(['building', 'vehicle', 'street', 'other']);
/** How close the position is, in metres (as Atlos states a location's precision). */
export const SitePrecision = z.union([z.literal(10), z.literal(100), z.literal(1000)]);
/** An ISO date of year, month or day precision: 2024, 2024-03, 2024-03-05. */
export const PartialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD');
const SiteName = z.string().trim().min(1).max(200);
const LongText = z.string().max(10_000);

/** A physical place photographed: a building, a vehicle, a street. */
export const Site = z.object({
  id: SiteId,
  /** Stable across archives (bags carry it), so the same site is recognised when it comes back. */
  uid: z.string(),
  name: z.string(),
  kind: SiteKind,
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  precision: SitePrecision.nullable(),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Photos linked to the site (withdrawn ones not counted), and regions linked to it. */
  photoCount: z.number().int(),
  regionCount: z.number().int(),
});

/** An event with a date range (either end may be open). */
export const Incident = z.object({
  id: IncidentId,
  uid: z.string(),
  name: z.string(),
  startDate: PartialDate.nullable(),
  endDate: PartialDate.nullable(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  photoCount: z.number().int(),
});

const SiteFields = {
  name: SiteName,
  kind: SiteKind,
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  precision: SitePrecision.nullable(),
  notes: LongText,
};
const IncidentFields = { name: SiteName, startDate: PartialDate.nullable(), endDate: PartialDate.nullable(), description: LongText };

/** A site's page: the site, its photos in capture-time order (undated last), their incidents and the regions linked to it. */
export const SitePage = z.object({
  site: Site,
  photos: z.array(PhotoSummary),
  incidents: z.array(Incident),
  regions: z.array(z.object({ regionId: z.number().int(), photoId: PhotoId })),
});

/** What one photo is linked to. */
export const PhotoPlaces = z.object({
  sites: z.array(Site),
  incidents: z.array(Incident),
  /** Regions of the photo linked to a site. */
  regionSites: z.array(z.object({ regionId: z.number().int(), siteId: SiteId })),
});

export const siteApiSchema = {
  listSites: { input: z.object({}).strict(), output: z.array(Site) },
  listIncidents: { input: z.object({}).strict(), output: z.array(Incident) },
  getSite: { input: z.object({ id: SiteId }).strict(), output: SitePage },
  getPhotoPlaces: { input: z.object({ photoId: PhotoId }).strict(), output: PhotoPlaces },
  createSite: {
    input: z.object({ ...SiteFields, kind: SiteKind.default('building'), lat: SiteFields.lat.default(null), lon: SiteFields.lon.default(null), precision: SitePrecision.nullable().default(null), notes: LongText.default('') }).strict(),
    output: Site,
  },
  updateSite: { input: z.object({ id: SiteId, ...SiteFields }).partial().required({ id: true }).strict(), output: Site },
  /** Deletes a site and its links (one undoable step). */
  deleteSite: { input: z.object({ id: SiteId }).strict(), output: z.object({ deleted: z.boolean() }) },
  createIncident: {
    input: z.object({ ...IncidentFields, startDate: PartialDate.nullable().default(null), endDate: PartialDate.nullable().default(null), description: LongText.default('') }).strict(),
    output: Incident,
  },
  updateIncident: { input: z.object({ id: IncidentId, ...IncidentFields }).partial().required({ id: true }).strict(), output: Incident },
  deleteIncident: { input: z.object({ id: IncidentId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** Links (linked: true) or unlinks photos and a site, one undoable step; returns how many links changed. */
  linkSitePhotos: { input: z.object({ siteId: SiteId, photoIds: z.array(PhotoId).min(1).max(100_000), linked: z.boolean() }).strict(), output: z.object({ changed: z.number().int() }) },
  linkIncidentPhotos: {
    input: z.object({ incidentId: IncidentId, photoIds: z.array(PhotoId).min(1).max(100_000), linked: z.boolean() }).strict(),
    output: z.object({ changed: z.number().int() }),
  },
  /** Says which site a region shows (null: none); linking a region also links its photo to the site. */
  linkRegionSite: { input: z.object({ regionId: z.number().int().positive(), siteId: SiteId.nullable() }).strict(), output: z.object({ siteId: SiteId.nullable() }) },
} as const;

/** Method name -> input and output schema. Inputs are strict: unknown fields are refused. */
export const apiSchema = {
  ...siteApiSchema,
  getArchiveInfo: { input: NoInput, output: ArchiveInfo },
  listPhotos: { input: NoInput, output: z.array(PhotoSummary) },
  getPhoto: { input: z.object({ id: PhotoId }).strict(), output: PhotoDetail },
  /** Capture instant in UTC and the sun's position, derived from the photo's time and place. */
  getTimePlace: { input: z.object({ id: PhotoId }).strict(), output: TimePlace },
  /** Near-duplicates of a photo: recompressed, resized, cropped or stripped copies of the same picture. */
  similarPhotos: { input: z.object({ id: PhotoId }).strict(), output: SimilarGroup },
  /** Records (undoably, in both photos' history) that two photos are, or are not, the same image; null clears it. */
  decideSimilar: {
    input: z.object({ a: PhotoId, b: PhotoId, verdict: SimilarVerdict.nullable() }).strict(),
    output: z.object({ verdict: SimilarVerdict.nullable() }),
  },

  /** The photos matching a query, in its sort order (the grid). */
  searchPhotos: { input: PhotoQuery, output: z.array(PhotoSummary) },
  getFacets: { input: PhotoQuery, output: Facets },
  /** Geotagged photos matching a query (the map). */
  mapPoints: { input: PhotoQuery, output: z.array(z.object({ id: PhotoId, lat: z.number(), lon: z.number() })) },
  listCollections: { input: NoInput, output: z.array(Collection) },
  createCollection: {
    input: z.object({ name: CollectionName, kind: z.enum(['album', 'search']), query: PhotoQuery.nullable().default(null), photoIds: z.array(PhotoId).max(100_000).default([]) }).strict(),
    output: Collection,
  },
  updateCollection: { input: z.object({ id: CollectionId, name: CollectionName.optional(), query: PhotoQuery.optional() }).strict(), output: Collection },
  deleteCollection: { input: z.object({ id: CollectionId }).strict(), output: z.object({ deleted: z.boolean() }) },
  addToCollection: { input: z.object({ id: CollectionId, photoIds: z.array(PhotoId).min(1).max(100_000) }).strict(), output: Collection },
  removeFromCollection: { input: z.object({ id: CollectionId, photoIds: z.array(PhotoId).min(1).max(100_000) }).strict(), output: Collection },
  listProblems: { input: NoInput, output: z.array(ImportProblem) },
  /** Each typed path as an import would take it: "~" expanded, exists, readable, file or folder, how many photos. */
  checkImportPaths: {
    input: z.object({ paths: z.array(z.string().max(4096)).min(1).max(100) }).strict(),
    output: z.array(PathCheck),
  },
  /** Refused (nothing catalogued) when a path does not exist, cannot be read or is neither a file nor a folder. */
  startImport: {
    input: z.object({ paths: PathList, mode: ImportMode }).strict(),
    output: z.object({ jobId: JobId }),
  },
  cancelImport: { input: z.object({ jobId: JobId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  getImportProgress: { input: NoInput, output: ImportProgress.nullable() },
  /**
   * Imports a BagIt package (a folder, full path) as an import job: the bag is validated (an invalid
   * one is refused with its problems listed, nothing imported), its originals are copied in, and the
   * annotations, history and collections it carries restored. Progress comes as 'import-progress'
   * with `bag` set; cancelImport stops it.
   */
  startBagImport: { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: z.object({ jobId: JobId }) },

  getVocabulary: { input: NoInput, output: z.array(Term) },
  addTerm: {
    input: z.object({ kind: TermKind, label: Label, parentId: TermId.nullable().default(null), colour: Colour.nullable().default(null), shortcut: Shortcut.nullable().default(null) }).strict(),
    output: Term,
  },
  updateTerm: {
    input: z.object({ id: TermId, label: Label.optional(), colour: Colour.nullable().optional(), shortcut: Shortcut.nullable().optional(), hidden: z.boolean().optional() }).strict(),
    output: Term,
  },
  mergeTerms: { input: z.object({ fromId: TermId, intoId: TermId }).strict(), output: z.object({ moved: z.number().int() }) },
  exportVocabulary: { input: NoInput, output: VocabularyFile },
  importVocabulary: { input: z.object({ vocabulary: VocabularyFile }).strict(), output: z.object({ added: z.number().int(), updated: z.number().int() }) },

  getAnnotations: { input: z.object({ photoId: PhotoId }).strict(), output: PhotoAnnotations },
  createRegion: {
    input: z
      .object({
        photoId: PhotoId,
        geometry: Geometry,
        classId: TermId.nullable().default(null),
        damageIds: z.array(TermId).max(50).default([]),
        severity: Severity.nullable().default(null),
        confidence: Confidence.nullable().default(null),
        note: Note.default(''),
        redact: RedactKind.nullable().optional(),
        redactState: RedactState.nullable().optional(),
      })
      .strict(),
    output: Region,
  },
  updateRegion: {
    input: z
      .object({
        id: PhotoId,
        geometry: Geometry.optional(),
        classId: TermId.nullable().optional(),
        damageIds: z.array(TermId).max(50).optional(),
        severity: Severity.nullable().optional(),
        confidence: Confidence.nullable().optional(),
        note: Note.optional(),
        redact: RedactKind.nullable().optional(),
        redactState: RedactState.nullable().optional(),
      })
      .strict(),
    output: Region,
  },
  deleteRegion: { input: z.object({ id: PhotoId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** Finds faces (offline) and adds each as an unconfirmed "redact: face" region, for the user to accept or reject. */
  suggestRedactions: { input: z.object({ photoId: PhotoId }).strict(), output: z.object({ found: z.number().int(), suggested: z.array(Region) }) },
  /** Region outlines for grid thumbnails (only photos that have regions are listed). */
  listRegionOutlines: {
    input: z.object({ photoIds: z.array(PhotoId).max(5000) }).strict(),
    output: z.array(z.object({ photoId: PhotoId, geometry: Geometry, colour: Colour.nullable() })),
  },
  planBatch: { input: BatchChange, output: BatchSummary },
  applyBatch: { input: BatchChange, output: BatchSummary },
  getReview: { input: z.object({ photoId: PhotoId }).strict(), output: PhotoReview },
  /** What setReview would change, without changing anything. */
  planReview: { input: ReviewChange, output: ReviewSummary },
  /** Sets review status and/or the sensitive flag of photos: one undoable step; unsealing needs a reason. */
  setReview: { input: ReviewChange, output: ReviewSummary },
  /** Camera clock correction: what it would do (preview), and doing it as one undoable step. */
  planClockShift: { input: ClockShiftInput, output: ClockPlan },
  applyClockShift: { input: ClockShiftInput, output: ClockPlan },

  undo: { input: NoInput, output: z.object({ undone: z.string().nullable(), photoIds: z.array(PhotoId) }) },
  redo: { input: NoInput, output: z.object({ redone: z.string().nullable(), photoIds: z.array(PhotoId) }) },
  getUndoState: { input: NoInput, output: UndoState },
  getHistory: { input: z.object({ photoId: PhotoId.nullable().default(null), limit: z.number().int().min(1).max(10_000).default(500) }).strict(), output: z.array(HistoryEntry) },
  getSettings: { input: NoInput, output: Settings },
  /** The street maps added to this archive (Settings > Offline maps, or the map's layer menu). */
  listOfflineMaps: { input: NoInput, output: z.array(OfflineMap) },
  /** Adds a PMTiles or MBTiles file by its path (checked: must be one of those); not copied. */
  addOfflineMap: { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: OfflineMap },
  removeOfflineMap: { input: z.object({ id: OfflineMap.shape.id }).strict(), output: z.object({ removed: z.boolean() }) },

  /** Looks whether every original is still in place; flags the missing (nothing is deleted). */
  checkOriginals: { input: NoInput, output: z.object({ checked: z.number().int(), missing: z.number().int(), returned: z.number().int() }) },
  /** Finds missing originals in a folder by their SHA-256 and relinks them. */
  relinkFolder: { input: z.object({ folder: z.string().min(1).max(4096) }).strict(), output: RelinkReport },
  /** "Locate…": this file must be the photo's bytes; its folder is then searched for the other missing ones. */
  locatePhoto: { input: z.object({ photoId: PhotoId, path: z.string().min(1).max(4096) }).strict(), output: RelinkReport },
  listBackups: { input: NoInput, output: z.array(BackupInfo) },
  backupNow: { input: NoInput, output: BackupInfo },
  /** Replaces the catalogue with a backup (the newest when name is null); the replaced file is kept. */
  /** Exports the given photos (null: the whole archive) to `out`, a path that must not exist yet. */
  startExport: {
    input: z
      .object({
        format: ExportFormat,
        out: z.string().min(1).max(4096),
        photoIds: z.array(PhotoId).min(1).max(100_000).nullable().default(null),
        options: ExportOptions.default({ bom: true, sourceOrganization: '', contactName: '', externalDescription: '' }),
      })
      .strict(),
    output: z.object({ jobId: JobId }),
  },
  /** Says what an export with these photos and options would leave out, without writing anything. */
  previewExport: {
    input: z
      .object({
        photoIds: z.array(PhotoId).min(1).max(100_000).nullable().default(null),
        options: ExportOptions.default({ bom: true, sourceOrganization: '', contactName: '', externalDescription: '' }),
      })
      .strict(),
    output: ExportLeftOut,
  },
  cancelExport: { input: z.object({ jobId: JobId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  restoreBackup: { input: z.object({ name: z.string().regex(/^catalog-\d{8}T\d{9}Z\.sqlite$/).nullable() }).strict(), output: z.object({ restored: z.string(), setAside: z.string().nullable() }) },
  /** Withdraw, don't delete (custody): what withdrawing or reinstating these would change. */
  planWithdraw: {
    input: z.object({ photoIds: z.array(PhotoId).min(1).max(100_000), withdraw: z.boolean() }).strict(),
    output: z.object({ changes: z.number().int(), unchanged: z.number().int(), failedEntries: z.number().int() }),
  },
  /** Takes photos (or failed entries) out of the grid, searches and exports; record and history stay. One undoable step. */
  withdrawPhotos: {
    input: z.object({ photoIds: z.array(PhotoId).min(1).max(100_000), reason: z.string().trim().min(1).max(2000) }).strict(),
    output: z.object({ changed: z.number().int() }),
  },
  reinstatePhotos: { input: z.object({ photoIds: z.array(PhotoId).min(1).max(100_000) }).strict(), output: z.object({ changed: z.number().int() }) },
  /** Clears the Import problems list (failed entries are withdrawn; the clearing is recorded). */
  clearProblems: { input: NoInput, output: z.object({ cleared: z.number().int() }) },
  /** Re-hashes every original and checks the history's hash chain; each photo's result is recorded. */
  verifyArchive: { input: NoInput, output: VerifyResult },
  /** The custody report of these photos: every custody event and edit, the chain check, any time-stamp tokens. */
  getCustodyReport: { input: z.object({ photoIds: z.array(PhotoId).min(1).max(10_000) }).strict(), output: z.object({ json: z.unknown(), html: z.string() }) },
  /** Time-stamps the history chain head now at the TSA set in Settings (the stored token if this head already has one). */
  timestampNow: {
    input: NoInput,
    output: z.object({ historyId: z.number().int(), hash: z.string(), genTime: z.string(), tsa: z.string().nullable(), tsaUrl: z.string(), already: z.boolean() }),
  },
  /** Validates a BagIt bag (a folder, full path) and checks the time-stamp tokens it carries, offline. */
  verifyBag: {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ bag: z.string(), valid: z.boolean(), problems: z.array(z.string()), warnings: z.array(z.string()), timestamps: z.array(TimestampCheck) }),
  },
  setSettings: {
    input: z
      .object({
        userName: z.string().trim().min(1).max(200).optional(),
        backupKeep: z.number().int().min(1).max(100).optional(),
        backupEveryEdits: z.number().int().min(1).max(10_000).optional(),
        blurAll: z.boolean().optional(),
        tsaUrl: TsaUrl.optional(),
      })
      .strict(),
    output: Settings,
  },
} as const;

export type ApiSchema = typeof apiSchema;
export type ApiMethod = keyof ApiSchema;
export const apiMethods = Object.keys(apiSchema) as ApiMethod[];
export type ApiInput<M extends ApiMethod> = z.input<ApiSchema[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiSchema[M]['output']>;
/** What callers see: inputs before validation (defaulted fields may be left out). */
export type ArchiveApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };
/** What the core implements: inputs after validation, defaults filled in. */
export type ApiHandlers = { [M in ApiMethod]: (input: z.output<ApiSchema[M]['input']>) => Promise<ApiOutput<M>> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiSchema, name);
}

/** Events pushed from the core to the renderer (IPC 'archive-event' or the browser host's SSE stream). */
export const ApiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('import-progress'), progress: ImportProgress }),
  z.object({ type: z.literal('archive-changed') }),
  /** A menu command the renderer carries out (e.g. File > Import opens the import dialog). */
  z.object({ type: z.literal('command'), command: z.enum(['import', 'undo', 'redo', 'vocabulary', 'export']) }),
  /** Annotations of these photos changed (an edit, undo or redo, possibly from another window). */
  z.object({ type: z.literal('annotations-changed'), photoIds: z.array(PhotoId) }),
  z.object({ type: z.literal('vocabulary-changed') }),
  /** Collections were created, renamed, deleted, or photos added to or removed from an album. */
  z.object({ type: z.literal('collections-changed') }),
  /** Sites or incidents were created, edited, deleted or (un)linked (an edit, undo or redo). */
  z.object({ type: z.literal('sites-changed') }),
  z.object({ type: z.literal('export-progress'), progress: ExportProgress }),
  /** verifyArchive's progress: originals re-hashed so far. */
  z.object({ type: z.literal('verify-progress'), done: z.number().int(), total: z.number().int() }),
]);

export type PhotoSummary = z.infer<typeof PhotoSummary>;
export type PhotoQuery = z.infer<typeof PhotoQuery>;
export type PhotoQueryInput = z.input<typeof PhotoQuery>;
export type Facets = z.infer<typeof Facets>;
export type Collection = z.infer<typeof Collection>;
export type PhotoFlag = z.infer<typeof PhotoFlag>;
export type PhotoDetail = z.infer<typeof PhotoDetail>;
export type ImportProblem = z.infer<typeof ImportProblem>;
export type ImportProgress = z.infer<typeof ImportProgress>;
export type ImportMode = z.infer<typeof ImportMode>;
export type ArchiveInfo = z.infer<typeof ArchiveInfo>;
export type ApiEvent = z.infer<typeof ApiEvent>;
export type CaptureTime = z.infer<typeof CaptureTime>;
export type Gps = z.infer<typeof Gps>;
export type FileDescriptive = z.infer<typeof FileDescriptive>;
export type Term = z.infer<typeof Term>;
export type Severity = z.infer<typeof Severity>;
export type Confidence = z.infer<typeof Confidence>;
export type Geometry = z.infer<typeof Geometry>;
export type Region = z.infer<typeof Region>;
export type RedactKind = z.infer<typeof RedactKind>;
export type RedactState = z.infer<typeof RedactState>;
export type MetaField = z.infer<typeof MetaField>;
export type MetaFields = z.infer<typeof MetaFields>;
export type PhotoAnnotations = z.infer<typeof PhotoAnnotations>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export type UndoState = z.infer<typeof UndoState>;
export type VocabularyFile = z.infer<typeof VocabularyFile>;
export type BatchChange = z.input<typeof BatchChange>;
export type BatchSummary = z.infer<typeof BatchSummary>;
export type RelinkReport = z.infer<typeof RelinkReport>;
export type ExportFormat = z.infer<typeof ExportFormat>;
export type ExportProgress = z.infer<typeof ExportProgress>;
export type ExportOptions = z.infer<typeof ExportOptions>;
export type ExportProfileName = z.infer<typeof ExportProfileName>;
export type ShareOptions = z.infer<typeof ShareOptions>;
export type ShareRemovable = z.infer<typeof ShareRemovable>;
export type ExportLeftOut = z.infer<typeof ExportLeftOut>;
export type BackupInfo = z.infer<typeof BackupInfo>;
export type SimilarGroup = z.infer<typeof SimilarGroup>;
export type SimilarVerdict = z.infer<typeof SimilarVerdict>;
export type TimePlace = z.infer<typeof TimePlace>;
export type ReviewStatus = z.infer<typeof ReviewStatus>;
export type PhotoReview = z.infer<typeof PhotoReview>;
export type ReviewChange = z.input<typeof ReviewChange>;
export type ReviewSummary = z.infer<typeof ReviewSummary>;
export type Site = z.infer<typeof Site>;
export type Incident = z.infer<typeof Incident>;
export type SiteKind = z.infer<typeof SiteKind>;
export type SitePrecision = z.infer<typeof SitePrecision>;
export type SitePage = z.infer<typeof SitePage>;
export type PhotoPlaces = z.infer<typeof PhotoPlaces>;
export type ClockCorrection = z.infer<typeof ClockCorrection>;
export type ClockShift = z.infer<typeof ClockShift>;
export type ClockPlan = z.infer<typeof ClockPlan>;

/** Which image of a photo a media URL asks for. */
export const MediaKind = z.enum(['thumb', 'preview', 'full']);
export type MediaKind = z.infer<typeof MediaKind>;

/** Limits shared by both hosts' boundaries. */
export const MAX_PAYLOAD_BYTES = 1_000_000;
