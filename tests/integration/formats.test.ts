// Every file a field researcher brings: the formats fixtures (HEIC/HEIF, camera RAWs, WebP, a
// damaged JPEG) and generated files (misnamed text, cut files, zero bytes, HEICs made by Debian's
// heif-enc in every orientation, a WebP with EXIF, a phone-style video), imported through the real
// pipeline and checked against ExifTool (`exiftool -json -n`) and libvips (`vipsheader`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { derivedPath, openArchive, type Archive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';
import { listOtherFiles } from '../../electron/catalog/other-files';
import { listAllRows, listProblems, type PhotoRow } from '../../electron/catalog/photos';
import { FIXTURES, ORIENTATION, exiftoolJson, sha256File, tempDir } from '../helpers/fixtures';

const FORMATS = path.join(FIXTURES, 'formats');
const fixtureFiles = ['heic', 'raw', 'other'].flatMap((d) => fs.readdirSync(path.join(FORMATS, d)).map((f) => path.join(FORMATS, d, f)));
/** ExifTool's test RAWs: metadata only, image data replaced by placeholders (see the fixtures README). */
const STRIPPED = ['exiftool_CanonRaw.cr2', 'exiftool_CanonRaw.cr3', 'exiftool_CanonRaw.crw', 'exiftool_DNG.dng', 'exiftool_Minolta.mrw', 'exiftool_Nikon.nef', 'exiftool_PhaseOne.iiq'];

let archive: Archive;
let result: ImportProgress;
let rows: Map<string, PhotoRow>;
let plain: Map<string, Record<string, unknown>>;
let folder: string;

function vipsSize(file: string): { width: number; height: number } | null {
  try {
    const out = execFileSync('vipsheader', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /: (\d+)x(\d+) /.exec(out);
    return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
  } catch {
    return null; // libvips here cannot read it (RAW): ExifTool is the reference
  }
}

async function thumbOf(row: PhotoRow): Promise<Metadata> {
  return sharp(derivedPath(archive.dir, 'thumbs', row.sha256!)).metadata();
}

/** Small JPEGs stored in every EXIF orientation, turned into HEICs by heif-enc (which keeps the EXIF). */
async function heifEncOrientations(into: string): Promise<void> {
  for (let o = 1; o <= 8; o++) {
    const jpg = path.join(into, `small_${o}.jpg`);
    // Shrink the stored pixels without turning them, keeping the Orientation tag.
    await sharp(path.join(ORIENTATION, `Landscape_${o}.jpg`)).resize(160).keepExif().jpeg().toFile(jpg);
    execFileSync('heif-enc', ['-q', '60', jpg, '-o', path.join(into, `heifenc_${o}.heic`)], { stdio: 'ignore' });
    fs.rmSync(jpg);
  }
}

/**
 * A HEIC holding two images, a red landscape one first and a blue portrait one second, whose primary
 * item (`pitm`) is the second: heif-enc makes its first input the primary, so the test points pitm at
 * the second image's item ID (read from heif-info), as a phone does when the shown image is not the
 * first one stored.
 */
async function heicWithSecondPrimary(file: string, dir: string): Promise<void> {
  const red = path.join(dir, 'first_red.jpg');
  const blue = path.join(dir, 'second_blue.jpg');
  await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 220, g: 30, b: 30 } } }).jpeg().toFile(red);
  await sharp({ create: { width: 64, height: 96, channels: 3, background: { r: 30, g: 30, b: 220 } } }).jpeg().toFile(blue);
  execFileSync('heif-enc', ['-q', '80', red, blue, '-o', file], { stdio: 'ignore' });
  fs.rmSync(red);
  fs.rmSync(blue);
  const info = execFileSync('heif-info', [file], { encoding: 'utf8' });
  const second = /image: 64x96 \(id=(\d+)\)/.exec(info);
  if (!second || !/image: 96x64 \(id=\d+\), primary/.test(info)) throw new Error(`heif-enc wrote an unexpected file:\n${info}`);
  const bytes = fs.readFileSync(file);
  const pitm = bytes.indexOf('pitm', 0, 'latin1');
  if (pitm < 4 || bytes[pitm + 4] !== 0) throw new Error('no version-0 pitm box');
  bytes.writeUInt16BE(Number(second[1]), pitm + 8); // pitm: size, type, version+flags, item_ID (16 bits)
  fs.writeFileSync(file, bytes);
  if (!/image: 64x96 \(id=\d+\), primary/.test(execFileSync('heif-info', [file], { encoding: 'utf8' }))) throw new Error('pitm not moved');
}

/** A minimal QuickTime movie (ftyp + moov/mvhd of 5 s), given phone-style Keys metadata by ExifTool. */
function quickTimeMovie(file: string): void {
  const box = (type: string, body: Buffer) => Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
  const u32 = (...n: number[]) => Buffer.concat(n.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; }));
  const matrix = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
  const mvhd = box('mvhd', Buffer.concat([Buffer.alloc(4), u32(0, 0, 1000, 5000, 0x10000), Buffer.from([1, 0]), Buffer.alloc(10), matrix, Buffer.alloc(24), u32(2)]));
  fs.writeFileSync(file, Buffer.concat([box('ftyp', Buffer.concat([Buffer.from('qt  '), u32(0x200), Buffer.from('qt  ')])), box('moov', mvhd)]));
  execFileSync('exiftool', ['-q', '-overwrite_original', '-Keys:CreationDate=2024:03:05 10:11:12+02:00', '-Keys:GPSCoordinates=50.45 N, 30.52 E, 100 m Above Sea Level', '-Keys:Make=Apple', '-Keys:Model=iPhone 12', file]);
}

beforeAll(async () => {
  folder = tempDir('formats-');
  for (const f of fixtureFiles) fs.copyFileSync(f, path.join(folder, path.basename(f)));
  const g = (name: string) => path.join(folder, name);
  for (const ext of ['dng', 'heic', 'cr3']) fs.writeFileSync(g(`text_named.${ext}`), 'This is a note, not a photo.\n');
  fs.writeFileSync(g('zero_bytes.jpg'), '');
  fs.writeFileSync(g('notes.txt'), 'Site visit notes: building 4, east wall.\n');
  const heic = fs.readFileSync(path.join(FORMATS, 'heic', 'exifr_heic-iphone.heic'));
  fs.writeFileSync(g('cut.heic'), heic.subarray(0, 400_000));
  const dng = fs.readFileSync(path.join(FORMATS, 'raw', 'photoprism_canon_eos_6d.dng'));
  fs.writeFileSync(g('cut_preview_lost.dng'), dng.subarray(0, 20_000));
  fs.writeFileSync(g('cut_header.nef'), fs.readFileSync(path.join(FORMATS, 'raw', 'exiftool_Nikon.nef')).subarray(0, 128));
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } })
    .webp()
    .withExif({ IFD0: { Make: 'TestMaker', Model: 'WebP Cam 1' }, IFD2: { DateTimeOriginal: '2023:04:05 06:07:08' } })
    .toFile(g('with_exif.webp'));
  await heifEncOrientations(folder);
  await heicWithSecondPrimary(g('second_is_primary.heic'), tempDir('heif-src-'));
  quickTimeMovie(g('clip.mov'));
  // A real (tiny) MP4 with pictures, made by the ffmpeg the app uses for poster frames.
  const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '1', '-c:v', 'mpeg4', g('phone_clip.mp4')]);

  archive = openArchive(tempDir());
  result = await runImport(archive, [folder], { mode: 'reference' });
  rows = new Map(listAllRows(archive.db).map((r) => [r.file_name, r]));
  const tags = ['DateTimeOriginal', 'CreateDate', 'Make', 'Model', 'GPSLatitude', 'GPSLongitude', 'ImageSize', 'Orientation'];
  plain = new Map(exiftoolJson(fixtureFiles, tags).map((e) => [path.basename(String(e.SourceFile)), e]));
}, 600_000);
afterAll(() => archive?.close());

describe('format fixtures against exiftool and vipsheader', () => {
  it.each(fixtureFiles.map((f) => path.basename(f)))('%s: imported; capture time, make, model, GPS, displayed size', async (name) => {
    const row = rows.get(name)!;
    const ref = plain.get(name)!;
    expect(row, name).toBeDefined();
    expect(row.status).not.toBe('error');
    expect(row.sha256).toBe(sha256File(path.join(folder, name)));
    const date = typeof ref.DateTimeOriginal === 'string' ? ref.DateTimeOriginal : null;
    expect(row.taken_at === null ? null : row.taken_at).toBe(date ? date.slice(0, 19) : row.taken_at === null ? null : row.taken_at);
    if (date) expect(row.taken_at).toBe(date.slice(0, 19));
    expect(row.make).toBe(ref.Make ?? null);
    expect(row.model).toBe(ref.Model ?? null);
    if (typeof ref.GPSLatitude === 'number') {
      expect(row.gps_lat).toBeCloseTo(ref.GPSLatitude, 7);
      expect(row.gps_lon).toBeCloseTo(ref.GPSLongitude as number, 7);
    } else expect(row.gps_lat).toBeNull();

    const vips = vipsSize(path.join(folder, name));
    if (vips && /\.(heic|heif)$/i.test(name)) expect({ width: row.width, height: row.height }).toEqual(vips);
    else if (typeof ref.ImageSize === 'string' && !/\.(heic|heif|jpg|webp)$/i.test(name)) {
      const [w, h] = ref.ImageSize.split(' ').map(Number);
      const turned = typeof ref.Orientation === 'number' && ref.Orientation >= 5;
      expect({ width: row.width, height: row.height }).toEqual(turned ? { width: h, height: w } : { width: w, height: h });
    } else if (vips) expect({ width: row.width, height: row.height }).toEqual(vips);
  });

  it('HEICs and the DNG with a preview get a thumbnail whose aspect matches the displayed size', async () => {
    const names = [...fixtureFiles.map((f) => path.basename(f)).filter((n) => /\.(heic|heif)$/i.test(n)), 'photoprism_canon_eos_6d.dng'];
    for (const name of names) {
      const row = rows.get(name)!;
      expect(row.status, name).toBe('ok');
      const t = await thumbOf(row);
      expect(Math.max(t.width!, t.height!), name).toBe(320);
      expect(t.width! / t.height!, name).toBeCloseTo(row.width! / row.height!, 1);
    }
    // The DNG shows its 1024x683 preview, not the 256x171 one; its displayed size is the full image's.
    const dngPreview = await sharp(derivedPath(archive.dir, 'previews', rows.get('photoprism_canon_eos_6d.dng')!.sha256!)).metadata();
    expect(dngPreview.width).toBe(1024);
  });

  it('the Sony ARW with Orientation 6 comes out portrait and upright', async () => {
    const row = rows.get('filetype_fixture-sony-zv-e10.arw')!;
    expect(row.status).toBe('ok');
    expect(row.height!).toBeGreaterThan(row.width!);
    const thumb = await sharp(derivedPath(archive.dir, 'thumbs', row.sha256!)).resize(30, 40, { fit: 'fill' }).raw().toBuffer();
    // Reference: ExifTool extracts the embedded JPEG; turned 90° clockwise as Orientation 6 says.
    const embedded = execFileSync('exiftool', ['-b', '-ThumbnailImage', path.join(folder, row.file_name)]);
    const upright = await sharp(embedded).rotate(90).resize(30, 40, { fit: 'fill' }).raw().toBuffer();
    const wrong = await sharp(embedded).rotate(270).resize(30, 40, { fit: 'fill' }).raw().toBuffer();
    expect(meanDiff(thumb, upright)).toBeLessThan(meanDiff(thumb, wrong));
    expect(meanDiff(thumb, upright)).toBeLessThan(12);
  });

  it('the stripped RAWs are catalogued with their metadata and "No preview"', () => {
    for (const name of STRIPPED) {
      const row = rows.get(name)!;
      expect(row.status, name).toBe('no-preview');
      expect(row.has_thumb, name).toBe(0);
      expect(row.make, name).not.toBeNull();
      expect(row.taken_at, name).not.toBeNull();
    }
  });

  it('corrupted.jpg (full length, damaged data) is catalogued with a warning that says corrupt, not truncated', async () => {
    const row = rows.get('corrupted.jpg')!;
    expect(row.status).toBe('ok');
    expect(row.warning).toMatch(/corrupt image data/);
    expect(row.warning).not.toMatch(/truncat/i);
    expect((await thumbOf(row)).width).toBe(320);
  });
});

describe('files that are not what their names say', () => {
  const problem = (name: string) => listProblems(archive.db).find((p) => path.basename(p.path) === name);

  it('text named .dng, .heic or .cr3 is reported as plain text, never catalogued as a photo', () => {
    for (const ext of ['dng', 'heic', 'cr3']) {
      const name = `text_named.${ext}`;
      expect(rows.get(name)?.status, name).toBe('error');
      expect(problem(name)?.reason).toBe(`not an image: the contents are plain text, though the name ends in .${ext}`);
      expect(rows.get(name)?.sha256).toBe(sha256File(path.join(folder, name)));
    }
  });

  it('zero bytes, a cut HEIC and a RAW cut inside its header are refused with true reasons', () => {
    expect(problem('zero_bytes.jpg')?.reason).toBe('empty file (0 bytes)');
    expect(problem('cut.heic')?.reason).toMatch(/^truncated HEIF file: the file is 400,000 bytes but its boxes need [\d,]+$/);
    expect(problem('cut_header.nef')?.reason).toMatch(/^truncated RAW file: the file is 128 bytes/);
  });

  it('a RAW cut after its metadata is catalogued with what it holds and a warning that it was cut short', () => {
    const row = rows.get('cut_preview_lost.dng')!;
    expect(row.status).not.toBe('error');
    expect(row.model).toBe('Canon EOS 6D');
    expect(row.warning).toMatch(/cut short \(the file is 20,000 bytes/);
  });

  it('a file that is not an image is listed with its hash and size, and the summary names it', () => {
    const other = listOtherFiles(archive.db).find((o) => path.basename(o.path) === 'notes.txt')!;
    expect(other).toMatchObject({ size: 41, sha256: sha256File(path.join(folder, 'notes.txt')), format: 'text' });
    expect(rows.has('notes.txt')).toBe(false);
    expect(problem('notes.txt')?.kind).toBe('other');
    expect(result.message).toMatch(/1 other file not imported .*: notes\.txt\./);
  });
});

describe('generated HEIC, WebP and video', () => {
  it('HEICs made by heif-enc in every EXIF orientation come out landscape and upright', async () => {
    const reference = await sharp(path.join(ORIENTATION, 'Landscape_1.jpg')).resize(40, 30, { fit: 'fill' }).raw().toBuffer();
    const flipped = await sharp(path.join(ORIENTATION, 'Landscape_1.jpg')).rotate(180).resize(40, 30, { fit: 'fill' }).raw().toBuffer();
    for (let o = 1; o <= 8; o++) {
      const row = rows.get(`heifenc_${o}.heic`)!;
      expect(row.status, `orientation ${o}`).toBe('ok');
      expect(row.width!, `orientation ${o}`).toBeGreaterThan(row.height!);
      const thumb = await sharp(derivedPath(archive.dir, 'thumbs', row.sha256!)).resize(40, 30, { fit: 'fill' }).raw().toBuffer();
      expect(meanDiff(thumb, reference), `orientation ${o}`).toBeLessThan(meanDiff(thumb, flipped));
      expect(meanDiff(thumb, reference), `orientation ${o}`).toBeLessThan(20);
    }
  });

  it('a HEIC whose primary image is not the first one stored shows the primary (pitm), at its size', async () => {
    const row = rows.get('second_is_primary.heic')!;
    expect(row).toMatchObject({ status: 'ok', width: 64, height: 96, has_thumb: 1, has_preview: 1 });
    for (const kind of ['thumbs', 'previews'] as const) {
      const { data, info } = await sharp(derivedPath(archive.dir, kind, row.sha256!)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height], kind).toEqual([64, 96]);
      const centre = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
      const [r, , b] = [data[centre]!, data[centre + 1]!, data[centre + 2]!];
      expect(b, `${kind}: blue, the primary image, not the first image's red`).toBeGreaterThan(150);
      expect(r, kind).toBeLessThan(100);
    }
  });

  it('a WebP with EXIF (written by sharp) has its date and camera', () => {
    const row = rows.get('with_exif.webp')!;
    expect(row.status).toBe('ok');
    expect(row.taken_at).toBe('2023:04:05 06:07:08');
    expect(row.make).toBe('TestMaker');
    expect(row.model).toBe('WebP Cam 1');
  });

  it('an MP4 with pictures is catalogued as a video with its first frame as poster', async () => {
    const row = rows.get('phone_clip.mp4')!;
    expect(row).toMatchObject({ media_kind: 'video', status: 'ok', has_thumb: 1, has_preview: 1, width: 320, height: 240, duration_s: 1 });
    const t = await thumbOf(row);
    expect([t.width, t.height]).toEqual([320, 240]);
  });

  it('a QuickTime video is catalogued with hash, capture time, duration and GPS, as a video without preview', () => {
    const row = rows.get('clip.mov')!;
    expect(row.media_kind).toBe('video');
    expect(row.status).toBe('no-preview'); // it holds no frames: ffmpeg makes no poster
    expect(row.sha256).toBe(sha256File(path.join(folder, 'clip.mov')));
    expect(row.duration_s).toBe(5);
    expect(row.taken_at).toBe('2024:03:05 10:11:12');
    expect(row.taken_at_offset).toBe('+02:00');
    expect(row.taken_at_utc).toBe('2024-03-05T08:11:12.000Z');
    expect(row.gps_lat).toBeCloseTo(50.45, 6);
    expect(row.gps_lon).toBeCloseTo(30.52, 6);
    expect(row.make).toBe('Apple');
  });
});

function meanDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
