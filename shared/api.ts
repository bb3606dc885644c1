// The one API contract between the renderer and whichever host runs the core (Electron IPC or the
// loopback browser host over HTTP). Every type the two sides exchange is derived from these schemas.
import { z } from 'zod';

export const PhotoId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const JobId = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const PhotoStatus = z.enum(['ok', 'no-preview', 'error']);
export const ImportMode = z.enum(['copy', 'reference']);

/** What the grid needs for one tile: small, because the grid lists the whole archive. */
export const PhotoSummary = z.object({
  id: PhotoId,
  fileName: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: z.string().nullable(),
  status: PhotoStatus,
  hasThumb: z.boolean(),
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

export const PhotoDetail = PhotoSummary.extend({
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
});

export const ImportProblem = z.object({
  kind: z.enum(['error', 'duplicate']),
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
});

export const ArchiveInfo = z.object({
  path: z.string(),
  photoCount: z.number().int(),
  problemCount: z.number().int(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'web']),
});

const NoInput = z.object({}).strict();
const PathList = z.array(z.string().min(1).max(4096)).min(1).max(10_000);

/** Method name -> input and output schema. Inputs are strict: unknown fields are refused. */
export const apiSchema = {
  getArchiveInfo: { input: NoInput, output: ArchiveInfo },
  listPhotos: { input: NoInput, output: z.array(PhotoSummary) },
  getPhoto: { input: z.object({ id: PhotoId }).strict(), output: PhotoDetail },
  listProblems: { input: NoInput, output: z.array(ImportProblem) },
  startImport: {
    input: z.object({ paths: PathList, mode: ImportMode }).strict(),
    output: z.object({ jobId: JobId }),
  },
  cancelImport: { input: z.object({ jobId: JobId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  getImportProgress: { input: NoInput, output: ImportProgress.nullable() },
} as const;

export type ApiSchema = typeof apiSchema;
export type ApiMethod = keyof ApiSchema;
export const apiMethods = Object.keys(apiSchema) as ApiMethod[];
export type ApiInput<M extends ApiMethod> = z.input<ApiSchema[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiSchema[M]['output']>;
export type ArchiveApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiSchema, name);
}

/** Events pushed from the core to the renderer (IPC 'archive-event' or the browser host's SSE stream). */
export const ApiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('import-progress'), progress: ImportProgress }),
  z.object({ type: z.literal('archive-changed') }),
  /** A menu command the renderer carries out (e.g. File > Import opens the import dialog). */
  z.object({ type: z.literal('command'), command: z.enum(['import']) }),
]);

export type PhotoSummary = z.infer<typeof PhotoSummary>;
export type PhotoDetail = z.infer<typeof PhotoDetail>;
export type ImportProblem = z.infer<typeof ImportProblem>;
export type ImportProgress = z.infer<typeof ImportProgress>;
export type ImportMode = z.infer<typeof ImportMode>;
export type ArchiveInfo = z.infer<typeof ArchiveInfo>;
export type ApiEvent = z.infer<typeof ApiEvent>;
export type CaptureTime = z.infer<typeof CaptureTime>;
export type Gps = z.infer<typeof Gps>;
export type FileDescriptive = z.infer<typeof FileDescriptive>;

/** Which image of a photo a media URL asks for. */
export const MediaKind = z.enum(['thumb', 'preview']);
export type MediaKind = z.infer<typeof MediaKind>;

/** Limits shared by both hosts' boundaries. */
export const MAX_PAYLOAD_BYTES = 1_000_000;
