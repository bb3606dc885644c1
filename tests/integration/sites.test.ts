// Issue 16, sites and incidents: creating, editing, linking photos and regions, each an undoable step
// with a readable history; the site page in capture-time order; the GeoJSON export checked against
// the official GeoJSON JSON Schema (geojson-schema, with ajv) and read by Shapely; sites, incidents
// and links travelling in a bag and never rewriting what the importing archive has.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import featureCollectionSchema from 'geojson-schema/FeatureCollection.json';
import { apiSchema, type ApiInput, type ApiMethod, type ApiOutput, type ExportProgress, type PhotoSummary, type Site, type Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { SEVERITIES } from '../../shared/taxonomy';
import { exportBag } from '../helpers/bag-archive';
import { runCli } from '../helpers/cli';
import { sealBag } from '../helpers/bag-build';
import { CAMERAS, PROJECT_ROOT, tempDir } from '../helpers/fixtures';

const rect = { type: 'rect' as const, x: 0.1, y: 0.1, w: 0.3, h: 0.3 };
const photosDir = tempDir('sites-photos-');
// Three dated photos of one van (the fixtures' capture days differ) and one unrelated photo.
for (const f of ['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg', 'gps__DSCN0010.jpg']) fs.copyFileSync(path.join(CAMERAS, f), path.join(photosDir, f));

let dir: string;
let session: ArchiveSession;
let photos: PhotoSummary[];
let terms: Term[];
const byName = (name: string) => photos.find((p) => p.fileName === name)!;
const term = (key: string) => terms.find((t) => t.key === key)!;
/** A call as a host makes it: the payload validated (defaults filled in) by the API's own schema. */
const call = <M extends ApiMethod>(m: M, input: ApiInput<M>): Promise<ApiOutput<M>> =>
  (session.api[m] as (i: unknown) => Promise<ApiOutput<M>>)(apiSchema[m].input.parse(input));

async function exportTo(format: 'geojson' | 'bagit', out: string, options: Record<string, unknown> = {}, photoIds: number[] | null = null): Promise<ExportProgress> {
  let last: ExportProgress | null = null;
  const stop = session.onEvent((e) => {
    if (e.type === 'export-progress') last = e.progress;
  });
  try {
    await session.api.startExport({ format, out, photoIds, options: { bom: true, sourceOrganization: 'Field team', contactName: '', externalDescription: '', profile: 'full', ...options } });
    await session.exportIdle();
  } finally {
    stop();
  }
  return last!;
}

beforeAll(async () => {
  dir = tempDir('sites-archive-');
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.setSettings({ userName: 'Olena' });
  await session.api.startImport({ paths: [photosDir], mode: 'copy' });
  await session.idle();
  photos = await session.api.listPhotos({});
  terms = await session.api.getVocabulary({});
});

afterAll(async () => {
  await session.close();
});

describe('sites and incidents through the API', () => {
  let van: Site;

  it('creates a site and an incident as undoable steps named in the history', async () => {
    van = await call('createSite', { name: 'Van at checkpoint', kind: 'vehicle', lat: 50.4501, lon: 30.5234, precision: 10, notes: 'burnt out' });
    expect(van).toMatchObject({ name: 'Van at checkpoint', kind: 'vehicle', precision: 10, photoCount: 0 });
    expect((await session.api.getUndoState({})).undoLabel).toBe('Create site "Van at checkpoint"');
    const incident = await call('createIncident', { name: 'Shelling of the checkpoint', startDate: '2022-03-05', endDate: '2022-03-06' });
    expect(incident.startDate).toBe('2022-03-05');
    const history = await session.api.getHistory({ photoId: null, limit: 5 });
    expect(history[0]!.description).toBe('Create incident "Shelling of the checkpoint"');
    expect(history[1]!.lines).toEqual(['Site "Van at checkpoint" created']);

    await session.api.undo({});
    expect(await session.api.listIncidents({})).toEqual([]);
    await session.api.redo({});
    expect((await session.api.listIncidents({})).map((i) => i.name)).toEqual(['Shelling of the checkpoint']);
  });

  it('refuses half a position and an incident that ends before it starts', async () => {
    await expect(call('createSite', { name: 'x', lat: 50, lon: null })).rejects.toThrow(/both latitude and longitude/);
    await expect(call('createIncident', { name: 'x', startDate: '2022-03-05', endDate: '2022-02' })).rejects.toThrow(/cannot end \(2022-02\) before it starts/);
  });

  it('links photos and a region; the site page lists its photos in capture-time order', async () => {
    const ids = ['Pentax_K10D.jpg', 'Canon_40D.jpg', 'Nikon_D70.jpg'].map((n) => byName(n).id);
    expect((await session.api.linkSitePhotos({ siteId: van.id, photoIds: ids, linked: true })).changed).toBe(3);
    // Linking again changes nothing and records nothing.
    const before = (await session.api.getHistory({ photoId: null, limit: 1 }))[0]!.id;
    expect((await session.api.linkSitePhotos({ siteId: van.id, photoIds: ids, linked: true })).changed).toBe(0);
    expect((await session.api.getHistory({ photoId: null, limit: 1 }))[0]!.id).toBe(before);

    const page = await session.api.getSite({ id: van.id });
    const taken = page.photos.map((p) => p.takenAt);
    expect(taken.every((t) => t !== null)).toBe(true);
    expect([...taken].sort()).toEqual(taken);
    expect(page.photos).toHaveLength(3);

    const incident = (await session.api.listIncidents({}))[0]!;
    await session.api.linkIncidentPhotos({ incidentId: incident.id, photoIds: [ids[0]!], linked: true });

    // A region drawn on the unrelated photo, then said to show the van: its photo joins the site.
    const other = byName('gps__DSCN0010.jpg').id;
    const region = await call('createRegion', { photoId: other, geometry: rect, classId: term('vehicle.van').id, damageIds: [term('damage.fire').id], severity: 4, confidence: 'certain' });
    await session.api.linkRegionSite({ regionId: region.id, siteId: van.id });
    expect((await session.api.getUndoState({})).undoLabel).toBe(`Region R-${region.id} shows site "Van at checkpoint"`);
    const places = await session.api.getPhotoPlaces({ photoId: other });
    expect(places.sites.map((s) => s.name)).toEqual(['Van at checkpoint']);
    expect(places.regionSites).toEqual([{ regionId: region.id, siteId: van.id }]);
    const lines = (await session.api.getHistory({ photoId: other, limit: 2 })).flatMap((h) => h.lines ?? []);
    expect(lines).toContain(`Region R-${region.id}: site (none) → "Van at checkpoint"`);
    expect(lines).toContain('Linked to site "Van at checkpoint"');

    // One undo takes back both the region link and the photo link it brought.
    await session.api.undo({});
    expect((await session.api.getPhotoPlaces({ photoId: other })).sites).toEqual([]);
    await session.api.redo({});
    expect((await session.api.getSite({ id: van.id })).photos).toHaveLength(4);
  });

  it('deleting a site is one step, and undoing it brings back the site with every link', async () => {
    const spare = await call('createSite', { name: 'Spare', kind: 'building' });
    await session.api.linkSitePhotos({ siteId: spare.id, photoIds: [byName('Canon_40D.jpg').id], linked: true });
    await session.api.deleteSite({ id: spare.id });
    expect((await session.api.listSites({})).map((s) => s.name)).toEqual(['Van at checkpoint']);
    await session.api.undo({});
    const back = (await session.api.listSites({})).find((s) => s.name === 'Spare')!;
    expect(back).toMatchObject({ id: spare.id, uid: spare.uid, photoCount: 1 });
    await session.api.redo({});
    // A new site never takes the id an undo could bring back.
    const next = await call('createSite', { name: 'Street corner', kind: 'street', lat: 50.45, lon: 30.52, precision: 1000 });
    expect(next.id).toBeGreaterThan(spare.id);
    await session.api.updateSite({ id: next.id, notes: 'market side' });
    expect((await session.api.getHistory({ photoId: null, limit: 1 }))[0]!.lines).toEqual(['Site "Street corner": notes (empty) → market side']);
  });
});

describe('GeoJSON export', () => {
  let doc: { type: string; features: Array<{ id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }> };
  let file: string;

  beforeAll(async () => {
    const van = (await session.api.listSites({})).find((s) => s.name === 'Van at checkpoint')!;
    // A region on a site photo with a lower grade, given only as possible.
    const canon = byName('Canon_40D.jpg').id;
    await call('createRegion', { photoId: canon, geometry: rect, classId: term('vehicle.van').id, damageIds: [term('damage.gunfire').id], severity: 2, confidence: 'possible' });
    // A site without a position.
    const school = await call('createSite', { name: 'School No. 5', kind: 'building', notes: '' });
    await session.api.linkSitePhotos({ siteId: school.id, photoIds: [byName('Nikon_D70.jpg').id], linked: true });
    file = path.join(tempDir('sites-geojson-'), 'sites.geojson');
    const last = await exportTo('geojson', file, { profile: 'share', share: { remove: [] } });
    expect(last.state, last.message ?? '').toBe('done');
    expect(last.message).toMatch(/^Exported 2 sites \(of 4 photos\) to /);
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    void van;
  });

  it('is valid against the official GeoJSON FeatureCollection schema', () => {
    const ajv = new Ajv({ allErrors: true });
    const ok = ajv.validate(featureCollectionSchema, doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is read by Shapely: points at the sites, a site without a position as geometry null', () => {
    const script = [
      'import json, sys',
      'from shapely.geometry import shape',
      'doc = json.load(open(sys.argv[1], encoding="utf-8"))',
      'print(json.dumps([[f["properties"]["name"], None if f["geometry"] is None else shape(f["geometry"]).wkt] for f in doc["features"]]))',
    ].join('\n');
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as Array<[string, string | null]>;
    expect(out).toContainEqual(['Van at checkpoint', 'POINT (30.5234 50.4501)']);
    expect(out).toContainEqual(['School No. 5', null]);
  });

  it('carries damage:* properties and the xBD / UNOSAT crosswalk from the linked region', () => {
    const van = doc.features.find((f) => f.properties.name === 'Van at checkpoint')!;
    const destroyed = SEVERITIES[4];
    expect(van.properties).toMatchObject({
      damage: 'yes',
      'damage:grade': '4 destroyed',
      'damage:grade_value': 4,
      'damage:confidence': 'certain',
      'damage:xbd': destroyed.xbd,
      'damage:unosat': destroyed.unosat,
      'damage:observed': 'fire',
      // The site has a linked region: the grade comes from it alone, not the "possible" 2 on another photo.
      'damage:basis': 'site regions',
      'damage:event': 'Shelling of the checkpoint',
      'damage:date': '2022-03-05..2022-03-06',
      'source:damage': 'ground photographs, Field team',
      'site:kind': 'vehicle',
      'site:precision_m': 10,
      photo_count: 4,
    });
    expect(van.properties['damage:xbd']).toBe('destroyed');
    expect(van.properties['damage:assessment_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(van.properties.photo_sha256).toHaveLength(4);
    // No absolute path anywhere in a share export.
    expect(fs.readFileSync(file, 'utf8')).not.toContain(dir);
  });

  it('leaves out withdrawn photos, and grades from every region of the photos when no region is linked', async () => {
    const street = (await session.api.listSites({})).find((s) => s.name === 'Street corner')!;
    const canon = byName('Canon_40D.jpg').id;
    await session.api.linkSitePhotos({ siteId: street.id, photoIds: [canon, byName('Nikon_D70.jpg').id], linked: true });
    await session.api.withdrawPhotos({ photoIds: [byName('Nikon_D70.jpg').id], reason: 'wrong place' });
    const out = path.join(tempDir('sites-geojson-'), 'street.geojson');
    expect((await exportTo('geojson', out)).state).toBe('done');
    const f = (JSON.parse(fs.readFileSync(out, 'utf8')) as typeof doc).features.find((x) => x.properties.name === 'Street corner')!;
    expect(f.properties).toMatchObject({ photo_ids: [canon], 'damage:basis': 'photo regions', 'damage:grade': '2 moderate', 'damage:confidence': 'possible', 'damage:unosat': 'possibly damaged', 'damage:xbd': 'minor-damage' });
    await session.api.reinstatePhotos({ photoIds: [byName('Nikon_D70.jpg').id] });
  });
});

describe('sites in bags', () => {
  it('travel with their links; importing never rewrites the local site and reports the difference', async () => {
    const bag = path.join(tempDir('sites-bag-'), 'bag');
    expect((await exportBag(session, bag)).last.state).toBe('done');
    const json = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'annotations', 'archive.json'), 'utf8')) as { sites: Array<{ name: string; photos: string[]; regions: unknown[] }> };
    expect(json.sites.find((s) => s.name === 'Van at checkpoint')).toMatchObject({ regions: [expect.anything()] });
    // The bag also carries the sites as GeoJSON, and the Library of Congress validator accepts the bag.
    const sitesFile = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'annotations', 'sites.geojson'), 'utf8')) as { features: Array<{ properties: { name: string } }> };
    expect(sitesFile.features.map((f) => f.properties.name).sort()).toEqual(['School No. 5', 'Street corner', 'Van at checkpoint']);
    execFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'oracles', 'bagit-validate'), ['--validate', bag], { stdio: 'pipe' });

    // Into a new archive: everything comes back.
    const fresh = new ArchiveSession(tempDir('sites-import-'), { host: 'web' });
    try {
      await fresh.api.startBagImport({ path: bag });
      const last = await fresh.idle();
      expect(last?.state, last?.message ?? '').toBe('done');
      const sites = await fresh.api.listSites({});
      const van = sites.find((s) => s.name === 'Van at checkpoint')!;
      const original = (await session.api.listSites({})).find((s) => s.name === 'Van at checkpoint')!;
      expect(van).toMatchObject({ uid: original.uid, lat: original.lat, lon: original.lon, precision: 10, notes: 'burnt out', photoCount: 4, regionCount: 1 });
      expect((await fresh.api.listIncidents({})).map((i) => [i.name, i.photoCount])).toEqual([['Shelling of the checkpoint', 1]]);
      expect(sites.map((s) => s.name).sort()).toEqual(['School No. 5', 'Street corner', 'Van at checkpoint']);
    } finally {
      await fresh.close();
    }

    // Back into an archive where the site was renamed and moved: kept as it is here, the difference reported.
    const van = (await session.api.listSites({})).find((s) => s.name === 'Van at checkpoint')!;
    await session.api.updateSite({ id: van.id, name: 'Burnt van', lat: 50.46 });
    await session.api.linkSitePhotos({ siteId: van.id, photoIds: [byName('Pentax_K10D.jpg').id], linked: false });
    const sitesBefore = snapshot(dir);
    await session.api.startBagImport({ path: bag });
    const last = await session.idle();
    expect(last?.state, last?.message ?? '').toBe('done');
    const after = snapshot(dir);
    expect(after.sites).toEqual(sitesBefore.sites);
    // The link this archive lacks is added back (adding is not rewriting), and recorded.
    expect(after.sitePhotos.length).toBe(sitesBefore.sitePhotos.length + 1);
    expect(last!.bag!.conflicts!.join('\n')).toMatch(/The bag's site "Burnt van" differs from this archive's \(name "Van at checkpoint" in the bag, "Burnt van" here; lat 50\.4501 in the bag, 50\.46 here\): this archive's was kept\./);

    // A hostile bag: a site with half a position is refused with the reason, nothing imported; links
    // naming photos and regions the bag does not hold are skipped.
    const hostile = path.join(tempDir('sites-hostile-'), 'bag');
    fs.cpSync(bag, hostile, { recursive: true });
    const jsonFile = path.join(hostile, 'data', 'annotations', 'archive.json');
    const doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { sites: Array<Record<string, unknown>> };
    const placed = doc.sites.find((x) => x.lat !== null)!;
    placed.lon = null;
    fs.writeFileSync(jsonFile, JSON.stringify(doc));
    sealBag(hostile, { algorithms: ['sha256'] });
    const target = new ArchiveSession(tempDir('sites-hostile-archive-'), { host: 'web' });
    try {
      await target.api.startBagImport({ path: hostile });
      const refused = await target.idle();
      expect(refused?.state).toBe('failed');
      expect(refused?.message).toMatch(/a site has both latitude and longitude, or neither/);
      expect(await target.api.listPhotos({})).toEqual([]);
      expect(await target.api.listSites({})).toEqual([]);

      placed.lon = 30.5;
      Object.assign(placed, { photos: ['0'.repeat(64)], regions: [{ photo: '0'.repeat(64), regionId: 424242 }] });
      fs.writeFileSync(jsonFile, JSON.stringify(doc));
      sealBag(hostile, { algorithms: ['sha256'] });
      await target.api.startBagImport({ path: hostile });
      const ok = await target.idle();
      expect(ok?.state, ok?.message ?? '').toBe('done');
      const made = (await target.api.listSites({})).find((x) => x.uid === placed.uid)!;
      expect(made).toMatchObject({ photoCount: 0, regionCount: 0, lon: 30.5 });
    } finally {
      await target.close();
    }
  });
});

describe('CLI', () => {
  it('lists sites as JSON and adds and links one under the writer lock', async () => {
    const cliDir = tempDir('sites-cli-');
    const s = new ArchiveSession(cliDir, { host: 'web' });
    await s.api.startImport({ paths: [path.join(photosDir, 'Canon_40D.jpg')], mode: 'copy' });
    await s.idle();
    const photoId = (await s.api.listPhotos({}))[0]!.id;
    // The app holds the lock: the CLI refuses to write.
    const refused = (await runCli('site', 'add', '--archive', cliDir, '--name', 'Clinic', '--kind', 'building'));
    expect(refused.code).not.toBe(0);
    await s.close();
    const add = (await runCli('site', 'add', '--archive', cliDir, '--name', 'Clinic', '--kind', 'building', '--lat', '50.1', '--lon', '30.2', '--precision', '100', '--json'));
    expect(add.code, add.stderr).toBe(0);
    const site = JSON.parse(add.stdout) as Site;
    expect(site).toMatchObject({ name: 'Clinic', lat: 50.1, lon: 30.2, precision: 100 });
    const link = (await runCli('site', 'link', String(site.id), String(photoId), '--archive', cliDir));
    expect(link.code, link.stderr).toBe(0);
    const list = (await runCli('sites', '--archive', cliDir, '--json'));
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'Clinic', photoCount: 1 }]);
    expect((await runCli('sites', '--archive', cliDir)).stdout).toMatch(/Clinic\s+building\s+50\.1, 30\.2 ±100 m\s+1 photo/);
   }, 300_000);
});

function snapshot(archiveDir: string) {
  const db = new Database(path.join(archiveDir, 'catalog.sqlite'), { readonly: true });
  try {
    return {
      sites: db.prepare('SELECT * FROM sites ORDER BY id').all(),
      sitePhotos: db.prepare('SELECT * FROM site_photos ORDER BY site_id, photo_id').all(),
    };
  } finally {
    db.close();
  }
}
