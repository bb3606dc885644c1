// CSV export for spreadsheets: parsed back with csv-parse in strict RFC 4180 mode (CRLF record
// ends only, every row the header's width), the hostile caption and note come back exactly, the
// byte-order mark follows the option, formulas are defused and numbers stay numbers.
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../electron/catalog/export';
import { COLUMNS, buildCsv } from '../../electron/catalog/export/csv';
import {
  ANNOTATOR, FORMULA_SUBLOCATION, FORMULA_TITLE, GPS, HOSTILE_CAPTION, HOSTILE_NOTE, OTHER, POLYGON, ROTATED, annotatedArchive, exportSetOf, exportVia, type AnnotatedArchive,
} from '../helpers/export-archive';
import { tempDir } from '../helpers/fixtures';

type Rec = Record<(typeof COLUMNS)[number], string>;

let a: AnnotatedArchive;
let bytes: Buffer;
let records: Rec[];

/** Strict reading: only CRLF ends a record (a bare LF must be inside quotes), same width everywhere. */
function readCsv(text: string | Buffer): Rec[] {
  return parse(text, { bom: true, columns: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false }) as Rec[];
}

beforeAll(async () => {
  a = await annotatedArchive();
  const out = path.join(tempDir('csv-'), 'damage.csv');
  expect(await exportVia(a, 'csv', out)).toMatchObject({ state: 'done', message: `Exported 3 photos to ${out}.` });
  bytes = fs.readFileSync(out);
  records = readCsv(bytes);
});
afterAll(() => a?.close());

const photo = (file: string) => records.find((r) => r.row === 'photo' && r.file_name === file)!;
const region = (id: number) => records.find((r) => r.row === 'region' && r.region_id === String(id))!;

describe('CSV export', () => {
  it('has a header, one row per photo and one per region, CRLF row ends and a BOM by default', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(records.filter((r) => r.row === 'photo').map((r) => r.file_name).sort()).toEqual([GPS, OTHER, ROTATED].sort());
    expect(records.filter((r) => r.row === 'region')).toHaveLength(3);
    // Each photo's regions follow its own row.
    const i = records.indexOf(photo(ROTATED));
    expect(records.slice(i + 1, i + 4).map((r) => r.row)).toEqual(['region', 'region', 'region']);
  });

  it('brings the hostile caption and note back exactly', () => {
    expect(photo(ROTATED).caption).toBe(HOSTILE_CAPTION);
    expect(region(a.regions.rect.id).note).toBe(HOSTILE_NOTE);
    expect(photo(ROTATED)).toMatchObject({ city: 'Маріуполь', credit: 'Photo: IWPR', copyright: '© 2022 Example Agency', creator: 'Taras Shevchuk', country_code: 'UA' });
  });

  it('defuses cells a spreadsheet would run as formulas, and leaves numbers as numbers', () => {
    expect(photo(ROTATED).title).toBe(`'${FORMULA_TITLE}`);
    expect(photo(ROTATED).sublocation).toBe(`'${FORMULA_SUBLOCATION}`);
    // Only a cell's start matters to a spreadsheet: a tag starting with "-" inside the list is left alone.
    expect(photo(ROTATED).tags.split('; ').sort()).toEqual([a.freeTag.label, a.term('damage.fire').label].sort());
    // Negative coordinates stay bare numbers (no apostrophe, no quotes) in the file itself.
    expect(bytes.toString('utf8')).toContain(',-34.6037,-58.3816,user-supplied,');
    expect(photo(OTHER)).toMatchObject({ lat: '-34.6037', lon: '-58.3816', position_source: 'user-supplied' });
    expect(Number(photo(GPS).lat)).toBeCloseTo(43.4674, 3);
    expect(photo(GPS).position_source).toBe('EXIF GPS');
  });

  it('describes each region: class, damage, severity as number and label, confidence, normalized geometry', () => {
    expect(region(a.regions.rect.id)).toMatchObject({
      photo_id: String(a.ids[ROTATED]), file_name: ROTATED, class: 'building.residential', damage_types: 'damage.gunfire; damage.glazing',
      severity: '3', severity_label: '3 severe', confidence: 'certain', shape: 'rectangle', x: '0.1', y: '0.2', w: '0.3', h: '0.25', points: '',
      region_created_by: ANNOTATOR,
    });
    expect(region(a.regions.polygon.id)).toMatchObject({
      class: 'vehicle.minibus', severity: '4', confidence: 'possible', shape: 'polygon', x: '0.5', y: '0.5', w: '0.4', h: '0.4',
      points: POLYGON.points.map(([x, y]) => `${x} ${y}`).join('; '),
    });
    expect(region(a.regions.unclassified.id)).toMatchObject({ class: '', severity: '', severity_label: 'not assessable', damage_types: 'damage.blast' });
    expect(region(a.regions.rect.id).region_created_at).toBe(a.regions.rect.createdAt);
  });

  it('writes no BOM when asked not to, and the rest is the same', async () => {
    const set = await exportSetOf(a);
    const without = buildCsv(set, { bom: false });
    expect(without.charCodeAt(0)).not.toBe(0xfeff);
    expect(without.startsWith('row,photo_id,')).toBe(true);
    expect(buildCsv(set, { bom: true })).toBe(`\uFEFF${without}`);
    expect(readCsv(without)).toEqual(records);
    const out = path.join(tempDir('csv-'), 'no-bom.csv');
    await exportVia(a, 'csv', out, [a.ids[ROTATED]!], { bom: false });
    const one = fs.readFileSync(out);
    expect(one[0]).toBe('r'.charCodeAt(0));
    expect(readCsv(one).map((r) => r.row)).toEqual(['photo', 'region', 'region', 'region']);
  });

  it('leaves nothing at the destination when cancelled', async () => {
    const dir = tempDir('csv-');
    const out = path.join(dir, 'cancelled.csv');
    const abort = new AbortController();
    abort.abort();
    const history = await a.session.api.getHistory({ photoId: null, limit: 10_000 });
    const end = await runExport(a.session.current, {
      format: 'csv', out, photoIds: null, jobId: 'csv-cancel', signal: abort.signal, history: () => history,
      options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' },
    });
    expect(end.state).toBe('cancelled');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
