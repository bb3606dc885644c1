// Every camera fixture, imported through the real pipeline, must show the capture time, make, model
// and GPS that exiftool (the reference reader) reports for the same file.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';
import { listAllRows, type PhotoRow } from '../../electron/catalog/photos';
import { CAMERAS, copyFixtures, exiftoolJson, listJpegs, tempDir } from '../helpers/fixtures';

/** Where exiftool finds a date, in the order the archive prefers them, and the source name we record. */
const DATE_TAGS: Array<[string, string]> = [
  ['ExifIFD:DateTimeOriginal', 'EXIF DateTimeOriginal'],
  ['ExifIFD:CreateDate', 'EXIF CreateDate (digitized)'],
  ['XMP-photoshop:DateCreated', 'XMP photoshop:DateCreated'],
  ['XMP-xmp:CreateDate', 'XMP xmp:CreateDate'],
  ['IFD0:ModifyDate', 'EXIF ModifyDate (last change, no capture time in file)'],
];

/** exiftool -n prints XMP dates with colons; files hold "2003-08-31" or "2005-09-07T15:07:40-07:00". */
function normaliseDate(s: string): string {
  return s.replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1:$2:$3').replace('T', ' ').replace(/Z$/, '');
}

let archive: Archive;
let rows: Map<string, PhotoRow>;
let reference: Map<string, Record<string, unknown>>;
/** `exiftool -json -n` without groups: ExifTool's own choice among blocks, maker notes included. */
let plain: Map<string, Record<string, unknown>>;
const files = listJpegs(CAMERAS);

beforeAll(async () => {
  const photos = copyFixtures(files);
  archive = openArchive(tempDir());
  const result = await runImport(archive, [photos], { mode: 'reference' });
  expect(result.failed).toBe(0);
  rows = new Map(listAllRows(archive.db).map((r) => [r.file_name, r]));
  const tags = ['G1', 'a', 'time:all', 'Make', 'Model', 'GPSLatitude', 'GPSLongitude', 'GPSAltitude'];
  reference = new Map(exiftoolJson(files, tags).map((e) => [path.basename(String(e.SourceFile)), e]));
  plain = new Map(exiftoolJson(files, ['DateTimeOriginal', 'Make', 'Model']).map((e) => [path.basename(String(e.SourceFile)), e]));
});
afterAll(() => archive?.close());

describe('camera fixtures against exiftool', () => {
  it('imports every camera fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(rows.size).toBe(files.length);
  });

  it.each(files.map((f) => path.basename(f)))('%s: capture time, make, model, GPS', (name) => {
    const row = rows.get(name)!;
    const ref = reference.get(name)!;
    expect(row.status).toBe('ok');

    const expected = DATE_TAGS.find(([tag]) => typeof ref[tag] === 'string' && !/^0000/.test(ref[tag] as string));
    const other = plain.get(name)!;
    if (expected) {
      expect(normaliseDate(row.taken_at!)).toBe(normaliseDate(String(ref[expected[0]])));
      expect(row.taken_at_source).toBe(expected[1]);
    } else if (typeof other.DateTimeOriginal === 'string') {
      // Only in a block exifr does not read (Reconyx maker note, Olympus PictureInfo, Canon CIFF): ExifTool's.
      expect(row.taken_at).toBe(other.DateTimeOriginal);
      expect(row.taken_at_source).toBe('DateTimeOriginal (read by ExifTool)');
    } else expect(row.taken_at).toBeNull();
    expect(row.make).toBe(other.Make ?? null);
    expect(row.model).toBe(other.Model ?? null);

    const lat = ref['Composite:GPSLatitude'];
    const lon = ref['Composite:GPSLongitude'];
    if (typeof lat === 'number' && typeof lon === 'number') {
      expect(row.gps_lat).toBeCloseTo(lat, 7);
      expect(row.gps_lon).toBeCloseTo(lon, 7);
      const alt = ref['Composite:GPSAltitude'];
      if (typeof alt === 'number') expect(row.gps_alt).toBeCloseTo(alt, 3);
    } else {
      expect(row.gps_lat).toBeNull();
      expect(row.gps_lon).toBeNull();
    }
  });

  it('reads the GPS fixture as 43°28\'2.81"N 11°53\'6.46"E', () => {
    const row = rows.get('gps__DSCN0010.jpg')!;
    expect(row.gps_lat).toBeCloseTo(43 + 28 / 60 + 2.81 / 3600, 5);
    expect(row.gps_lon).toBeCloseTo(11 + 53 / 60 + 6.46 / 3600, 5);
    expect(row.gps_time).toBe('2008-10-23T14:27:07.240Z');
  });

  it('derives UTC only when the file states its offset, and says so', () => {
    const nokia = rows.get('mobile__HMD_Nokia_8.3_5G.jpg')!;
    expect(nokia.taken_at).toBe('2022:08:14 14:12:31');
    expect(nokia.taken_at_offset).toBe('+03:00');
    expect(nokia.taken_at_utc).toBe('2022-08-14T11:12:31.000Z');
    const nikon = rows.get('gps__DSCN0010.jpg')!;
    expect(nikon.taken_at_utc).toBeNull();
  });

  it('keeps IPTC/XMP descriptive fields from the file', () => {
    const blue = rows.get('xmp__BlueSquare.jpg')!;
    expect(blue.file_title).toBe('Blue Square Test File - .jpg');
    expect(JSON.parse(blue.file_keywords)).toEqual(['XMP', 'Blue Square', 'test file', 'Photoshop', '.jpg']);
    const noExif = rows.get('xmp__no_exif.jpg')!;
    expect(noExif.file_creator).toBe('CREDIT');
  });

  it('stores the full tag dump as JSON', () => {
    const row = rows.get('Canon_40D.jpg')!;
    const dump = JSON.parse(
      (archive.db.prepare('SELECT json FROM photo_tags_dump WHERE photo_id = ?').get(row.id) as { json: string }).json,
    ) as Record<string, Record<string, unknown>>;
    expect(dump.ifd0?.Model).toBe('Canon EOS 40D');
    expect(dump.exif?.DateTimeOriginal).toBe(row.taken_at);
  });
});
