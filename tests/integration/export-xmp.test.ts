// XMP sidecar export, checked with exiftool (an independent XMP reader): every IPTC field, keywords,
// GPS, IPTC Image Regions (rectangle and polygon) and MWG regions come back with our values, the
// hostile caption survives exactly and stays inert, and a rotated photo's regions are on the stored image.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress, PhotoDetail, Region, Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, ORIENTATION, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION } from '../helpers/hostile-text';

const HOSTILE_NOTE = 'north façade, "sniper" position\nsecond, line';

type Json = Record<string, unknown>;

/** exiftool's reading of a sidecar: structures kept (-struct), numbers as numbers (-n), tags named by namespace (-G1). */
function exiftool(file: string): Json {
  try {
    const out = execFileSync('exiftool', ['-json', '-struct', '-n', '-G1', file], { encoding: 'utf8' });
    return (JSON.parse(out) as Json[])[0]!;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('exiftool is not installed (apt-get install libimage-exiftool-perl); it is the reference reader here.', { cause: err });
    throw err;
  }
}

let dir: string;
let session: ArchiveSession;
let out: string;
let terms: Term[];
const term = (key: string) => terms.find((t) => t.key === key)!;
let progress: ExportProgress[];
let main: PhotoDetail;
let rotated: PhotoDetail;
let fromFileOnly: PhotoDetail;
let twins: PhotoDetail[];
let mainRegions: Region[];
let rotatedRegion: Region;
const fields = {
  title: 'Drama theatre after the strike',
  caption: HOSTILE_CAPTION,
  creator: 'Olena K.',
  credit: 'Photo: IWPR',
  copyright: '© 2022 Olena K., CC BY 4.0',
  sublocation: 'Teatralna Square',
  city: 'Mariupol',
  region: 'Donetsk Oblast',
  country: 'Ukraine',
  countryCode: 'UA',
  event: 'Siege of Mariupol, strike of 16 March',
  source: 'IWPR field team',
  provenance: 'Handed over on a USB stick by the photographer, 2022-04-02',
  lat: '47.0951234',
  lon: '37.5413456',
};

beforeAll(async () => {
  dir = tempDir();
  const photos = tempDir('photos-');
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'strike.jpg'));
  fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(photos, 'rotated.jpg'));
  fs.copyFileSync(path.join(CAMERAS, 'xmp__BlueSquare.jpg'), path.join(photos, 'bluesquare.jpg'));
  // Two different photos with one file name, from two cards.
  for (const [sub, src] of [['card-a', 'Nikon_D70.jpg'], ['card-b', 'Pentax_K10D.jpg']] as const) {
    fs.mkdirSync(path.join(photos, sub));
    fs.copyFileSync(path.join(CAMERAS, src), path.join(photos, sub, 'IMG_0001.JPG'));
  }
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  const list = await session.api.listPhotos({});
  const byName = async (name: string) => Promise.all(list.filter((p) => p.fileName === name).map((p) => session.api.getPhoto({ id: p.id })));
  main = (await byName('strike.jpg'))[0]!;
  rotated = (await byName('rotated.jpg'))[0]!;
  fromFileOnly = (await byName('bluesquare.jpg'))[0]!;
  twins = await byName('IMG_0001.JPG');
  terms = await session.api.getVocabulary({});

  const khorog = await session.api.addTerm({ kind: 'tag', label: 'Khorog', parentId: null, colour: null, shortcut: null });
  const places = await session.api.addTerm({ kind: 'tag', label: 'Places', parentId: null, colour: null, shortcut: null });
  const mariupol = await session.api.addTerm({ kind: 'tag', label: 'Мариуполь', parentId: places.id, colour: null, shortcut: null });
  await session.api.applyBatch({ photoIds: [main.id], addTagIds: [khorog.id, mariupol.id], removeTagIds: [], fields });
  mainRegions = [
    await session.api.createRegion({
      photoId: main.id,
      geometry: { type: 'rect', x: 0.125, y: 0.2, w: 0.3, h: 0.35 },
      classId: term('building.residential').id,
      damageIds: [term('damage.gunfire').id, term('damage.glazing').id],
      severity: 3,
      confidence: 'certain',
      note: HOSTILE_NOTE,
    }),
    await session.api.createRegion({
      photoId: main.id,
      geometry: { type: 'polygon', points: [[0.5, 0.5], [0.9, 0.52], [0.88, 0.9], [0.55, 0.85]] },
      classId: term('vehicle.minibus').id,
      damageIds: [term('damage.fire').id],
      severity: 4,
      confidence: 'possible',
      note: '',
    }),
  ];
  rotatedRegion = await session.api.createRegion({
    photoId: rotated.id,
    geometry: { type: 'rect', x: 0.6, y: 0.1, w: 0.3, h: 0.5 },
    classId: term('building.government').id,
    damageIds: [term('damage.blast').id],
    severity: 'na',
    confidence: null,
    note: 'upper floors',
  });

  progress = [];
  session.onEvent((e) => {
    if (e.type === 'export-progress') progress.push(e.progress);
  });
  out = path.join(tempDir('export-'), 'sidecars');
  await session.api.startExport({ format: 'xmp', out, photoIds: null, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full' } });
  await session.exportIdle();
}, 120_000);

afterAll(() => session.close());

describe('XMP sidecar export', () => {
  it('writes one <file name>.xmp per photo, disambiguating shared names by SHA-256, with progress per photo', () => {
    expect(progress.at(-1)).toMatchObject({ state: 'done', total: 5, done: 5 });
    const files = fs.readdirSync(out).sort();
    expect(files).toContain('strike.jpg.xmp');
    expect(files).toContain('rotated.jpg.xmp');
    expect(files).toContain('bluesquare.jpg.xmp');
    expect(files).toContain('IMG_0001.JPG.xmp');
    // And ExifTool's definitions of our namespace, so exiftool -config keeps it when copying.
    expect(files).toContain('damage-archive.config');
    expect(files).toHaveLength(6);
    // The other one of the pair is named after its bytes, and each says which bytes it describes.
    const other = files.find((f) => f.startsWith('IMG_0001_'))!;
    expect(other).toMatch(/^IMG_0001_[0-9a-f]{12}\.JPG\.xmp$/);
    const shas = [exiftool(path.join(out, 'IMG_0001.JPG.xmp')), exiftool(path.join(out, other))].map((j) => j['XMP-dma:OriginalSHA256']);
    expect(new Set(shas)).toEqual(new Set(twins.map((t) => t.sha256)));
    expect(other).toContain(String(shas[1]).slice(0, 12));
  });

  it('carries every IPTC core field, event, source and provenance exactly, the hostile caption included', () => {
    const x = exiftool(path.join(out, 'strike.jpg.xmp'));
    expect(x['XMP-dc:Title']).toBe(fields.title);
    expect(x['XMP-dc:Description']).toBe(HOSTILE_CAPTION);
    expect(x['XMP-dc:Creator']).toEqual([fields.creator]);
    expect(x['XMP-photoshop:Credit']).toBe(fields.credit);
    expect(x['XMP-dc:Rights']).toBe(fields.copyright);
    expect(x['XMP-iptcCore:Location']).toBe(fields.sublocation);
    expect(x['XMP-photoshop:City']).toBe(fields.city);
    expect(x['XMP-photoshop:State']).toBe(fields.region);
    expect(x['XMP-photoshop:Country']).toBe(fields.country);
    expect(x['XMP-iptcCore:CountryCode']).toBe(fields.countryCode);
    expect(x['XMP-iptcExt:Event']).toBe(fields.event);
    expect(x['XMP-photoshop:Source']).toBe(fields.source);
    expect(x['XMP-dma:Provenance']).toBe(fields.provenance);
    expect(x['XMP-dma:OriginalSHA256']).toBe(main.sha256);
    // The capture time as the camera wrote it (exiftool shows XMP dates in EXIF style).
    const c = main.capture!;
    expect(x['XMP-photoshop:DateCreated']).toBe(`${c.raw}${c.subSec ? `.${c.subSec}` : ''}${c.offset ?? ''}`);
  });

  it('is inert: the caption is escaped text, never markup', () => {
    const raw = fs.readFileSync(path.join(out, 'strike.jpg.xmp'), 'utf8');
    expect(raw).not.toContain('<script>');
    expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('writes the user-supplied position in XMP GPS notation', () => {
    const raw = fs.readFileSync(path.join(out, 'strike.jpg.xmp'), 'utf8');
    expect(raw).toMatch(/<exif:GPSLatitude>47,5\.70740\d*N<\/exif:GPSLatitude>/);
    const x = exiftool(path.join(out, 'strike.jpg.xmp'));
    expect(x['XMP-exif:GPSLatitude']).toBeCloseTo(Number(fields.lat), 7);
    expect(x['XMP-exif:GPSLongitude']).toBeCloseTo(Number(fields.lon), 7);
    expect(x['XMP-dma:PositionSource']).toBe('user-supplied');
  });

  it('lists photo tags and region classes and damage as flat and hierarchical keywords', () => {
    const x = exiftool(path.join(out, 'strike.jpg.xmp'));
    expect(x['XMP-lr:HierarchicalSubject']).toEqual(
      expect.arrayContaining([
        'tag|Khorog', 'tag|Places|Мариуполь', `Building|${term('building.residential').label}`, `Damage|${term('damage.gunfire').label}`,
        `Damage|${term('damage.glazing').label}`, 'Vehicle|Minibus', `Damage|${term('damage.fire').label}`,
      ]),
    );
    expect((x['XMP-lr:HierarchicalSubject'] as string[]).length).toBe(7);
    expect(x['XMP-dc:Subject']).toEqual(expect.arrayContaining(['Khorog', 'Мариуполь', term('building.residential').label, term('damage.gunfire').label, 'Minibus']));
    expect(x['XMP-dma:PhotoTags']).toEqual(['tag|Khorog', 'tag|Places|Мариуполь']);
  });

  it('writes IPTC Image Regions with our exact coordinates, type, role and damage assessment', () => {
    const x = exiftool(path.join(out, 'strike.jpg.xmp'));
    const regions = x['XMP-iptcExt:ImageRegion'] as Json[];
    expect(regions).toHaveLength(2);
    const [rect, poly] = regions as [Json, Json];
    expect(rect.RegionBoundary).toEqual({ RbShape: 'rectangle', RbUnit: 'relative', RbX: 0.125, RbY: 0.2, RbW: 0.3, RbH: 0.35 });
    expect(rect.Name).toBe('Residential — Gunfire, Glazing blown out, severe (certain)');
    expect(rect.RCtype).toEqual([
      {
        Identifier: ['http://cv.iptc.org/newscodes/imageregiontype/building', 'urn:damage-archive:xmp:1.0:class:building.residential'],
        Name: term('building.residential').label,
      },
      { Identifier: ['urn:damage-archive:xmp:1.0:damage:damage.gunfire'], Name: term('damage.gunfire').label },
      { Identifier: ['urn:damage-archive:xmp:1.0:damage:damage.glazing'], Name: term('damage.glazing').label },
    ]);
    expect(rect.RRole).toEqual([
      { Identifier: ['http://cv.iptc.org/newscodes/imageregionrole/areaOfInterest'], Name: 'area of interest' },
      { Identifier: ['urn:damage-archive:xmp:1.0:severity:3', 'urn:damage-archive:xmp:1.0:confidence:certain'], Name: 'damage assessment: severe, certain' },
    ]);
    expect(rect.RId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rect['XMP-dma:Class']).toEqual({ Key: 'building.residential', Label: term('building.residential').label });
    expect(rect['XMP-dma:Damage']).toEqual([
      { Key: 'damage.gunfire', Label: term('damage.gunfire').label },
      { Key: 'damage.glazing', Label: term('damage.glazing').label },
    ]);
    expect(rect['XMP-dma:Severity']).toBe(3);
    expect(rect['XMP-dma:SeverityLabel']).toBe('3 severe');
    expect(rect['XMP-dma:Confidence']).toBe('certain');
    expect(rect['XMP-dma:Note']).toBe(HOSTILE_NOTE);
    // exiftool recognises the ISO date and shows it EXIF-style.
    expect(rect['XMP-dma:Created']).toBe(mainRegions[0]!.createdAt.replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$1:$2:$3 '));

    const boundary = poly.RegionBoundary as Json;
    expect(boundary.RbShape).toBe('polygon');
    expect(boundary.RbUnit).toBe('relative');
    const points = (mainRegions[1]!.geometry as { points: Array<[number, number]> }).points;
    expect(boundary.RbVertices).toEqual(points.map(([x, y]) => ({ RbX: x, RbY: y })));
    expect(poly.Name).toBe('Minibus — Fire / burn, destroyed (possible)');
    expect((poly.RCtype as Json[])[0]!.Identifier).toEqual(['http://cv.iptc.org/newscodes/imageregiontype/vehicle', 'urn:damage-archive:xmp:1.0:class:vehicle.minibus']);
    expect(poly['XMP-dma:Damage']).toEqual([{ Key: 'damage.fire', Label: term('damage.fire').label }]);
    expect(poly['XMP-dma:Severity']).toBe(4);
    expect(poly['XMP-dma:Confidence']).toBe('possible');
  });

  it('writes MWG regions for rectangles only, centred, applied to the stored size (upright here)', () => {
    const x = exiftool(path.join(out, 'strike.jpg.xmp'));
    const info = x['XMP-mwg-rs:RegionInfo'] as { AppliedToDimensions: Json; RegionList: Json[] };
    expect(info.AppliedToDimensions).toEqual({ W: main.width, H: main.height, Unit: 'pixel' });
    expect(info.RegionList).toHaveLength(1);
    const area = info.RegionList[0]!.Area as Record<string, number>;
    expect(area.Unit).toBe('normalized');
    expect(area.X).toBeCloseTo(0.125 + 0.3 / 2, 10);
    expect(area.Y).toBeCloseTo(0.2 + 0.35 / 2, 10);
    expect(area.W).toBe(0.3);
    expect(area.H).toBe(0.35);
    expect(info.RegionList[0]!.Name).toBe('Residential — Gunfire, Glazing blown out, severe (certain)');
    expect(info.RegionList[0]!.Description).toBe(HOSTILE_NOTE);
  });

  it('describes a photo stored sideways (Orientation 6) on the stored image, as MWG asks: stored size and stored-frame coordinates', () => {
    expect(rotated.orientation).toBe(6);
    // The file is stored 1200 wide and 1800 high; shown upright it is 1800 x 1200.
    expect({ w: rotated.width, h: rotated.height }).toEqual({ w: 1800, h: 1200 });
    const x = exiftool(path.join(out, 'rotated.jpg.xmp'));
    const info = x['XMP-mwg-rs:RegionInfo'] as { AppliedToDimensions: Json; RegionList: Json[] };
    expect(info.AppliedToDimensions).toEqual({ W: 1200, H: 1800, Unit: 'pixel' });
    // Displayed x 0.6..0.9, y 0.1..0.6; turned back a quarter (stored u = y, v = 1 - x).
    const g = rotatedRegion.geometry as { x: number; y: number; w: number; h: number };
    const stored = { RbX: g.y, RbY: Number((1 - g.x - g.w).toFixed(12)), RbW: g.h, RbH: g.w };
    expect((x['XMP-iptcExt:ImageRegion'] as Json[])[0]!.RegionBoundary).toEqual({ RbShape: 'rectangle', RbUnit: 'relative', ...stored });
    const area = info.RegionList[0]!.Area as Record<string, number>;
    expect(area.X).toBeCloseTo(stored.RbX + stored.RbW / 2, 10);
    expect(area.Y).toBeCloseTo(stored.RbY + stored.RbH / 2, 10);
    expect((x['XMP-iptcExt:ImageRegion'] as Json[])[0]!['XMP-dma:Severity']).toBe('na');
  });

  it("falls back to the file's own IPTC/XMP values where the user wrote none", () => {
    const x = exiftool(path.join(out, 'bluesquare.jpg.xmp'));
    expect(fromFileOnly.fromFile.title).toBeTruthy();
    expect(x['XMP-dc:Title']).toBe(fromFileOnly.fromFile.title);
    expect(x['XMP-dc:Description']).toBe(fromFileOnly.fromFile.caption);
    expect(x['XMP-iptcExt:ImageRegion']).toBeUndefined();
    expect(x['XMP-mwg-rs:RegionInfo']).toBeUndefined();
  });
});
