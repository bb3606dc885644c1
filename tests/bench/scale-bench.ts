// npm run bench -- --scale 50000: find and browse at scale. Builds (or reuses, with --archive) a
// synthetic archive, then measures in a fresh process, through the real API handlers
// (ArchiveSession): archive open to the first grid page, search and facet latency over a fixed set
// of 50 queries, and the process's memory. Targets: open < 1 s, p95 < 50 ms, RSS < 500 MB.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PhotoQueryInput } from '../../shared/api';
import { PhotoQuery } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { buildScaleArchive } from './scale-archive';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '50000' },
    archive: { type: 'string' },
    keep: { type: 'boolean', default: false },
    measure: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const GRID_PAGE = 200;

/** 50 queries a researcher might run: text (Latin, Cyrillic, prefixes, phrases), facets, flags, combinations. */
function queries(ids: { classes: number[]; damage: number[]; tags: number[] }): PhotoQueryInput[] {
  const [c1, c2, c3] = ids.classes;
  const [d1, d2] = ids.damage;
  const [t1, t2] = ids.tags;
  return [
    {},
    { text: 'kharkiv' },
    { text: 'Khárkiv' },
    { text: 'харків' },
    { text: 'kh' },
    { text: 'k' },
    { text: 'mariupol school' },
    { text: '"apartment block"' },
    { text: 'обстріл' },
    { text: 'обс' },
    { text: 'shelling roof' },
    { text: 'IMG_0012' },
    { text: 'canon' },
    { text: 'iphone' },
    { text: 'destroyed' },
    { text: 'NEAR( "* - : AND OR' },
    { text: 'field team' },
    { text: 'bucha hospital windows' },
    { text: 'no-such-word-anywhere' },
    { text: 'street' },
    { classIds: [c1!] },
    { classIds: [c1!, c2!] },
    { damageIds: [d1!] },
    { damageIds: [d1!, d2!], classIds: [c3!] },
    { tagIds: [t1!] },
    { tagIds: [t1!, t2!] },
    { severities: [4] },
    { severities: [3, 4] },
    { severities: ['na'] },
    { confidences: ['possible'] },
    { cameras: ['Canon EOS R6'] },
    { cameras: ['Canon EOS R6', 'NIKON D750'] },
    { places: ['Kharkiv'] },
    { places: ['Bucha', 'Irpin'] },
    { takenFrom: '2022-05-01', takenTo: '2022-05-31' },
    { flags: ['has-gps'] },
    { flags: ['no-gps'] },
    { flags: ['has-regions'] },
    { flags: ['unannotated'] },
    { flags: ['problems'] },
    { flags: ['duplicates'] },
    { flags: ['near-duplicates'] },
    { bbox: { south: 48, west: 30, north: 51, east: 36 } },
    { text: 'kharkiv', severities: [4], flags: ['has-gps'] },
    { text: 'car', classIds: [c1!], takenFrom: '2022-05-01', takenTo: '2022-12-31' },
    { text: 'school', places: ['Kharkiv', 'Харків'], sort: 'severity' },
    { places: ['Khorog'], severities: [4], flags: ['has-gps'], takenFrom: '2023-05-01', takenTo: '2023-05-31' },
    { sort: 'name' },
    { sort: 'imported' },
    { sort: 'severity' },
    { text: 'burnt car', tagIds: [t1!], severities: [3, 4], confidences: ['certain'], flags: ['has-regions'] },
  ];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function measure(dir: string): Promise<void> {
  const t0 = performance.now();
  const session = new ArchiveSession(dir, { host: 'web' });
  const tSession = performance.now() - t0;
  const grid = await session.api.searchPhotos(PhotoQuery.parse({}));
  const firstPage = grid.slice(0, GRID_PAGE);
  const tOpen = performance.now() - t0;
  const facets0 = await session.api.getFacets(PhotoQuery.parse({}));
  const tFacets = performance.now() - t0;
  console.log(`archive open to first grid page: ${ms(tOpen)} (${grid.length} photos listed, first page ${firstPage.length})`);
  console.log(`  of which opening the session (migrations, temporaries sweep, start of backup and originals check): ${ms(tSession)}`);
  console.log(`  ... and the sidebar's facet counts: ${ms(tFacets)} (total ${facets0.total})`);
  // Let the open-time backup and originals check finish: the figures below are steady state.
  await session.api.backupNow({});
  await session.api.checkOriginals({});

  // Term ids as this archive numbers them: the classes facet lists parents first (they count their subtypes' photos too).
  const used = (kind: 'classes' | 'damage' | 'tags') => facets0[kind].map((f) => Number(f.value));
  const qs = queries({ classes: used('classes').slice(4), damage: used('damage'), tags: used('tags') }).map((q) => PhotoQuery.parse(q));
  const search: number[] = [];
  const facets: number[] = [];
  const maps: number[] = [];
  const cold: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const q of qs) {
      let t = performance.now();
      await session.api.searchPhotos(q);
      if (round) search.push(performance.now() - t);
      else cold.push(performance.now() - t);
      t = performance.now();
      await session.api.getFacets(q);
      if (round) facets.push(performance.now() - t);
      else cold.push(performance.now() - t);
      t = performance.now();
      await session.api.mapPoints(q);
      if (round) maps.push(performance.now() - t);
    }
  }
  if (values.verbose) {
    const worst = qs.map((q, i) => ({ q: JSON.stringify(q).slice(0, 140), search: search[i]!, facets: facets[i]!, map: maps[i]! })).sort((a, b) => b.search + b.facets - a.search - a.facets);
    for (const w of worst.slice(0, 8)) console.log(`  search ${ms(w.search)} facets ${ms(w.facets)} map ${ms(w.map)}  ${w.q}`);
  }
  const line = (name: string, xs: number[]) => console.log(`${name.padEnd(13)} p50 ${ms(percentile(xs, 50))}, p95 ${ms(percentile(xs, 95))}, max ${ms(Math.max(...xs))}`);
  console.log(`first pass (SQLite cache not yet warm), searchPhotos and getFacets together: p50 ${ms(percentile(cold, 50))}, p95 ${ms(percentile(cold, 95))}`);
  console.log(`over ${qs.length} queries (second pass; the first warms SQLite's page cache):`);
  line('searchPhotos', search);
  line('getFacets', facets);
  line('mapPoints', maps);
  // Near-duplicate lookups: the first also builds the in-memory hash table.
  const similar: number[] = [];
  let tFirst = performance.now();
  await session.api.similarPhotos({ id: grid[0]!.id });
  tFirst = performance.now() - tFirst;
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await session.api.similarPhotos({ id: grid[Math.floor((i * grid.length) / 50)]!.id });
    similar.push(performance.now() - t);
  }
  console.log(`similarPhotos: first (loads the hash table) ${ms(tFirst)}; then over 50 photos:`);
  line('similarPhotos', similar);
  // One edit and the next query: the queued photo is re-indexed on the way.
  const photo = grid[10]!;
  const tEdit = performance.now();
  await session.api.applyBatch({ photoIds: [photo.id], addTagIds: [], removeTagIds: [], fields: { caption: 'benchmark edit Khárkiv' } });
  await session.api.getFacets(PhotoQuery.parse({ text: 'benchmark' }));
  console.log(`edit then re-count: ${ms(performance.now() - tEdit)}`);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`core process memory: RSS ${rss.toFixed(0)} MB (heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB)`);
  await session.close();
}

if (values.measure) {
  await measure(values.measure);
} else {
  const count = Number(values.scale);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--scale takes a number of photos, not ${values.scale}`);
  const base = values.archive ? path.resolve(values.archive) : fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-'));
  const dir = values.archive ? base : path.join(base, 'archive');
  if (!fs.existsSync(path.join(dir, 'catalog.sqlite'))) {
    console.log(`building a synthetic archive of ${count} photos in ${dir}`);
    const r = await buildScaleArchive(dir, count, (s) => console.log(`  ${s}`));
    console.log(`  ${r.photos} photos, ${r.regions} regions, ${r.tags} photo tags, ${r.metaRows} descriptive fields; rows ${r.buildMs} ms, search index ${r.indexMs} ms`);
  } else {
    console.log(`reusing the archive in ${dir}`);
  }
  const child = fork(fileURLToPath(import.meta.url), ['--measure', dir, ...(values.verbose ? ['--verbose'] : [])], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (!values.keep && !values.archive) fs.rmSync(base, { recursive: true, force: true });
  else console.log(`archive kept in ${dir}`);
  process.exitCode = code ?? 1;
}
