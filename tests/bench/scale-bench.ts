// npm run bench -- --scale 250000: find and browse at scale. Builds a synthetic archive (cached in
// the temp folder by size and generator version, so re-runs start at once; --archive names a folder
// instead, --fresh rebuilds), then measures in a fresh process, through the real API handlers
// (ArchiveSession): archive open to the first grid page, search and facet latency over a fixed set
// of 50 queries, similar-photo lookups, and the process's memory. Unless --compare none, the same
// is measured at 50,000 photos (--compare N) and the report sets the two side by side, each figure
// against its target: open < 1 s, search/facet/similar p95 < 50 ms, RSS < 600 MB.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { PhotoQueryInput } from '../../shared/api';
import { PhotoQuery } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { buildScaleArchive, GENERATOR_VERSION, SITES_AND_STATUSES_GENERATED } from './scale-archive';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '50000' },
    archive: { type: 'string' },
    keep: { type: 'boolean', default: false },
    measure: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    compare: { type: 'string', default: '50000' },
    fresh: { type: 'boolean', default: false },
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

/** What one measurement reports to the parent process (the side-by-side table). */
interface Figures {
  photos: number;
  openMs: number;
  openCpuMs: number;
  searchP50: number;
  searchP95: number;
  facetsP50: number;
  facetsP95: number;
  similarP50: number;
  similarP95: number;
  similarFirstMs: number;
  searchCpuP95: number;
  facetsCpuP95: number;
  similarCpuP95: number;
  rssMb: number;
  rssAfterGcMb: number;
}

async function measure(dir: string): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const session = new ArchiveSession(dir, { host: 'web' });
  const tSession = performance.now() - t0;
  const grid = await session.api.searchPhotos(PhotoQuery.parse({}));
  const firstPage = grid.slice(0, GRID_PAGE);
  const tOpen = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const openCpu = (cpu.user + cpu.system) / 1000;
  const facets0 = await session.api.getFacets(PhotoQuery.parse({}));
  const tFacets = performance.now() - t0;
  console.log(`archive open to first grid page: ${ms(tOpen)} (${grid.length} photos listed, first page ${firstPage.length})`);
  console.log(`  of which opening the session (migrations, temporaries sweep, start of backup and originals check): ${ms(tSession)}`);
  console.log(`  ... and the sidebar's facet counts: ${ms(tFacets)} (total ${facets0.total})`);
  console.log(`  CPU time of this process to the first grid page: ${ms(openCpu)} (wall time above includes waiting for a busy machine)`);
  // Let the open-time work behind the grid (temporaries sweep, backup, originals check, hashing
  // check) finish: the figures below are steady state. Meanwhile, how long did it hold up requests?
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await session.api.backupNow({});
  await session.api.checkOriginals({});
  await session.idle();
  delay.disable();
  console.log(`  background work after open: longest event-loop block ${ms(delay.max / 1e6)} (p99 ${ms(delay.percentile(99) / 1e6)})`);

  // Term ids as this archive numbers them: the classes facet lists parents first (they count their subtypes' photos too).
  const used = (kind: 'classes' | 'damage' | 'tags') => facets0[kind].map((f) => Number(f.value));
  const qs = queries({ classes: used('classes').slice(4), damage: used('damage'), tags: used('tags') }).map((q) => PhotoQuery.parse(q));
  const search: number[] = [];
  const facets: number[] = [];
  const maps: number[] = [];
  const cold: number[] = [];
  // CPU time beside wall time: on a shared machine the wall time mostly measures the wait for a core.
  const searchCpu: number[] = [];
  const facetsCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  for (let round = 0; round < 2; round++) {
    for (const q of qs) {
      let t = performance.now();
      let c = process.cpuUsage();
      await session.api.searchPhotos(q);
      if (round) search.push(performance.now() - t);
      else cold.push(performance.now() - t);
      if (round) searchCpu.push(cpuMs(c));
      t = performance.now();
      c = process.cpuUsage();
      await session.api.getFacets(q);
      if (round) facets.push(performance.now() - t);
      else cold.push(performance.now() - t);
      if (round) facetsCpu.push(cpuMs(c));
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
  line('  its CPU time', searchCpu);
  line('getFacets', facets);
  line('  its CPU time', facetsCpu);
  line('mapPoints', maps);
  // Near-duplicate lookups: the first also builds the in-memory hash table.
  const similar: number[] = [];
  let tFirst = performance.now();
  await session.api.similarPhotos({ id: grid[0]!.id });
  tFirst = performance.now() - tFirst;
  const similarCpu: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await session.api.similarPhotos({ id: grid[Math.floor((i * grid.length) / 50)]!.id });
    similar.push(performance.now() - t);
    similarCpu.push(cpuMs(c));
  }
  console.log(`similarPhotos: first (loads the hash table) ${ms(tFirst)}; then over 50 photos:`);
  line('similarPhotos', similar);
  line('  its CPU time', similarCpu);
  // One edit and the next query: the queued photo is re-indexed on the way.
  const photo = grid[10]!;
  const tEdit = performance.now();
  await session.api.applyBatch({ photoIds: [photo.id], addTagIds: [], removeTagIds: [], fields: { caption: 'benchmark edit Khárkiv' } });
  await session.api.getFacets(PhotoQuery.parse({ text: 'benchmark' }));
  console.log(`edit then re-count: ${ms(performance.now() - tEdit)}`);
  const memory = process.memoryUsage();
  const rss = memory.rss / 2 ** 20;
  // After a full collection too: what the session holds, apart from garbage not yet collected.
  (globalThis as { gc?: () => void }).gc?.();
  const held = process.memoryUsage();
  console.log(
    `core process memory: RSS ${rss.toFixed(0)} MB (heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB); after a full GC: RSS ${(held.rss / 2 ** 20).toFixed(0)} MB (heap ${(held.heapUsed / 2 ** 20).toFixed(0)} MB)`,
  );
  await session.close();
  return {
    photos: grid.length,
    openMs: tOpen,
    openCpuMs: openCpu,
    searchP50: percentile(search, 50),
    searchP95: percentile(search, 95),
    facetsP50: percentile(facets, 50),
    facetsP95: percentile(facets, 95),
    similarP50: percentile(similar, 50),
    similarP95: percentile(similar, 95),
    similarFirstMs: tFirst,
    searchCpuP95: percentile(searchCpu, 95),
    facetsCpuP95: percentile(facetsCpu, 95),
    similarCpuP95: percentile(similarCpu, 95),
    rssMb: rss,
    rssAfterGcMb: held.rss / 2 ** 20,
  };
}

/** The archive for `count` photos: --archive's folder, or the cached one (built when missing or stale). */
async function archiveFor(count: number): Promise<{ dir: string; cleanup: () => void }> {
  if (values.archive && count === Number(values.scale)) {
    const dir = path.resolve(values.archive);
    if (!fs.existsSync(path.join(dir, 'catalog.sqlite'))) await build(dir, count);
    else console.log(`reusing the archive in ${dir}`);
    return { dir, cleanup: () => console.log(`archive kept in ${dir}`) };
  }
  // Keyed by size and generator version; the marker is written last, so a build that was
  // interrupted is never reused. The absolute paths of the originals are in the catalogue, so the
  // folder is built where it stays.
  const base = path.join(os.tmpdir(), 'damage-archive-scale-bench', `${count}-g${GENERATOR_VERSION}`);
  const dir = path.join(base, 'archive');
  const marker = path.join(base, 'complete');
  if (values.fresh || !fs.existsSync(marker)) {
    fs.rmSync(base, { recursive: true, force: true });
    await build(dir, count);
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  } else {
    console.log(`reusing the cached archive of ${count} photos in ${dir} (--fresh rebuilds it)`);
  }
  return {
    dir,
    cleanup: () => {
      if (!values.keep) return;
      console.log(`archive kept in ${dir}`);
    },
  };
}

async function build(dir: string, count: number): Promise<void> {
  console.log(`building a synthetic archive of ${count} photos in ${dir}`);
  const r = await buildScaleArchive(dir, count, (s) => console.log(`  ${s}`));
  console.log(`  ${r.photos} photos, ${r.regions} regions, ${r.tags} photo tags, ${r.metaRows} descriptive fields; rows ${r.buildMs} ms, search index ${r.indexMs} ms`);
}

/** Measures one archive in a fresh process (a cold start, as a user opening the app has). */
async function measureInChild(dir: string): Promise<Figures | null> {
  const child = fork(fileURLToPath(import.meta.url), ['--measure', dir, ...(values.verbose ? ['--verbose'] : [])], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  let figures: Figures | null = null;
  child.on('message', (m) => {
    figures = m as Figures;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) process.exitCode = code ?? 1;
  return figures;
}

const TARGETS: Array<{ name: string; value: (f: Figures) => number; limit: number; unit: 'ms' | 'MB' }> = [
  { name: 'open to first grid page', value: (f) => f.openMs, limit: 1000, unit: 'ms' },
  { name: '  (its CPU time)', value: (f) => f.openCpuMs, limit: 1000, unit: 'ms' },
  { name: 'searchPhotos p95', value: (f) => f.searchP95, limit: 50, unit: 'ms' },
  { name: '  (its CPU time)', value: (f) => f.searchCpuP95, limit: 50, unit: 'ms' },
  { name: 'getFacets p95', value: (f) => f.facetsP95, limit: 50, unit: 'ms' },
  { name: '  (its CPU time)', value: (f) => f.facetsCpuP95, limit: 50, unit: 'ms' },
  { name: 'similarPhotos p95', value: (f) => f.similarP95, limit: 50, unit: 'ms' },
  { name: '  (its CPU time)', value: (f) => f.similarCpuP95, limit: 50, unit: 'ms' },
  { name: 'RSS', value: (f) => f.rssMb, limit: 600, unit: 'MB' },
  { name: '  (after a full GC)', value: (f) => f.rssAfterGcMb, limit: 600, unit: 'MB' },
];

function report(results: Array<{ count: number; figures: Figures | null }>): void {
  const cell = (t: (typeof TARGETS)[number], f: Figures | null) => {
    if (!f) return 'failed'.padEnd(22);
    const v = t.value(f);
    return `${v.toFixed(t.unit === 'MB' ? 0 : 1)} ${t.unit} ${v < t.limit ? 'reached' : 'MISSED'}`.padEnd(22);
  };
  console.log('');
  console.log(`targets (machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; shared machines are noisy)`);
  console.log(`${'target'.padEnd(26)}${results.map((r) => `${r.count.toLocaleString('en')} photos`.padEnd(22)).join('')}limit`);
  for (const t of TARGETS) console.log(`${t.name.padEnd(26)}${results.map((r) => cell(t, r.figures)).join('')}< ${t.limit} ${t.unit}`);
  for (const r of results) {
    if (r.figures) console.log(`  ${r.count}: search p50 ${ms(r.figures.searchP50)}, facets p50 ${ms(r.figures.facetsP50)}, similar p50 ${ms(r.figures.similarP50)} (first lookup ${ms(r.figures.similarFirstMs)})`);
  }
  console.log(SITES_AND_STATUSES_GENERATED ? '  with sites (1 per 60 photos, a third of the photos linked), incidents and review statuses (5% sealed, 3% sensitive)' : '  sites and review statuses: not generated');
}

if (values.measure) {
  const figures = await measure(values.measure);
  process.send?.(figures);
} else {
  const count = Number(values.scale);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--scale takes a number of photos, not ${values.scale}`);
  const compare = values.compare === 'none' ? null : Number(values.compare);
  if (compare !== null && (!Number.isInteger(compare) || compare < 1)) throw new Error(`--compare takes a number of photos or "none", not ${values.compare}`);
  const sizes = compare !== null && compare !== count ? [compare, count].sort((a, b) => a - b) : [count];
  const results: Array<{ count: number; figures: Figures | null }> = [];
  for (const n of sizes) {
    const { dir, cleanup } = await archiveFor(n);
    console.log(`\n== ${n} photos ==`);
    results.push({ count: n, figures: await measureInChild(dir) });
    cleanup();
  }
  report(results);
}
