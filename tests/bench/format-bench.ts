// Per-format import rates (HEIC, RAW with an embedded preview) against bare pipelines doing the same
// decode in the same run, from the formats fixtures copied into distinct files (distinct hashes).
import { createHash } from 'node:crypto';
import exifr from 'exifr';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openArchive } from '../../electron/catalog/archive';
import { embeddedImages, endExifTool, exifToolStarted } from '../../electron/catalog/exiftool';
import { decodeHeif, endHeifDecoders } from '../../electron/catalog/heif';
import { runImport } from '../../electron/catalog/importer';

const CORES = os.availableParallelism();
const FORMATS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'fixtures', 'formats');

export interface Figures {
  rate: number;
  peakRssMb: number;
}

/** Copies each source `copies` times, each made distinct by a trailing ISO-BMFF 'free' box / TIFF padding. */
function copies(sources: string[], n: number): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-formats-'));
  const files: string[] = [];
  sources.forEach((src, s) => {
    const bytes = fs.readFileSync(src);
    for (let i = 0; i < n; i++) {
      const tail = Buffer.alloc(12);
      tail.writeUInt32BE(12);
      tail.write('free', 4, 'latin1');
      tail.writeUInt32BE(s * 1000 + i, 8);
      const file = path.join(dir, `${String(s).padStart(2, '0')}_${i}${path.extname(src)}`);
      fs.writeFileSync(file, Buffer.concat([bytes, tail]));
      files.push(file);
    }
  });
  return { dir, files };
}

async function measure(work: () => Promise<void>): Promise<{ secs: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  await work();
  clearInterval(sampler);
  return { secs: (performance.now() - t0) / 1000, peakRssMb: peak / 2 ** 20 };
}

async function importAll(dir: string, expected: number): Promise<Figures> {
  const archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-archive-')));
  let imported = 0;
  const m = await measure(async () => {
    imported = (await runImport(archive, [dir], { mode: 'reference' })).imported;
  });
  const withThumb = (archive.db.prepare('SELECT count(*) AS n FROM photos WHERE has_thumb = 1 AND has_preview = 1').get() as { n: number }).n;
  fs.rmSync(archive.dir, { recursive: true, force: true });
  archive.db.close();
  if (imported !== expected || withThumb !== expected) throw new Error(`imported ${imported}, with pictures ${withThumb}, of ${expected}`);
  return { rate: expected / m.secs, peakRssMb: m.peakRssMb };
}

async function pool(files: string[], width: number, one: (f: string) => Promise<void>): Promise<Figures> {
  const queue = [...files];
  const m = await measure(async () => {
    await Promise.all(Array.from({ length: width }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await one(f);
    }));
  });
  return { rate: files.length / m.secs, peakRssMb: m.peakRssMb };
}

const line = (label: string, app: Figures, bare: Figures) =>
  console.log(
    `${label}: import ${app.rate.toFixed(2)} photos/s (${(app.rate / CORES).toFixed(2)} per core), bare ${bare.rate.toFixed(2)} photos/s, ratio ${(app.rate / bare.rate).toFixed(2)}, peak RSS ${Math.round(app.peakRssMb)} MB (bare ${Math.round(bare.peakRssMb)} MB)`,
  );

export async function formatBench(): Promise<void> {
  // HEIC: the phone fixtures (12 MP grids with irot), decoded by libheif in worker threads.
  const heicSources = fs.readdirSync(path.join(FORMATS, 'heic')).map((f) => path.join(FORMATS, 'heic', f));
  const heic = copies(heicSources, 2);
  const heicBare = await pool(heic.files, CORES, async (f) => {
    const buf = await fs.promises.readFile(f);
    createHash('sha256').update(buf).digest('hex');
    const d = await decodeHeif(buf);
    await sharp(d.rgba, { raw: { width: d.width, height: d.height, channels: 4 } }).resize(320, 320, { fit: 'inside' }).webp().toBuffer();
  });
  const heicApp = await importAll(heic.dir, heic.files.length);
  line(`HEIC (${heic.files.length} files, 12 MP, both sizes)`, heicApp, heicBare);

  // RAW with an embedded preview: the Canon DNG with its 1024x683 JPEG preview.
  const raw = copies([path.join(FORMATS, 'raw', 'photoprism_canon_eos_6d.dng')], 40);
  const rawBare = await pool(raw.files, CORES * 2, async (f) => {
    const buf = await fs.promises.readFile(f);
    createHash('sha256').update(buf).digest('hex');
    const [largest] = await embeddedImages(f);
    await sharp(largest!.bytes).resize(320, 320, { fit: 'inside' }).webp().toBuffer();
  });
  const rawApp = await importAll(raw.dir, raw.files.length);
  line(`RAW with preview (${raw.files.length} DNGs, ExifTool metadata + preview, both sizes)`, rawApp, rawBare);
  for (const d of [heic.dir, raw.dir]) fs.rmSync(d, { recursive: true, force: true });
  await endExifTool();
  await endHeifDecoders();
}

/** Complete import's floor: read, hash, EXIF, ONE decode giving both sizes (2048 px, then 320 px from it). */
export async function bareBothSizes(files: string[]): Promise<number> {
  const f = await pool(files, CORES * 2, async (file) => {
    const buf = await fs.promises.readFile(file);
    createHash('sha256').update(buf).digest('hex');
    await exifr.parse(buf);
    const { data, info } = await sharp(buf).rotate().resize(2048, 2048, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const big = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    await Promise.all([big.clone().webp({ quality: 80, effort: 0 }).toBuffer(), big.clone().resize(320, 320, { fit: 'inside' }).webp({ quality: 75, effort: 2 }).toBuffer()]);
  });
  return f.rate;
}

export { exifToolStarted };
