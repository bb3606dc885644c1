// Hostile and odd input, all imported together with good photos: every bad file must come back with
// a specific reason (or import, when it really is a valid photo), nothing may hang or crash the
// import, and every good file must import.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { derivedPath, openArchive, type Archive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';
import { DUMP_LIMITS, TEXT_LIMIT } from '../../electron/catalog/metadata';
import { listAllRows, listProblems, listSummaries, type PhotoRow } from '../../electron/catalog/photos';
import { verifyArchive } from '../../electron/catalog/verify';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, isRoot, tempDir } from '../helpers/fixtures';
import {
  TAG,
  TIFF_TYPE as T,
  ascii,
  buildTiff,
  exifSegment,
  flatPng,
  plainJpeg,
  pngBomb,
  rationals,
  short,
  spliceAfterSoi,
  type TiffIfd,
  withDeclaredJpegSize,
} from '../helpers/hostile-files';

/** What each file must become: an error with this reason, or a photo passing these checks. */
type Expected = { reason: RegExp } | { photo: (row: PhotoRow) => void };

const expected = new Map<string, Expected>();
const fail = (file: string, reason: RegExp) => expected.set(file, { reason });
const photo = (file: string, check: (row: PhotoRow) => void = () => {}) => expected.set(file, { photo: check });

const camera = (name: string) => fs.readFileSync(path.join(CAMERAS, name));
let colour = 0;
/** A real JPEG with this EXIF block spliced in after SOI; each in its own colour, so each has its own hash. */
async function jpegWithExif(ifds: TiffIfd[], opts: { ifd0Offset?: number } = {}): Promise<Buffer> {
  colour += 40;
  const base = await plainJpeg({ r: colour % 256, g: (colour * 3) % 256, b: 90 });
  return spliceAfterSoi(base, exifSegment(buildTiff(ifds, opts)));
}

/** Deterministic "random" bytes (mulberry32), so a failure can be reproduced. */
function noise(length: number, seed = 0x5eed): Buffer {
  const out = Buffer.alloc(length);
  let a = seed;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** exiftool writes odd-but-valid metadata, only ever into our own temporary copies. */
function exiftool(file: string, ...args: string[]): void {
  execFileSync('exiftool', ['-m', '-q', '-overwrite_original', ...args, file]);
}

const TEN_MB = 10 * 1024 * 1024;

let dir: string;
let archive: Archive;
let result: ImportProgress;
let problems: Map<string, string>;
let rows: Map<string, PhotoRow>;
let vanished = false;

beforeAll(async () => {
  dir = tempDir('hostile-');
  const at = (...parts: string[]) => path.join(dir, ...parts);
  const write = (name: string, bytes: Buffer | string) => fs.writeFileSync(at(name), bytes);

  // Good photos, which must import whatever else is in the folder.
  write('good Canon_40D.jpg', camera('Canon_40D.jpg'));
  photo(at('good Canon_40D.jpg'), (r) => expect(r).toMatchObject({ make: 'Canon', model: 'Canon EOS 40D' }));
  write('good gps__DSCN0010.jpg', camera('gps__DSCN0010.jpg'));
  photo(at('good gps__DSCN0010.jpg'), (r) => {
    expect(r.gps_lat).toBeCloseTo(43.467448, 5);
    expect(r.gps_lon).toBeCloseTo(11.885127, 5);
  });
  fs.copyFileSync(path.join(ORIENTATION, 'Portrait_6.jpg'), at('good Portrait_6.jpg'));
  photo(at('good Portrait_6.jpg'), (r) => expect(r.height!).toBeGreaterThan(r.width!));

  // Broken or not images at all.
  const canon = camera('Canon_40D.jpg');
  write('truncated.jpg', canon.subarray(0, Math.floor(canon.length / 2)));
  fail(at('truncated.jpg'), /^truncated or incomplete image data \(.+\)$/);
  write('empty.jpg', Buffer.alloc(0));
  fail(at('empty.jpg'), /^empty file \(0 bytes\)$/);
  write('random-bytes.jpg', noise(100_000));
  fail(at('random-bytes.jpg'), /^not a recognised image: the contents match no image format, though the name ends in \.jpg$/);

  // Pixel bombs: tiny files whose headers declare billions of pixels.
  write('bomb 100000x100000.png', pngBomb(100_000, 100_000));
  fail(at('bomb 100000x100000.png'), /^image declares 100000x100000 pixels \(10,000 megapixels\), more than the limit of 200 megapixels$/);
  write('bomb 60000x60000.jpg', withDeclaredJpegSize(await plainJpeg({ r: 1, g: 2, b: 3 }), 60000, 60000));
  fail(at('bomb 60000x60000.jpg'), /^image declares 60000x60000 pixels \(3,600 megapixels\), more than the limit of 200 megapixels$/);
  write('bomb 65535x65535.jpg', withDeclaredJpegSize(await plainJpeg({ r: 3, g: 2, b: 1 }), 65535, 65535));
  fail(at('bomb 65535x65535.jpg'), /^image is larger than the decoder supports \(.*Maximum supported image dimension is 65500 pixels\)$/);

  // A valid photo with the wrong extension is still a valid photo.
  write('a png really.jpg', await sharp(path.join(ORIENTATION, 'Landscape_1.jpg')).png().toBuffer());
  photo(at('a png really.jpg'), (r) => expect(r.format).toBe('png'));

  // EXIF blocks with absurd offsets and counts, in otherwise valid JPEGs: the pictures import, the
  // broken metadata is ignored (exiftool, the reference reader, also reads nothing from them).
  write('exif ifd0 offset 0xFFFFFFF0.jpg', await jpegWithExif([{ name: 'ifd0', entries: [{ tag: TAG.Make, type: T.ASCII, data: ascii('Evil') }] }], { ifd0Offset: 0xfffffff0 }));
  photo(at('exif ifd0 offset 0xFFFFFFF0.jpg'), (r) => expect(r).toMatchObject({ make: null, width: 96, height: 64 }));
  write(
    'exif ifd entry count 65535.jpg',
    await jpegWithExif([
      { name: 'ifd0', declaredCount: 65535, entries: [{ tag: TAG.Make, type: T.ASCII, data: ascii('EvilMake') }, { tag: TAG.Orientation, type: T.SHORT, data: short(6) }] },
    ]),
  );
  photo(at('exif ifd entry count 65535.jpg'), (r) => expect(r.width! * r.height!).toBe(96 * 64));
  write(
    'exif value offsets past the end.jpg',
    await jpegWithExif([
      {
        name: 'ifd0',
        entries: [
          { tag: TAG.Make, type: T.ASCII, count: 100, rawValue: 0x7ffffff0 },
          { tag: TAG.Model, type: T.ASCII, count: 0xffffffff, rawValue: 0x20 },
          { tag: TAG.ImageDescription, type: T.RATIONAL, count: 0x1fffffff, rawValue: 0x10 },
          { tag: TAG.ExifIFD, type: T.LONG, rawValue: 0xfffffff0 },
          { tag: TAG.GPSIFD, type: T.LONG, rawValue: 0x7fffffff },
        ],
      },
    ]),
  );
  photo(at('exif value offsets past the end.jpg'), (r) => expect(r).toMatchObject({ make: null, model: null, gps_lat: null, width: 96, height: 64 }));
  write(
    'exif ifds pointing at themselves.jpg',
    await jpegWithExif([
      {
        name: 'ifd0',
        next: 8,
        entries: [
          { tag: TAG.Make, type: T.ASCII, data: ascii('Loop') },
          { tag: TAG.ExifIFD, type: T.LONG, pointsTo: 'ifd0' },
          { tag: TAG.GPSIFD, type: T.LONG, pointsTo: 'ifd0' },
        ],
      },
    ]),
  );
  photo(at('exif ifds pointing at themselves.jpg'), (r) => expect(r).toMatchObject({ make: 'Loop', gps_lat: null }));

  // GPS no receiver writes: imported, without GPS (never NaN or an impossible position).
  const gpsJpeg = (gps: TiffIfd['entries']) =>
    jpegWithExif([
      { name: 'ifd0', entries: [{ tag: TAG.Make, type: T.ASCII, data: ascii('GPS test') }, { tag: TAG.GPSIFD, type: T.LONG, pointsTo: 'gps' }] },
      { name: 'gps', entries: gps },
    ]);
  const noGps = (r: PhotoRow) => expect([r.gps_lat, r.gps_lon, r.gps_alt, r.gps_direction, r.gps_time]).toEqual([null, null, null, null, null]);
  write(
    'gps latitude 200.jpg',
    await gpsJpeg([
      { tag: TAG.GPSLatitudeRef, type: T.ASCII, data: ascii('N') },
      { tag: TAG.GPSLatitude, type: T.RATIONAL, data: rationals([200, 1], [0, 1], [0, 1]) },
      { tag: TAG.GPSLongitudeRef, type: T.ASCII, data: ascii('E') },
      { tag: TAG.GPSLongitude, type: T.RATIONAL, data: rationals([30, 1], [0, 1], [0, 1]) },
    ]),
  );
  photo(at('gps latitude 200.jpg'), noGps);
  write(
    'gps zero denominators.jpg',
    await gpsJpeg([
      { tag: TAG.GPSLatitudeRef, type: T.ASCII, data: ascii('N') },
      { tag: TAG.GPSLatitude, type: T.RATIONAL, data: rationals([1, 0], [0, 0], [5, 0]) },
      { tag: TAG.GPSLongitudeRef, type: T.ASCII, data: ascii('W') },
      { tag: TAG.GPSLongitude, type: T.RATIONAL, data: rationals([30, 0], [0, 0], [0, 0]) },
      { tag: TAG.GPSAltitude, type: T.RATIONAL, data: rationals([0, 0]) },
      { tag: TAG.GPSImgDirection, type: T.RATIONAL, data: rationals([5, 0]) },
    ]),
  );
  photo(at('gps zero denominators.jpg'), noGps);
  write(
    'gps position with 0-over-0 altitude.jpg',
    await gpsJpeg([
      { tag: TAG.GPSLatitudeRef, type: T.ASCII, data: ascii('N') },
      { tag: TAG.GPSLatitude, type: T.RATIONAL, data: rationals([48, 1], [30, 1], [0, 1]) },
      { tag: TAG.GPSLongitudeRef, type: T.ASCII, data: ascii('E') },
      { tag: TAG.GPSLongitude, type: T.RATIONAL, data: rationals([37, 1], [45, 1], [0, 1]) },
      { tag: TAG.GPSAltitudeRef, type: T.BYTE, data: Buffer.from([0]) },
      { tag: TAG.GPSAltitude, type: T.RATIONAL, data: rationals([0, 0]) },
      { tag: TAG.GPSImgDirection, type: T.RATIONAL, data: rationals([5, 0]) },
    ]),
  );
  photo(at('gps position with 0-over-0 altitude.jpg'), (r) => {
    expect(r.gps_lat).toBeCloseTo(48.5, 9);
    expect(r.gps_lon).toBeCloseTo(37.75, 9);
    expect([r.gps_alt, r.gps_direction]).toEqual([null, null]);
  });

  // 10 MB of caption. A JPEG's EXIF must fit one 64 KB APP1 segment, so the 10 MB EXIF
  // ImageDescription goes in a TIFF; the JPEG carries it in extended XMP and IPTC instead.
  const description = 'Apartment block, east side, shelled overnight. '.repeat(TEN_MB / 32).slice(0, TEN_MB);
  const descriptionFile = path.join(tempDir('caption-'), 'description.txt');
  fs.writeFileSync(descriptionFile, description);
  await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 90, g: 60, b: 30 } } }).tiff().toFile(at('caption 10 MB.tif'));
  exiftool(at('caption 10 MB.tif'), `-ImageDescription<=${descriptionFile}`);
  await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 30, g: 60, b: 90 } } }).jpeg().toFile(at('caption 10 MB.jpg'));
  exiftool(at('caption 10 MB.jpg'), `-XMP-dc:Description<=${descriptionFile}`, `-IPTC:Caption-Abstract<=${descriptionFile}`);
  const boundedCaption = (r: PhotoRow) => {
    expect(r.file_caption!.length).toBeLessThan(TEXT_LIMIT + 100);
    expect(r.file_caption!.startsWith(description.slice(0, TEXT_LIMIT))).toBe(true);
    expect(r.file_caption).toMatch(/ \[…cut by the archive: the file holds 10,485,760 characters\]$/);
  };
  photo(at('caption 10 MB.tif'), boundedCaption);
  photo(at('caption 10 MB.jpg'), boundedCaption);

  // 200 folders deep.
  const deep = at(...Array.from({ length: 200 }, (_, i) => `level-${String(i + 1).padStart(3, '0')}`));
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(deep, 'at the bottom.jpg'), camera('Nikon_D70.jpg'));
  photo(path.join(deep, 'at the bottom.jpg'));

  // Symbolic link loops: a folder linking to itself, a file linking to itself, two files linking to each other.
  fs.mkdirSync(at('loops'));
  fs.writeFileSync(at('loops', 'inside the loop.jpg'), camera('Pentax_K10D.jpg'));
  photo(at('loops', 'inside the loop.jpg'));
  fs.symlinkSync(at('loops'), at('loops', 'again'));
  fs.symlinkSync('self.jpg', at('loops', 'self.jpg'));
  fail(at('loops', 'self.jpg'), /^cannot read: too many symbolic links \(a link loop\)$/);
  fs.symlinkSync('ping.jpg', at('loops', 'pong.jpg'));
  fs.symlinkSync('pong.jpg', at('loops', 'ping.jpg'));
  fail(at('loops', 'ping.jpg'), /^cannot read: too many symbolic links \(a link loop\)$/);
  fail(at('loops', 'pong.jpg'), /^cannot read: too many symbolic links \(a link loop\)$/);

  // Names that break careless code: shell, HTML, line breaks, scripts outside Latin, emoji, 254 bytes.
  const names: Array<[string, string]> = [
    ['  spaces   everywhere .jpg', 'Canon_DIGITAL_IXUS_400.jpg'],
    [`quotes "double" 'single' \`back\` $(id).jpg`, 'Canon_PowerShot_S40.jpg'],
    ['new\nline\r\ttab.jpg', 'Fujifilm_FinePix6900ZOOM.jpg'],
    ['Хорог — разрушенный дом.jpg', 'Kodak_CX7530.jpg'],
    ['💥 shelled 🏚️ block.jpg', 'Konica_Minolta_DiMAGE_Z3.jpg'],
    ['<img src=x onerror=alert(1)>.jpg', 'Nikon_COOLPIX_P1.jpg'],
    [`${'Д'.repeat(125)}.jpg`, 'Olympus_C8080WZ.jpg'],
  ];
  for (const [name, source] of names) {
    write(name, camera(source));
    photo(at(name), (r) => expect(r.file_name).toBe(name));
  }

  // Files that cannot be read. A named pipe would block whoever opens it until a writer comes; a
  // link to /dev/zero never ends. Neither may be opened (chmod 000 cannot stop root: see below).
  execFileSync('mkfifo', [at('named pipe.jpg')]);
  fail(at('named pipe.jpg'), /^not a regular file \(a named pipe\)$/);
  fs.symlinkSync('/dev/zero', at('endless device.jpg'));
  fail(at('endless device.jpg'), /^not a regular file \(a device\)$/);

  // Gone: a link to nothing, and a file deleted after the scan found it but before it is read.
  fs.symlinkSync(at('never existed.jpg'), at('dangling link.jpg'));
  fail(at('dangling link.jpg'), /^cannot read: no such file or folder$/);
  write('vanishing.jpg', camera('Ricoh_Caplio_RR330.jpg'));
  fail(at('vanishing.jpg'), /^cannot read: no such file or folder$/);

  // Folders named like photos are folders: what is inside imports, the folder itself is no problem.
  fs.mkdirSync(at('folder.jpg'));
  fs.writeFileSync(at('folder.jpg', 'inside a folder named .jpg.jpg'), camera('Sony_HDR-HC3.jpg'));
  photo(at('folder.jpg', 'inside a folder named .jpg.jpg'));
  fs.mkdirSync(at('empty folder.jpeg'));

  archive = openArchive(tempDir());
  result = await runImport(archive, [dir], {
    mode: 'reference',
    onProgress: (p) => {
      // The scan has listed every file and no worker has started yet.
      if (p.state === 'importing' && !vanished) {
        fs.rmSync(at('vanishing.jpg'));
        vanished = true;
      }
    },
  });
  problems = new Map(listProblems(archive.db).map((p) => [p.path, p.reason]));
  rows = new Map(listAllRows(archive.db).map((r) => [r.source_path, r]));
  console.log(
    [...expected.keys()]
      .map((f) => `${JSON.stringify(path.relative(dir, f)).slice(0, 90)} -> ${problems.get(f) ?? `${rows.get(f)?.status}`}`)
      .join('\n'),
  );
}, 300_000); // ExifTool now reads the files exifr finds no camera or date in: its start and those reads add up under load

afterAll(() => {
  archive?.close();
  // Some 40 MB of generated captions: not left in the temp folder.
  for (const d of [dir, archive?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('hostile files imported together with good ones', () => {
  it('finishes, counting every file once', () => {
    const failures = [...expected.values()].filter((e) => 'reason' in e).length;
    expect(vanished).toBe(true);
    expect(result).toMatchObject({ state: 'done', imported: expected.size - failures, failed: failures, duplicates: 0, skipped: 0 });
    expect(result.message).toBe(`${expected.size - failures} imported, ${failures} could not be imported.`);
  });

  it('reports each bad file with its specific reason', () => {
    for (const [file, e] of expected) {
      if (!('reason' in e)) continue;
      expect(problems.get(file), JSON.stringify(file)).toMatch(e.reason);
      expect(rows.get(file)?.status).toBe('error');
    }
  });

  it('imports every valid photo, good names and bad metadata alike, with a thumbnail', () => {
    for (const [file, e] of expected) {
      if (!('photo' in e)) continue;
      const row = rows.get(file);
      expect(row?.status, `${JSON.stringify(file)}: ${problems.get(file)}`).toBe('ok');
      expect(row!.source_path).toBe(file);
      expect(fs.existsSync(derivedPath(archive.dir, 'thumbs', row!.sha256!))).toBe(true);
      e.photo(row!);
    }
  });

  it('reports nothing it was not asked to: no surprise failures, no stray rows', () => {
    expect([...problems.keys()].filter((p) => !expected.has(p))).toEqual([]);
    expect([...rows.keys()].filter((p) => !expected.has(p))).toEqual([]);
  });

  it('keeps stored text and the tag dump bounded', () => {
    for (const row of rows.values()) {
      for (const col of ['file_title', 'file_caption', 'file_creator', 'file_credit', 'file_copyright', 'make', 'model', 'software'] as const) {
        expect((row[col] ?? '').length, `${col} of ${row.file_name}`).toBeLessThan(TEXT_LIMIT + 100);
      }
      const dump = archive.db.prepare('SELECT json FROM photo_tags_dump WHERE photo_id = ?').get(row.id) as { json: string } | undefined;
      if (row.status === 'error') continue;
      expect(dump!.json.length, `tag dump of ${row.file_name}`).toBeLessThan(DUMP_LIMITS.total + 2 * DUMP_LIMITS.string);
      JSON.parse(dump!.json);
    }
    const tiff = JSON.parse(
      (archive.db.prepare('SELECT json FROM photo_tags_dump WHERE photo_id = ?').get(rows.get(path.join(dir, 'caption 10 MB.tif'))!.id) as { json: string }).json,
    ) as { ifd0: { ImageDescription: string } };
    expect(tiff.ifd0.ImageDescription).toMatch(/<…10,485,760 characters in all>$/);
  });

  it('stores no NaN or impossible numbers', () => {
    for (const row of rows.values()) {
      for (const [k, v] of Object.entries(row)) if (typeof v === 'number') expect(Number.isFinite(v), `${k} of ${row.file_name}`).toBe(true);
      if (row.gps_lat !== null) expect(Math.abs(row.gps_lat)).toBeLessThanOrEqual(90);
      if (row.gps_lon !== null) expect(Math.abs(row.gps_lon)).toBeLessThanOrEqual(180);
    }
    const nonNumeric = archive.db
      .prepare("SELECT count(*) AS n FROM photos WHERE typeof(gps_lat) NOT IN ('real', 'null') OR typeof(gps_lon) NOT IN ('real', 'null') OR typeof(gps_alt) NOT IN ('real', 'integer', 'null')")
      .get() as { n: number };
    expect(nonNumeric.n).toBe(0);
  });

  it('leaves a sound archive behind', async () => {
    expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listSummaries(archive.db)).toHaveLength(result.imported);
    const report = await verifyArchive(archive);
    expect(report).toMatchObject({ checked: result.imported, ok: result.imported, issues: [] });
  });
});

describe('bounded time per file', () => {
  it('gives up on a file that takes longer than the limit, says so, and keeps that verdict', async () => {
    const slowDir = tempDir('slow-');
    // A valid 64-megapixel PNG (every pixel must be inflated: far slower than the 10 ms allowed) and
    // an 8 GB sparse file named .jpg (reading it takes seconds).
    const slow = path.join(slowDir, 'slow 8000x8000.png');
    fs.writeFileSync(slow, flatPng(8000, 8000));
    const sparse = path.join(slowDir, 'sparse 8 GB.jpg');
    fs.closeSync(fs.openSync(sparse, 'w'));
    fs.truncateSync(sparse, 8 * 1024 ** 3);
    const a = openArchive(tempDir());
    try {
      const r = await runImport(a, [slowDir], { mode: 'reference', fileTimeoutMs: 10 });
      expect(r).toMatchObject({ state: 'done', imported: 0, failed: 2 });
      const reasons = new Map(listProblems(a.db).map((p) => [p.path, p.reason]));
      console.log([...reasons].map(([f, why]) => `${path.basename(f)} -> ${why}`).join('\n'));
      expect(reasons.get(slow)).toBe('gave up after 10 ms (file too slow to read or decode)');
      expect(reasons.get(sparse)).toBe('gave up after 10 ms (file too slow to read or decode)');

      // The abandoned work may still finish in the background (a decoder cannot be interrupted), but
      // it must not overturn the verdict the import reported: wait until it has written its
      // thumbnail, then give it the chance to commit.
      const sha = createHash('sha256').update(fs.readFileSync(slow)).digest('hex');
      const thumb = derivedPath(a.dir, 'thumbs', sha);
      for (let i = 0; i < 600 && !fs.existsSync(thumb); i++) await new Promise((res) => setTimeout(res, 50));
      expect(fs.existsSync(thumb), 'the abandoned decode never finished').toBe(true);
      await new Promise((res) => setTimeout(res, 500));
      expect(listAllRows(a.db).map((row) => [path.basename(row.source_path), row.status])).toEqual([
        ['slow 8000x8000.png', 'error'],
        ['sparse 8 GB.jpg', 'error'],
      ]);

      // Given time, the slow file is a good photo: the next import takes it.
      fs.rmSync(sparse);
      const again = await runImport(a, [slowDir], { mode: 'reference' });
      expect(again).toMatchObject({ imported: 1, failed: 0 });
      expect(listAllRows(a.db).find((row) => row.source_path === slow)).toMatchObject({ status: 'ok', width: 8000, height: 8000 });
    } finally {
      a.close();
    }
  });
});

describe('a file the importing user may not read', () => {
  it('reports "permission denied" for the file and for a folder, and imports the rest', async () => {
    // Root reads anything, so as root the import runs in a child process as the unprivileged user
    // "nobody" (uid 65534), where the permission bits really apply.
    const photos = tempDir('locked-');
    const archiveDir = tempDir('locked-archive-');
    fs.writeFileSync(path.join(photos, 'readable.jpg'), camera('Nikon_D70.jpg'));
    fs.writeFileSync(path.join(photos, 'locked.jpg'), camera('Canon_40D.jpg'));
    fs.mkdirSync(path.join(photos, 'locked folder'));
    fs.writeFileSync(path.join(photos, 'locked folder', 'hidden.jpg'), camera('Pentax_K10D.jpg'));
    fs.chmodSync(path.join(photos, 'locked.jpg'), 0o000);
    fs.chmodSync(path.join(photos, 'locked folder'), 0o000);
    const args = ['--import', 'tsx', 'tests/helpers/crash-import.ts', archiveDir, 'reference', photos];
    let uid: number | undefined;
    if (isRoot) {
      uid = 65534;
      for (const d of [photos, archiveDir]) {
        fs.chmodSync(d, 0o755);
        fs.chownSync(d, uid, uid);
        for (const f of fs.readdirSync(d)) fs.lchownSync(path.join(d, f), uid, uid);
      }
    }
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...(uid ? { uid, gid: uid } : {}) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    expect(code, output).toBe(0);
    expect(output).toMatch(/"imported":1,/);
    const a = openArchive(archiveDir);
    try {
      const reasons = new Map(listProblems(a.db).map((p) => [path.basename(p.path), p.reason]));
      console.log([...reasons].map(([f, why]) => `${f} -> ${why}`).join('\n'));
      expect(reasons).toEqual(
        new Map([
          ['locked.jpg', 'cannot read: permission denied'],
          ['locked folder', 'cannot read folder: permission denied'],
        ]),
      );
      expect(listAllRows(a.db).find((r) => r.file_name === 'readable.jpg')?.status).toBe('ok');
    } finally {
      a.close();
      fs.chmodSync(path.join(photos, 'locked folder'), 0o755);
    }
  });
});
