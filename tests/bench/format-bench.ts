// Per-format import rates (HEIC, RAW with an embedded preview) against bare pipelines doing the same
// decode in the same run, from the formats fixtures copied into distinct files (distinct hashes).
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import exifr from 'exifr';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
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
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) [peak, atPeak] = [m.rss, m];
  }, 20);
  const t0 = performance.now();
  await work();
  clearInterval(sampler);
  if (process.env.BENCH_MEMORY_DETAIL) console.error(Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, Math.round(v / 2 ** 20)])));
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

/** Both sizes from one decode, as the import makes them for HEIF and RAW (2048 px preview, 320 px thumbnail). */
async function bothSizes(source: Sharp): Promise<void> {
  const { data, info } = await source.resize(2048, 2048, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  await pixels().webp({ quality: 80, effort: 0 }).toBuffer();
  await pixels().resize(320, 320, { fit: 'inside' }).webp({ quality: 75, effort: 2 }).toBuffer();
}

type Format = 'heic' | 'raw';
type Pipeline = 'bare' | 'import';

function filesFor(format: Format): { dir: string; files: string[] } {
  if (format === 'heic') {
    // The phone fixtures (12-16 MP, grids, irot), each copied 3 times.
    return copies(fs.readdirSync(path.join(FORMATS, 'heic')).map((f) => path.join(FORMATS, 'heic', f)), 3);
  }
  // RAW with an embedded preview: the Canon DNG with its 1024x683 JPEG preview.
  return copies([path.join(FORMATS, 'raw', 'photoprism_canon_eos_6d.dng')], 40);
}

/** One format through one pipeline, in this (fresh) process. */
async function runOne(format: Format, pipeline: Pipeline): Promise<Figures & { files: number }> {
  const set = filesFor(format);
  let f: Figures;
  if (pipeline === 'import') f = await importAll(set.dir, set.files.length);
  else if (format === 'heic') {
    // Read, hash, decode the primary image in the decoder workers, both sizes from that decode.
    f = await pool(set.files, CORES, async (file) => {
      const buf = await fs.promises.readFile(file);
      createHash('sha256').update(buf).digest('hex');
      const d = await decodeHeif(buf, { fitInside: 2048 });
      await bothSizes(sharp(d.rgb, { raw: { width: d.rgbWidth, height: d.rgbHeight, channels: 3 } }));
    });
  } else {
    // Read, hash, ONE ExifTool read of the embedded JPEGs only (no tags), both sizes from one decode.
    f = await pool(set.files, CORES * 2, async (file) => {
      const buf = await fs.promises.readFile(file);
      createHash('sha256').update(buf).digest('hex');
      const [largest] = await embeddedImages(file);
      await bothSizes(sharp(largest!.bytes));
    });
  }
  fs.rmSync(set.dir, { recursive: true, force: true });
  await endExifTool();
  await endHeifDecoders();
  return { ...f, files: set.files.length };
}

/** Runs one format and pipeline in a child process: its peak RSS is its own, not what earlier parts left. */
async function inChild(format: Format, pipeline: Pipeline): Promise<Figures & { files: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--format', format, '--pipeline', pipeline], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`the ${format} ${pipeline} benchmark failed (exit ${code}): ${out}`);
  return JSON.parse(last) as Figures & { files: number };
}

export const HEIC_PEAK_TARGET_MB = 600;

export async function formatBench(): Promise<void> {
  const heicBare = await inChild('heic', 'bare');
  const heicApp = await inChild('heic', 'import');
  line(`HEIC (${heicApp.files} files, 12-16 MP, both sizes)`, heicApp, heicBare);
  console.log(
    `HEIC targets: peak RSS < ${HEIC_PEAK_TARGET_MB} MB (${heicApp.peakRssMb < HEIC_PEAK_TARGET_MB ? 'met' : 'NOT met'}: ${Math.round(heicApp.peakRssMb)} MB); every core busy: ${CORES} decoder workers, ${(heicApp.rate / CORES).toFixed(2)} photos/s per core`,
  );
  const rawBare = await inChild('raw', 'bare');
  const rawApp = await inChild('raw', 'import');
  line(`RAW with preview (${rawApp.files} DNGs, ONE ExifTool read for tags + preview, both sizes)`, rawApp, rawBare);
}

/**
 * Complete import's floor: read, hash, EXIF, ONE decode giving both sizes (2048 px, then 320 px from
 * it), with the preview as WebP (the floor the targets are set against) or as JPEG (what the import
 * writes; the like-for-like comparison).
 */
export async function bareBothSizes(files: string[], preview: 'webp' | 'jpeg' = 'webp'): Promise<number> {
  const f = await pool(files, CORES * 2, async (file) => {
    const buf = await fs.promises.readFile(file);
    createHash('sha256').update(buf).digest('hex');
    await exifr.parse(buf);
    const { data, info } = await sharp(buf).rotate().resize(2048, 2048, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const big = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const encoded = preview === 'webp' ? big.clone().webp({ quality: 80, effort: 0 }) : big.clone().jpeg({ quality: 80 });
    await Promise.all([encoded.toBuffer(), big.clone().resize(320, 320, { fit: 'inside' }).webp({ quality: 75, effort: 2 }).toBuffer()]);
  });
  return f.rate;
}

export { exifToolStarted };

// Child mode: `--format heic|raw --pipeline bare|import` prints its figures as one JSON line.
const args = parseArgs({ options: { format: { type: 'string' }, pipeline: { type: 'string' } }, strict: false }).values;
if (args.format && args.pipeline) {
  const f = await runOne(args.format as Format, args.pipeline as Pipeline);
  console.log(JSON.stringify(f));
  process.exit(0);
}
