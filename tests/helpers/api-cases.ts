// The API boundary's test material: one valid payload per method (typed, so a method added to
// shared/api.ts without a case here does not compile), calls naming things that do not exist, and
// bad payloads derived from the zod schemas themselves.
import type { z } from 'zod';
import { apiSchema, type ApiInput, type ApiMethod } from '../../shared/api';

export const MISSING_ID = 999_999;

/** Things that exist in the test archive (or made-up ones when the call never reaches the core). */
export interface KnownIds {
  photo: number;
  classTerm: number;
  damageTerm: number;
  tag: number;
  otherTag: number;
  region: number;
  backup: string;
  folder: string;
  file: string;
}

/** A call naming something that does not exist, and what the host must answer. */
export type UnknownCall<M extends ApiMethod> = { payload: ApiInput<M> } & ({ status: 404 | 400; error: RegExp } | { status: 200; value: unknown });

export interface MethodCase<M extends ApiMethod> {
  /** Accepted by the schema; every bad payload below is this one with one thing wrong. */
  valid: ApiInput<M>;
  /** Calls naming things that do not exist, or why the method names nothing that must exist. */
  unknown: UnknownCall<M>[] | { none: string };
}

export type CaseTable = { [M in ApiMethod]: MethodCase<M> };

const NO_INPUT = { valid: {}, unknown: { none: 'takes no input' } } as const;
const notFound = (what: 'photo' | 'term' | 'region') =>
  what === 'term' ? /^No term with id 999999 in this archive's vocabulary\.$/ : new RegExp(`^No ${what} with id 999999 in this archive\\.$`);

export function apiCases(ids: KnownIds): CaseTable {
  const N = MISSING_ID;
  const rect = { type: 'rect' as const, x: 0.1, y: 0.1, w: 0.2, h: 0.2 };
  const batch = { photoIds: [ids.photo], addTagIds: [ids.tag], removeTagIds: [ids.otherTag], fields: { title: 'Boundary', lat: '50.45' } };
  const batchUnknown: UnknownCall<'planBatch'>[] = [
    { payload: { ...batch, photoIds: [N] }, status: 404, error: notFound('photo') },
    { payload: { ...batch, addTagIds: [N] }, status: 404, error: notFound('term') },
    { payload: { ...batch, removeTagIds: [N] }, status: 404, error: notFound('term') },
  ];
  // Every field of a query filled in, so each gets its wrong types and over-long values.
  const query = {
    text: 'kharkiv "drama theatre"',
    classIds: [ids.classTerm],
    damageIds: [ids.damageTerm],
    tagIds: [ids.tag],
    severities: [3, 'na'] as Array<0 | 1 | 2 | 3 | 4 | 'na'>,
    confidences: ['certain' as const],
    cameras: ['Canon EOS 40D'],
    places: ['Kharkiv'],
    takenFrom: '2022-01-01',
    takenTo: '2022-12-31',
    flags: ['has-gps' as const],
    statuses: ['reviewed' as const],
    bbox: { south: 44, west: 22, north: 53, east: 41 },
    collectionId: null,
    sort: 'taken' as const,
  };
  const noCollection = /^No collection with id 999999 in this archive\.$/;
  const queryUnknown: UnknownCall<'searchPhotos'>[] = [
    { payload: { collectionId: N }, status: 404, error: noCollection },
    // Facet values are filters: unknown terms, cameras or places match nothing.
    { payload: { classIds: [N], tagIds: [N], cameras: ['No such camera'] }, status: 200, value: [] },
  ];
  return {
    getArchiveInfo: NO_INPUT,
    listPhotos: NO_INPUT,
    getPhoto: { valid: { id: ids.photo }, unknown: [{ payload: { id: N }, status: 404, error: notFound('photo') }] },
    getTimePlace: { valid: { id: ids.photo }, unknown: [{ payload: { id: N }, status: 404, error: notFound('photo') }] },
    similarPhotos: { valid: { id: ids.photo }, unknown: [{ payload: { id: N }, status: 404, error: notFound('photo') }] },
    decideSimilar: {
      valid: { a: ids.photo, b: N, verdict: null },
      unknown: [{ payload: { a: N, b: ids.photo, verdict: 'same' }, status: 404, error: notFound('photo') }],
    },
    listSites: NO_INPUT,
    listIncidents: NO_INPUT,
    getSite: { valid: { id: N }, unknown: [{ payload: { id: N }, status: 404, error: /^No site with id 999999 in this archive\.$/ }] },
    getPhotoPlaces: { valid: { photoId: ids.photo }, unknown: [{ payload: { photoId: N }, status: 404, error: notFound('photo') }] },
    createSite: { valid: { name: 'Van at checkpoint', kind: 'vehicle', lat: 50.45, lon: 30.52, precision: 10, notes: 'burnt out' }, unknown: { none: 'names nothing that must exist' } },
    updateSite: { valid: { id: N, name: 'Renamed', lat: 50.4, lon: 30.5, precision: 100, notes: 'x' }, unknown: [{ payload: { id: N, name: 'x' }, status: 404, error: /^No site with id 999999 in this archive\.$/ }] },
    deleteSite: { valid: { id: N }, unknown: [{ payload: { id: N }, status: 404, error: /^No site with id 999999 in this archive\.$/ }] },
    createIncident: { valid: { name: 'Shelling of the market', startDate: '2022-03-05', endDate: '2022-03', description: 'x' }, unknown: { none: 'names nothing that must exist' } },
    updateIncident: {
      valid: { id: N, name: 'Renamed', startDate: '2022', endDate: '2022-04-01', description: 'y' },
      unknown: [{ payload: { id: N, name: 'x' }, status: 404, error: /^No incident with id 999999 in this archive\.$/ }],
    },
    deleteIncident: { valid: { id: N }, unknown: [{ payload: { id: N }, status: 404, error: /^No incident with id 999999 in this archive\.$/ }] },
    linkSitePhotos: { valid: { siteId: N, photoIds: [ids.photo], linked: true }, unknown: [{ payload: { siteId: N, photoIds: [ids.photo], linked: true }, status: 404, error: /^No site with id 999999 in this archive\.$/ }] },
    linkIncidentPhotos: {
      valid: { incidentId: N, photoIds: [ids.photo], linked: true },
      unknown: [{ payload: { incidentId: N, photoIds: [ids.photo], linked: false }, status: 404, error: /^No incident with id 999999 in this archive\.$/ }],
    },
    linkRegionSite: { valid: { regionId: N, siteId: N }, unknown: [{ payload: { regionId: N, siteId: null }, status: 404, error: notFound('region') }] },
    listProblems: NO_INPUT,
    searchPhotos: { valid: query, unknown: queryUnknown as UnknownCall<'searchPhotos'>[] },
    getFacets: { valid: query, unknown: queryUnknown.slice(0, 1) as UnknownCall<'getFacets'>[] },
    mapPoints: { valid: query, unknown: queryUnknown as UnknownCall<'mapPoints'>[] },
    listCollections: NO_INPUT,
    createCollection: {
      valid: { name: 'Boundary album', kind: 'album', query: null, photoIds: [ids.photo] },
      unknown: [
        { payload: { name: 'Album', kind: 'album', photoIds: [N] }, status: 404, error: notFound('photo') },
        { payload: { name: 'Search', kind: 'search', query: { collectionId: N } }, status: 404, error: noCollection },
      ],
    },
    updateCollection: {
      valid: { id: 1, name: 'Renamed album', query },
      unknown: [{ payload: { id: N, name: 'Renamed' }, status: 404, error: noCollection }],
    },
    deleteCollection: { valid: { id: 1 }, unknown: [{ payload: { id: N }, status: 404, error: noCollection }] },
    addToCollection: { valid: { id: 1, photoIds: [ids.photo] }, unknown: [{ payload: { id: N, photoIds: [ids.photo] }, status: 404, error: noCollection }] },
    removeFromCollection: { valid: { id: 1, photoIds: [ids.photo] }, unknown: [{ payload: { id: N, photoIds: [ids.photo] }, status: 404, error: noCollection }] },
    checkImportPaths: {
      valid: { paths: [ids.folder] },
      unknown: { none: 'answers for any path: a missing one is reported as such (ok: false), not refused' },
    },
    startImport: {
      valid: { paths: [ids.folder], mode: 'reference' },
      unknown: [{ payload: { paths: ['/no/such/folder/anywhere'], mode: 'reference' }, status: 400, error: /no such file or folder/ }],
    },
    cancelImport: { valid: { jobId: 'job-1' }, unknown: [{ payload: { jobId: 'no-such-job' }, status: 200, value: { cancelled: false } }] },
    getImportProgress: NO_INPUT,
    // Refused before any job starts when the path cannot be a bag folder; a folder that is no valid bag fails the job with its problems.
    startBagImport: {
      valid: { path: ids.folder },
      unknown: [
        { payload: { path: '/no/such/bag' }, status: 400, error: /^Cannot import \/no\/such\/bag: there is no such folder\.$/ },
        { payload: { path: 'relative/bag' }, status: 400, error: /^Give the bag folder's full path/ },
        { payload: { path: ids.file }, status: 400, error: /^Cannot import .+: it is a file; a BagIt package is a folder/ },
      ],
    },
    getVocabulary: NO_INPUT,
    addTerm: {
      valid: { kind: 'tag', label: 'Boundary term', parentId: null, colour: '#aabbcc', shortcut: null },
      unknown: [{ payload: { kind: 'tag', label: 'Orphan', parentId: N }, status: 404, error: notFound('term') }],
    },
    updateTerm: {
      valid: { id: ids.tag, label: 'Renamed', colour: null, shortcut: null, hidden: false },
      unknown: [{ payload: { id: N, label: 'Renamed' }, status: 404, error: notFound('term') }],
    },
    mergeTerms: {
      valid: { fromId: ids.tag, intoId: ids.otherTag },
      unknown: [
        { payload: { fromId: N, intoId: ids.tag }, status: 404, error: notFound('term') },
        { payload: { fromId: ids.tag, intoId: N }, status: 404, error: notFound('term') },
      ],
    },
    exportVocabulary: NO_INPUT,
    importVocabulary: {
      valid: {
        vocabulary: {
          format: 'damage-archive-vocabulary',
          version: 1,
          terms: [{ kind: 'tag', key: 'boundary', label: 'Boundary', parentKey: null, colour: null, shortcut: null, hidden: false }],
        },
      },
      unknown: { none: 'terms are matched by kind and key, and unknown ones are added: a vocabulary file names no ids' },
    },
    getAnnotations: { valid: { photoId: ids.photo }, unknown: [{ payload: { photoId: N }, status: 404, error: notFound('photo') }] },
    createRegion: {
      valid: { photoId: ids.photo, geometry: rect, classId: ids.classTerm, damageIds: [ids.damageTerm], severity: 2, confidence: 'certain', note: 'n' },
      unknown: [
        { payload: { photoId: N, geometry: rect }, status: 404, error: notFound('photo') },
        { payload: { photoId: ids.photo, geometry: rect, classId: N }, status: 404, error: notFound('term') },
        { payload: { photoId: ids.photo, geometry: rect, damageIds: [N] }, status: 404, error: notFound('term') },
      ],
    },
    updateRegion: {
      valid: {
        id: ids.region,
        geometry: { type: 'polygon', points: [[0, 0], [1, 0], [1, 1]] },
        classId: ids.classTerm,
        damageIds: [ids.damageTerm],
        severity: 'na',
        confidence: 'possible',
        note: 'x',
      },
      unknown: [
        { payload: { id: N, note: 'x' }, status: 404, error: notFound('region') },
        { payload: { id: ids.region, classId: N }, status: 404, error: notFound('term') },
        { payload: { id: ids.region, damageIds: [N] }, status: 404, error: notFound('term') },
      ],
    },
    deleteRegion: { valid: { id: ids.region }, unknown: [{ payload: { id: N }, status: 404, error: notFound('region') }] },
    listRegionOutlines: {
      valid: { photoIds: [ids.photo] },
      unknown: [{ payload: { photoIds: [N] }, status: 200, value: [] }], // a filter: unknown ids match nothing
    },
    planBatch: { valid: batch, unknown: batchUnknown },
    applyBatch: { valid: batch, unknown: batchUnknown },
    getReview: { valid: { photoId: ids.photo }, unknown: [{ payload: { photoId: N }, status: 404, error: notFound('photo') }] },
    planReview: { valid: { photoIds: [ids.photo], status: 'reviewed', sensitive: true }, unknown: [{ payload: { photoIds: [N], status: 'reviewed' }, status: 404, error: notFound('photo') }] },
    setReview: { valid: { photoIds: [ids.photo], status: 'reviewed', sensitive: true }, unknown: [{ payload: { photoIds: [N], status: 'reviewed' }, status: 404, error: notFound('photo') }] },
    planClockShift: { valid: { photoIds: [ids.photo], shift: { by: 3780 } }, unknown: [{ payload: { photoIds: [N], shift: { by: 60 } }, status: 404, error: notFound('photo') }] },
    applyClockShift: { valid: { photoIds: [ids.photo], shift: { by: 3780 } }, unknown: [{ payload: { photoIds: [N], shift: { by: 60 } }, status: 404, error: notFound('photo') }] },
    undo: NO_INPUT,
    redo: NO_INPUT,
    getUndoState: NO_INPUT,
    getHistory: { valid: { photoId: ids.photo, limit: 10 }, unknown: [{ payload: { photoId: N }, status: 200, value: [] }] }, // a filter too
    getSettings: NO_INPUT,
    listOfflineMaps: NO_INPUT,
    addOfflineMap: {
      valid: { path: ids.file },
      unknown: [{ payload: { path: '/no/such/map.pmtiles' }, status: 400, error: /^Cannot read "\/no\/such\/map\.pmtiles": no such file or folder$/ }],
    },
    removeOfflineMap: { valid: { id: '0123456789abcdef' }, unknown: [{ payload: { id: 'fedcba9876543210' }, status: 200, value: { removed: false } }] },
    checkOriginals: NO_INPUT,
    startExport: {
      valid: { format: 'csv', out: `${ids.folder}-export.csv`, photoIds: [ids.photo], options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' } },
      unknown: [{ payload: { format: 'csv', out: `${ids.folder}-never.csv`, photoIds: [N] }, status: 404, error: notFound('photo') }],
    },
    suggestRedactions: { valid: { photoId: ids.photo }, unknown: [{ payload: { photoId: N }, status: 404, error: notFound('photo') }] },
    previewExport: {
      valid: { photoIds: [ids.photo], options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'share' } },
      unknown: [{ payload: { photoIds: [N] }, status: 404, error: notFound('photo') }],
    },
    cancelExport: { valid: { jobId: 'job-1' }, unknown: [{ payload: { jobId: 'no-such-job' }, status: 200, value: { cancelled: false } }] },
    relinkFolder: {
      valid: { folder: ids.folder },
      unknown: [{ payload: { folder: '/no/such/folder' }, status: 400, error: /^Cannot search \/no\/such\/folder: / }],
    },
    locatePhoto: {
      valid: { photoId: ids.photo, path: ids.file },
      unknown: [
        { payload: { photoId: N, path: ids.file }, status: 404, error: notFound('photo') },
        { payload: { photoId: ids.photo, path: '/no/such/photo.jpg' }, status: 400, error: /^Cannot read \/no\/such\/photo\.jpg/ },
      ],
    },
    listBackups: NO_INPUT,
    backupNow: NO_INPUT,
    restoreBackup: {
      valid: { name: ids.backup },
      unknown: [{ payload: { name: 'catalog-20000101T000000000Z.sqlite' }, status: 404, error: /^No backup named catalog-20000101T000000000Z\.sqlite\.$/ }],
    },
    setSettings: { valid: { userName: 'Boundary tester' }, unknown: { none: 'takes a name, not an id' } },
    planWithdraw: { valid: { photoIds: [ids.photo], withdraw: true }, unknown: [{ payload: { photoIds: [N], withdraw: true }, status: 404, error: notFound('photo') }] },
    withdrawPhotos: { valid: { photoIds: [ids.photo], reason: 'Boundary test' }, unknown: [{ payload: { photoIds: [N], reason: 'x' }, status: 404, error: notFound('photo') }] },
    reinstatePhotos: { valid: { photoIds: [ids.photo] }, unknown: [{ payload: { photoIds: [N] }, status: 404, error: notFound('photo') }] },
    clearProblems: NO_INPUT,
    verifyArchive: NO_INPUT,
    // With no time-stamping authority set it contacts nothing and answers 409 with the reason.
    timestampNow: NO_INPUT,
    verifyBag: {
      valid: { path: ids.folder },
      unknown: [
        { payload: { path: '/no/such/bag' }, status: 400, error: /^Cannot check \/no\/such\/bag: there is no such folder\.$/ },
        { payload: { path: 'relative/bag' }, status: 400, error: /^Give the bag folder's full path/ },
      ],
    },
    getCustodyReport: { valid: { photoIds: [ids.photo] }, unknown: [{ payload: { photoIds: [N] }, status: 404, error: notFound('photo') }] },
  };
}

// ---- Bad payloads derived from the schemas ----

type Schema = z.ZodType;
type Def = { type: string; [k: string]: unknown };
const defOf = (s: Schema) => (s as unknown as { def: Def }).def;

/** Values of every JSON type, and numbers no id accepts. */
export const WRONG_VALUES: readonly unknown[] = ['x', '', 0, -1, 1.5, 2 ** 53, true, null, [], {}, ['x'], [{}], { nested: true }];

export interface Mutation {
  /** Where the wrong value is, e.g. "geometry.x" or "damageIds.0". */
  path: string;
  payload: unknown;
}

function setAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  const obj = value as Record<string, unknown>;
  return { ...obj, [head!]: setAt(obj[head as string], rest, replacement) };
}

function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return value.length ? [...here, ...pathsOf(value[0], [...prefix, 0])] : here;
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

/** The input schema's top-level field names (every method's input is an object). */
export function fieldsOf(method: ApiMethod): string[] {
  const def = defOf(apiSchema[method].input);
  if (def.type !== 'object') throw new Error(`${method}: input is not an object schema`);
  return Object.keys(def.shape as object);
}

/**
 * The valid payload with one wrong value at a time: at every top-level field of the schema
 * (present in the sample or not) and at every nested place of the sample. Only values the schema
 * itself refuses are kept, so each of these must be answered 400.
 */
export function wrongTypeMutations(method: ApiMethod, valid: unknown): Mutation[] {
  const schema = apiSchema[method].input;
  const paths = new Map<string, Array<string | number>>();
  for (const f of fieldsOf(method)) paths.set(f, [f]);
  for (const p of pathsOf(valid)) paths.set(p.join('.'), p);
  const out: Mutation[] = [];
  for (const [name, p] of paths) {
    for (const wrong of WRONG_VALUES) {
      const payload = setAt(valid, p, wrong);
      if (!schema.safeParse(payload).success) out.push({ path: name, payload });
    }
  }
  return out;
}

export interface Limit {
  path: Array<string | number>;
  kind: 'array' | 'string';
  max: number;
}

function maxOf(s: Schema): number | undefined {
  const checks = (defOf(s).checks ?? []) as Array<{ _zod: { def: { check: string; maximum?: number } } }>;
  return checks.map((c) => c._zod.def).find((d) => d.check === 'max_length')?.maximum;
}

/** Every length limit (arrays and strings with a max) at a place the sample fills in. */
export function limitsOf(schema: Schema, value: unknown, path: Array<string | number> = []): Limit[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!value || typeof value !== 'object') return [];
      const shape = def.shape as Record<string, Schema>;
      return Object.entries(value).flatMap(([k, v]) => (shape[k] ? limitsOf(shape[k], v, [...path, k]) : []));
    }
    case 'record':
      return value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => limitsOf(def.valueType as Schema, v, [...path, k])) : [];
    case 'array': {
      if (!Array.isArray(value)) return [];
      const max = maxOf(schema);
      const inner = value.length ? limitsOf(def.element as Schema, value[0], [...path, 0]) : [];
      return max === undefined ? inner : [{ path, kind: 'array', max }, ...inner];
    }
    case 'tuple':
      return Array.isArray(value) ? (def.items as Schema[]).flatMap((s, i) => limitsOf(s, value[i], [...path, i])) : [];
    case 'string': {
      const max = maxOf(schema);
      return max === undefined || typeof value !== 'string' ? [] : [{ path, kind: 'string', max }];
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return value === null || value === undefined ? [] : limitsOf(def.innerType as Schema, value, path);
    case 'pipe':
      return limitsOf(def.in as Schema, value, path);
    case 'union': {
      const match = (def.options as Schema[]).find((o) => o.safeParse(value).success);
      return match ? limitsOf(match, value, path) : [];
    }
    default:
      return [];
  }
}

/** The valid payload with one array or string one item/character over its limit. */
export function overLimitMutations(method: ApiMethod, valid: unknown): Array<Mutation & { limit: Limit }> {
  return limitsOf(apiSchema[method].input, valid).map((limit) => {
    let current: unknown = valid;
    for (const k of limit.path) current = (current as Record<string | number, unknown>)[k];
    const over = limit.kind === 'array' ? Array.from({ length: limit.max + 1 }, () => (current as unknown[])[0]) : 'x'.repeat(limit.max + 1);
    return { path: limit.path.join('.'), payload: setAt(valid, limit.path, over), limit };
  });
}

// ---- What an error answer may say ----

const STACK = /\n\s+at |\bat [^\s]+ \(?[^\s]*:\d+:\d+\)?|node:internal|\b(TypeError|ReferenceError|RangeError|SyntaxError|SqliteError|ZodError)\b/;
/** Absolute paths (POSIX or Windows), not the "/^…$/" of a regex pattern in a validation message. */
const ABSOLUTE_PATH = /(?:^|[\s'"(=:,])((?:\/[\w.~@+%-]+)+\/?|[A-Za-z]:\\[^\s'",)]*)/g;

/**
 * Problems with an error message, or []: it must be a human sentence, without a stack, without
 * any of the server's own paths, and naming no absolute path the caller did not send itself.
 */
export function errorMessageProblems(message: unknown, opts: { serverPaths: string[]; request: unknown }): string[] {
  if (typeof message !== 'string' || message.trim() === '') return ['no error message'];
  const problems: string[] = [];
  if (!/^[A-Z"]/.test(message)) problems.push(`does not read as a sentence: ${message.slice(0, 80)}`);
  if (message.length > 2000) problems.push(`too long (${message.length} characters)`);
  if (STACK.test(message)) problems.push(`looks like a stack trace: ${message.slice(0, 200)}`);
  for (const p of opts.serverPaths) if (p && message.includes(p)) problems.push(`names a server path (${p})`);
  const sent = JSON.stringify(opts.request ?? null);
  for (const m of message.matchAll(ABSOLUTE_PATH)) {
    const p = m[1]!.replace(/[.:]+$/, '');
    if (!sent.includes(p)) problems.push(`names a path the request did not contain: ${p}`);
  }
  return problems;
}
