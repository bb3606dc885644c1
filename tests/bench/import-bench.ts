// npm run bench: import throughput against a bare pipeline on the same files, in the same process.
// Absolute times drift on shared machines; the ratio is the figure to watch.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import exifr from 'exifr';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';
import { bareBothSizes, exifToolStarted, formatBench } from './format-bench';
import { prng } from './prng';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    width: { type: 'string', default: '4000' },
    height: { type: 'string', default: '3000' },
    keep: { type: 'boolean', default: false },
    'generate-into': { type: 'string' },
    'formats-only': { type: 'boolean', default: false },
    'jpeg-only': { type: 'boolean', default: false },
    /** Files the import works on at once (default: the import's own, two per core). */
    concurrency: { type: 'string' },
  },
});
const COUNT = Number(values.count);
const W = Number(values.width);
const H = Number(values.height);
const CORES = os.availableParallelism();


/** Photo-like pixels: broad gradients and shapes with grain, so JPEGs are realistically sized. */
function basePixels(seed: number): Buffer {
  const rnd = prng(seed);
  const px = Buffer.alloc(W * H * 3);
  const blobs = Array.from({ length: 12 }, () => ({ x: rnd() * W, y: rnd() * H, r: 200 + rnd() * 900, c: [rnd() * 255, rnd() * 255, rnd() * 255] }));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = (x / W) * 160 + 40;
      let g = (y / H) * 140 + 50;
      let b = ((x + y) / (W + H)) * 120 + 60;
      for (const blob of blobs) {
        const dx = x - blob.x;
        const dy = y - blob.y;
        if (dx * dx + dy * dy < blob.r * blob.r) {
          r = (r + blob.c[0]!) / 2;
          g = (g + blob.c[1]!) / 2;
          b = (b + blob.c[2]!) / 2;
        }
      }
      const grain = (rnd() - 0.5) * 36;
      const i = (y * W + x) * 3;
      px[i] = r + grain;
      px[i + 1] = g + grain;
      px[i + 2] = b + grain;
    }
  }
  return px;
}

async function generate(dir: string): Promise<void> {
  const bases = [basePixels(1), basePixels(2), basePixels(3), basePixels(4)];
  let next = 0;
  async function worker() {
    while (next < COUNT) {
      const i = next++;
      const file = path.join(dir, `bench_${String(i).padStart(4, '0')}.jpg`);
      // A per-file stamp keeps every file's bytes (and hash) distinct.
      const stamp = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: i % 256 } } })
        .png()
        .toBuffer();
      const day = String((i % 28) + 1).padStart(2, '0');
      await sharp(bases[i % bases.length]!, { raw: { width: W, height: H, channels: 3 } })
        .composite([{ input: stamp, left: (i * 64) % (W - 64), top: Math.floor((i * 64) / (W - 64)) * 64 }])
        .jpeg({ quality: 90 })
        .withExif({
          IFD0: { Make: 'BenchCam', Model: `Model ${i % 5}`, Orientation: String((i % 8) + 1), DateTime: `2024:05:${day} 12:00:00` },
          IFD2: { DateTimeOriginal: `2024:05:${day} 12:${String(i % 60).padStart(2, '0')}:00` },
        })
        .toFile(file);
    }
  }
  await Promise.all(Array.from({ length: CORES }, worker));
}

/** The floor: read, hash, parse EXIF, one 320 px WebP, with every core busy. */
async function bare(files: string[]): Promise<number> {
  const queue = [...files];
  const t0 = performance.now();
  async function worker() {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const buf = await fs.promises.readFile(f);
      createHash('sha256').update(buf).digest('hex');
      await exifr.parse(buf);
      await sharp(buf).rotate().resize(320, 320, { fit: 'inside' }).webp().toBuffer();
    }
  }
  await Promise.all(Array.from({ length: CORES * 2 }, worker));
  return files.length / ((performance.now() - t0) / 1000);
}

let exifToolDuringJpegImport = false;

interface ImportFigures {
  /** Photos/s until every photo is catalogued and in the grid (hash, metadata, 320 px thumbnail, row). */
  catalogueRate: number;
  /** Photos/s until the job ends with both sizes made (320 px thumbnail and 2048 px preview). */
  rate: number;
  peakRssMb: number;
}

async function appImport(dir: string, files: string[]): Promise<ImportFigures> {
  const archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-archive-')));
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  let catalogued = 0;
  const result = await runImport(archive, [dir], {
    mode: 'reference',
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    onProgress: (p) => {
      if (p.state === 'previews' && !catalogued) catalogued = performance.now();
    },
  });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const previews = (archive.db.prepare('SELECT count(*) AS n FROM photos WHERE has_preview = 1').get() as { n: number }).n;
  exifToolDuringJpegImport = exifToolStarted();
  archive.close();
  if (result.imported !== files.length || previews !== files.length) {
    throw new Error(`import catalogued ${result.imported} and previewed ${previews} of ${files.length}: ${result.message}`);
  }
  fs.rmSync(archive.dir, { recursive: true, force: true });
  return { catalogueRate: files.length / ((catalogued - t0) / 1000), rate: files.length / secs, peakRssMb: peak / 2 ** 20 };
}

// Generation runs in a child process so its pixel buffers do not count in the import's memory.
if (values['generate-into']) {
  await generate(values['generate-into']);
  process.exit(0);
}

if (values['formats-only']) {
  await formatBench();
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-photos-'));
console.log(`cores: ${CORES}, UV_THREADPOOL_SIZE: ${process.env.UV_THREADPOOL_SIZE ?? 'default (4)'}, sharp concurrency: ${sharp.concurrency()}`);
const t = performance.now();
const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--generate-into', dir]);
const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
if (code !== 0) throw new Error(`generating the benchmark photos failed (exit ${code})`);
const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
console.log(`generated: ${files.length} JPEGs of ${W}x${H}, ${(bytes / files.length / 2 ** 20).toFixed(1)} MB each, in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Bare runs before and after the import: the mean is the baseline, their spread shows the noise.
const bare1 = await bare(files);
console.log(`bare (before): ${bare1.toFixed(2)} photos/s`);
const imp = await appImport(dir, files);
// ExifTool is started only for files exifr cannot read fully; camera JPEGs never pay for it.
console.log(`ExifTool started during the JPEG import: ${exifToolDuringJpegImport ? 'yes' : 'no'}`);
console.log(`import, catalogued and in the grid (hash, metadata, 320 px thumbnail, SQLite row): ${imp.catalogueRate.toFixed(2)} photos/s`);
console.log(`import, complete (also the 2048 px previews): ${imp.rate.toFixed(2)} photos/s`);
const bare2 = await bare(files);
console.log(`bare (after): ${bare2.toFixed(2)} photos/s`);
const bareRate = (bare1 + bare2) / 2;
const bothRate = await bareBothSizes(files, 'webp');
const bothJpegRate = await bareBothSizes(files, 'jpeg');
console.log(`bare, both sizes from one decode (WebP preview): ${bothRate.toFixed(2)} photos/s; complete import ratio: ${(imp.rate / bothRate).toFixed(2)}`);
console.log(`bare, both sizes from one decode (JPEG preview, as the import writes): ${bothJpegRate.toFixed(2)} photos/s; complete import ratio: ${(imp.rate / bothJpegRate).toFixed(2)}`);
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
const ratio = imp.rate / bareRate;
console.log(`catalogue ratio (grid filled vs bare): ${(imp.catalogueRate / bareRate).toFixed(2)}`);
console.log(`targets: ratio >= 0.8 (${ratio >= 0.8 ? 'met' : 'NOT met'}), peak RSS < 600 MB (${imp.peakRssMb < 600 ? 'met' : 'NOT met'})`);
console.log(`import: ${imp.rate.toFixed(2)} photos/s, bare: ${bareRate.toFixed(2)} photos/s, ratio: ${ratio.toFixed(2)}, peak RSS: ${Math.round(imp.peakRssMb)} MB`);
console.log(`JPEG (${files.length} files, ${W}x${H}): import ${imp.catalogueRate.toFixed(2)} photos/s catalogued, bare ${bareRate.toFixed(2)}, ratio ${(imp.catalogueRate / bareRate).toFixed(2)}`);
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const catalogueRatio = imp.catalogueRate / bareRate;
const completeRatio = imp.rate / bothRate;
console.log('targets (issue 11):');
console.log(`  JPEG catalogue ratio >= 0.85: ${catalogueRatio.toFixed(2)} (${met(catalogueRatio >= 0.85)})`);
console.log(`  ExifTool never slows a JPEG import (not started for camera JPEGs): ${exifToolDuringJpegImport ? 'started' : 'not started'} (${met(!exifToolDuringJpegImport)})`);
console.log(`  complete import >= 0.9 of both sizes from one decode (WebP-preview floor): ${completeRatio.toFixed(2)} (${met(completeRatio >= 0.9)})`);
if (!values['jpeg-only']) await formatBench();
