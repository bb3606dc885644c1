// An archive worth bagging: real photos (some referenced in place, some copied in) with awkward file
// names, annotated through the API the app uses by two people (terms added, renamed, merged; tags;
// rectangles and polygons with several damage types, every kind of severity, notes and captions with
// hostile text; edits, a deletion, undo and redo), and a snapshot of everything a round trip must keep.
import fs from 'node:fs';
import path from 'node:path';
import type { ExportOptions, ExportProgress, Geometry, HistoryEntry, Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { HOSTILE_CAPTION, HOSTILE_NOTE } from './export-archive';
import { CAMERAS, ORIENTATION, sha256File, tempDir } from './fixtures';
import { safeFileName } from '../../electron/catalog/bag/safe-name';

export { HOSTILE_CAPTION, HOSTILE_NOTE };

/**
 * Names a bag must carry as they are (manifests percent-encode the line break and "%"). An archive that
 * imports the bag makes them safe (the line break becomes a space, issue 10): see asImportedFromBag.
 */
export const ODD_NAMES = {
  cyrillic: 'Маріуполь "драмтеатр" 1.jpg',
  newline: 'line\nbreak 100%.jpg',
  quotes: "it's \"here\", ok.jpg",
} as const;
/** Two different photos both called this (in two folders), and one whose name differs only in case. */
export const TWIN_NAME = 'IMG_0001.JPG';

export interface BagArchive {
  dir: string;
  session: ArchiveSession;
  /** The files holding the originals (referenced files and the archive's copies). */
  originals(): string[];
  close(): Promise<void>;
}

function copy(from: string, dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const to = path.join(dir, name);
  fs.copyFileSync(from, to);
  return to;
}

export async function bagArchive(): Promise<BagArchive> {
  const src = tempDir('bag-photos-');
  const inPlace = path.join(src, 'in-place');
  const copied = path.join(src, 'copied');
  copy(path.join(CAMERAS, 'gps__DSCN0010.jpg'), inPlace, ODD_NAMES.cyrillic);
  copy(path.join(ORIENTATION, 'Landscape_6.jpg'), inPlace, ODD_NAMES.newline);
  copy(path.join(CAMERAS, 'Canon_40D.jpg'), inPlace, ODD_NAMES.quotes);
  copy(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(inPlace, 'a'), TWIN_NAME);
  copy(path.join(CAMERAS, 'Pentax_K10D.jpg'), path.join(copied, 'b'), TWIN_NAME);
  copy(path.join(CAMERAS, 'Kodak_CX7530.jpg'), copied, TWIN_NAME.toLowerCase());
  copy(path.join(CAMERAS, 'xmp__no_exif.jpg'), copied, 'no exif.jpg');

  const dir = tempDir('bag-archive-');
  const session = new ArchiveSession(dir, { host: 'web' });
  const api = session.api;
  await api.startImport({ paths: [inPlace], mode: 'reference' });
  await session.idle();
  await api.startImport({ paths: [copied], mode: 'copy' });
  await session.idle();
  const photos = await api.listPhotos({});
  if (photos.length !== 7) throw new Error(`expected 7 photos, got ${photos.length}`);
  const byPath = new Map<string, number>();
  for (const p of photos) byPath.set((await api.getPhoto({ id: p.id })).sourcePath, p.id);
  const id = (file: string) => byPath.get(file) ?? fail(`not imported: ${file}`);
  const gps = id(path.join(inPlace, ODD_NAMES.cyrillic));
  const rotated = id(path.join(inPlace, ODD_NAMES.newline));
  const canon = id(path.join(inPlace, ODD_NAMES.quotes));
  const twinA = id(path.join(inPlace, 'a', TWIN_NAME));
  const twinB = id(path.join(copied, 'b', TWIN_NAME));

  await api.setSettings({ userName: 'Olena Kovalenko' });
  let terms: Term[] = await api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key) ?? fail(`no term ${key}`);
  const khorog = await api.addTerm({ kind: 'tag', label: 'Khorog', parentId: null, colour: '#aa3300', shortcut: 'k' });
  const typo = await api.addTerm({ kind: 'tag', label: 'Khorogh', parentId: null, colour: null, shortcut: null });
  const scars = await api.addTerm({ kind: 'damage', label: 'Shrapnel scars', parentId: null, colour: '#123456', shortcut: '7' });
  const kiosk = await api.addTerm({ kind: 'class', label: 'Kiosk, "street"', parentId: term('building').id, colour: null, shortcut: null });
  terms = await api.getVocabulary({});
  await api.updateTerm({ id: term('damage.fire').id, label: 'Fire (burnt out)', colour: '#ff0000' });
  await api.updateTerm({ id: term('damage.looting').id, hidden: true });

  await api.applyBatch({ photoIds: [gps, rotated], addTagIds: [typo.id], removeTagIds: [], fields: {} });
  await api.applyBatch({ photoIds: [rotated], addTagIds: [khorog.id, term('damage.fire').id], removeTagIds: [], fields: {} });
  await api.mergeTerms({ fromId: typo.id, intoId: khorog.id });

  const rect: Geometry = { type: 'rect', x: 0.1, y: 0.2, w: 0.3, h: 0.25 };
  const polygon: Geometry = { type: 'polygon', points: [[0.5, 0.5], [0.9, 0.52], [0.88, 0.9], [0.55, 0.85]] };
  const r1 = await api.createRegion({
    photoId: rotated, geometry: rect, classId: term('building.residential').id, damageIds: [term('damage.gunfire').id, term('damage.fragmentation').id],
    severity: 3, confidence: 'certain', note: HOSTILE_NOTE,
  });
  await api.createRegion({
    photoId: rotated, geometry: polygon, classId: term('vehicle.minibus').id, damageIds: [term('damage.fire').id, scars.id], severity: 'na', confidence: 'possible', note: '',
  });
  await api.createRegion({ photoId: gps, geometry: { type: 'rect', x: 0, y: 0, w: 1, h: 0.5 }, classId: null, damageIds: [], severity: 0, confidence: null, note: 'intact' });
  const gone = await api.createRegion({ photoId: canon, geometry: rect, classId: kiosk.id, damageIds: [term('damage.blast').id], severity: 2, confidence: 'certain', note: 'x' });
  await api.deleteRegion({ id: gone.id });

  await api.setSettings({ userName: 'Bohdan "Bob" Ivanenko' });
  await api.updateRegion({ id: r1.id, severity: 4, damageIds: [term('damage.gunfire').id, term('damage.fragmentation').id, term('damage.partial-collapse').id] });
  await api.createRegion({
    photoId: twinB, geometry: { type: 'polygon', points: [[0.1, 0.1], [0.4, 0.1], [0.25, 0.4]] }, classId: kiosk.id, damageIds: [term('damage.markings').id],
    severity: 1, confidence: 'possible', note: 'graffiti, "Z"\nleft side',
  });
  await api.applyBatch({
    photoIds: [rotated],
    addTagIds: [],
    removeTagIds: [],
    fields: { caption: HOSTILE_CAPTION, title: 'Drama theatre', creator: 'Taras Shevchuk', credit: 'Photo: IWPR', city: 'Маріуполь', countryCode: 'ua', lat: '47.0951', lon: '37.5413' },
  });
  await api.applyBatch({ photoIds: [twinA, twinB], addTagIds: [khorog.id], removeTagIds: [], fields: { event: 'Siege', lat: '-34.6037', lon: '-58.3816' } });
  await api.applyBatch({ photoIds: [twinA], addTagIds: [], removeTagIds: [], fields: { event: 'Wrong' } });
  await api.undo({});
  await api.redo({});
  await api.undo({});

  return {
    dir,
    session,
    originals: () =>
      fs
        .readdirSync(src, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .concat(
          fs
            .readdirSync(path.join(dir, 'originals'), { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => path.join(e.parentPath, e.name)),
        ),
    close: () => session.close(),
  };
}

/**
 * Exports a bag through the API, as the Export dialog does, and returns the final progress.
 * `cancelAfter`: press Cancel once that many photos are done (the job goes on from there alone).
 */
export async function exportBag(
  session: ArchiveSession,
  out: string,
  o: { photoIds?: number[] | null; options?: Partial<ExportOptions>; cancelAfter?: number } = {},
): Promise<{ last: ExportProgress; events: ExportProgress[] }> {
  const events: ExportProgress[] = [];
  let jobId: string | null = null;
  let cancelled = false;
  const stop = session.onEvent((e) => {
    if (e.type !== 'export-progress') return;
    events.push(e.progress);
    if (o.cancelAfter !== undefined && !cancelled && jobId && e.progress.done >= o.cancelAfter) {
      cancelled = true;
      void session.api.cancelExport({ jobId });
    }
  });
  try {
    ({ jobId } = await session.api.startExport({
      format: 'bagit', out, photoIds: o.photoIds ?? null,
      options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full', ...o.options },
    }));
    await session.exportIdle();
  } finally {
    stop();
  }
  return { last: events.at(-1) ?? fail('no export progress was reported'), events };
}

export { sha256File };

/** Everything a round trip must keep, with the archive's own ids and paths replaced by stable keys. */
export async function snapshot(session: ArchiveSession, opts: { history: (h: HistoryEntry) => boolean } = { history: () => true }) {
  const api = session.api;
  const terms = await api.getVocabulary({});
  const byId = new Map(terms.map((t) => [t.id, t]));
  const key = (id: number | null) => (id === null ? null : `${byId.get(id)!.kind}:${byId.get(id)!.key}`);
  const photos = [];
  const shaOf = new Map<number, string>();
  for (const s of await api.listPhotos({})) {
    const p = await api.getPhoto({ id: s.id });
    shaOf.set(p.id, p.sha256!);
    const a = await api.getAnnotations({ photoId: p.id });
    const { id: _id, sourcePath: _s, storedPath: _st, importedAt: _i, hasThumb: _t, hasPreview: _p, ...file } = p;
    photos.push({
      ...file,
      tags: a.tagIds.map(key).sort(),
      regions: a.regions
        .map((r) => ({
          geometry: r.geometry, class: key(r.classId), damage: r.damageIds.map(key).sort(), severity: r.severity, confidence: r.confidence,
          note: r.note, createdAt: r.createdAt, updatedAt: r.updatedAt,
        }))
        .sort((x, y) => (x.createdAt < y.createdAt ? -1 : 1)),
      metadata: a.meta,
    });
  }
  photos.sort((x, y) => (x.sha256! < y.sha256! ? -1 : 1));
  const vocabulary = terms
    .map((t) => ({ kind: t.kind, key: t.key, label: t.label, parent: key(t.parentId), colour: t.colour, shortcut: t.shortcut, hidden: t.hidden, mergedInto: key(t.mergedInto) }))
    .sort((x, y) => (`${x.kind}:${x.key}` < `${y.kind}:${y.key}` ? -1 : 1));
  const history = (await api.getHistory({ photoId: null, limit: 10_000 }))
    .filter(opts.history)
    .reverse()
    .map((h) => ({ at: h.at, actor: h.actor, action: h.action, description: h.description, photo: h.photoId === null ? null : shaOf.get(h.photoId), old: h.oldValue, new: h.newValue }));
  return { photos, vocabulary, history };
}

/** A snapshot as an archive importing the bag has it: the photos' names made safe (safeFileName). */
export function asImportedFromBag<T extends { photos: Array<{ fileName: string }> }>(snap: T): T {
  return { ...snap, photos: snap.photos.map((p) => ({ ...p, fileName: safeFileName(p.fileName).name })) };
}

function fail(message: string): never {
  throw new Error(message);
}
