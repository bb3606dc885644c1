// Region frames in XMP, checked with ExifTool's own region configs: our sidecars write MWG and IPTC
// regions on the STORED image (MWG 2.0, 5.9), so ExifTool's rotate_regions.config, turning them by
// the photo's Orientation, lands exactly on the region the user drew on the upright picture, and
// convert_regions.config turns our IPTC block into our MWG block and back. On import, a sidecar
// written by ExifTool as digiKam writes them (AppliedToDimensions = stored size) is read correctly,
// and a size that does not fit the photo is reported.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, PhotoDetail } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { ORIENTATION, tempDir } from '../helpers/fixtures';
import { exiftoolConfig } from '../helpers/exiftool-configs';

type Json = Record<string, unknown>;
type Area = { X: number; Y: number; W: number; H: number };

/** ExifTool's reading; a -config must come first on its command line. */
function exiftool(args: string[]): Json {
  const config = args[0] === '-config' ? args.splice(0, 2) : [];
  const out = execFileSync('exiftool', [...config, '-j', '-n', '-struct', ...args], { encoding: 'utf8' });
  return (JSON.parse(out) as Json[])[0]!;
}

/** Which of ExifTool's rotations shows a stored image upright, per EXIF Orientation. */
const ROTATION: Record<number, string | null> = { 1: null, 3: 'RotateMWGRegionCW180', 6: 'RotateMWGRegionCW90', 8: 'RotateMWGRegionCW270' };
const ORIENTATIONS = [1, 3, 6, 8] as const;
/** One region on the upright picture (the Landscape_N fixtures all show the same scene upright). */
const DRAWN = { type: 'rect' as const, x: 0.1, y: 0.2, w: 0.3, h: 0.4 };
const POLY = { type: 'polygon' as const, points: [[0.5, 0.5], [0.9, 0.55], [0.7, 0.9]] as Array<[number, number]> };

let session: ArchiveSession;
let out: string;
const photos: Record<number, PhotoDetail> = {};
let rotate: string;
let convert: string;

beforeAll(async () => {
  rotate = exiftoolConfig('rotate_regions.config');
  convert = exiftoolConfig('convert_regions.config');
  const folder = tempDir('photos-');
  for (const o of ORIENTATIONS) fs.copyFileSync(path.join(ORIENTATION, `Landscape_${o}.jpg`), path.join(folder, `landscape-${o}.jpg`));
  session = new ArchiveSession(tempDir(), { host: 'web' });
  await session.api.startImport({ paths: [folder], mode: 'reference' });
  await session.idle();
  const terms = await session.api.getVocabulary({});
  const minibus = terms.find((t) => t.key === 'vehicle.minibus')!;
  for (const p of await session.api.listPhotos({})) {
    const detail = await session.api.getPhoto({ id: p.id });
    photos[detail.orientation ?? 1] = detail;
    await session.api.createRegion({ photoId: p.id, geometry: DRAWN, classId: minibus.id, damageIds: [], severity: 4, confidence: 'certain', note: '' });
    await session.api.createRegion({ photoId: p.id, geometry: POLY, classId: null, damageIds: [], severity: null, confidence: null, note: '' });
  }
  out = path.join(tempDir('export-'), 'xmp');
  await session.api.startExport({ format: 'xmp', out, photoIds: null, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' } });
  await session.exportIdle();
}, 120_000);

afterAll(() => session.close());

describe('MWG and IPTC regions in the stored frame', () => {
  it('has the four orientations, stored 1800x1200 (1, 3) or 1200x1800 (6, 8), all shown 1800x1200', () => {
    for (const o of ORIENTATIONS) expect({ o, w: photos[o]!.width, h: photos[o]!.height }).toEqual({ o, w: 1800, h: 1200 });
  });

  for (const o of ORIENTATIONS) {
    it(`orientation ${o}: AppliedToDimensions is the stored size, and rotate_regions.config turns our MWG area onto the drawn region`, () => {
      const sidecar = path.join(out, `landscape-${o}.jpg.xmp`);
      const stored = exiftool(['-ImageWidth', '-ImageHeight', path.join(ORIENTATION, `Landscape_${o}.jpg`)]);
      const x = exiftool(['-RegionInfo', sidecar]);
      const info = x.RegionInfo as { AppliedToDimensions: Json; RegionList: Array<{ Area: Area }> };
      expect(info.AppliedToDimensions).toEqual({ W: stored.ImageWidth, H: stored.ImageHeight, Unit: 'pixel' });
      const rotation = ROTATION[o];
      const upright = rotation
        ? (exiftool(['-config', rotate, `-${rotation}`, sidecar])[rotation] as { RegionList: Array<{ Area: Area }> }).RegionList[0]!.Area
        : info.RegionList[0]!.Area;
      expect(upright.X).toBeCloseTo(DRAWN.x + DRAWN.w / 2, 9);
      expect(upright.Y).toBeCloseTo(DRAWN.y + DRAWN.h / 2, 9);
      expect(upright.W).toBeCloseTo(DRAWN.w, 9);
      expect(upright.H).toBeCloseTo(DRAWN.h, 9);
    });

    it(`orientation ${o}: convert_regions.config turns our IPTC block into our MWG block and back`, () => {
      // The converter needs ImageWidth/ImageHeight: embed the sidecar in a copy of the photo.
      const copy = path.join(tempDir('embed-'), 'copy.jpg');
      fs.copyFileSync(path.join(ORIENTATION, `Landscape_${o}.jpg`), copy);
      execFileSync('exiftool', ['-q', '-overwrite_original', '-tagsfromfile', path.join(out, `landscape-${o}.jpg.xmp`), '-xmp:all', copy]);
      const x = exiftool(['-config', convert, '-RegionInfo', '-ImageRegion', '-MPRegion2MWGRegion', '-MWGRegion2IPTCRegion', copy]);
      const ours = x.RegionInfo as { AppliedToDimensions: Json; RegionList: Array<{ Area: Area }> };
      // The config's IPTCRegion2MWGRegion is published under the name MPRegion2MWGRegion.
      const fromIptc = x.MPRegion2MWGRegion as { AppliedToDimensions: Json; RegionList: Array<{ Area: Area }> };
      expect(fromIptc.AppliedToDimensions).toEqual(ours.AppliedToDimensions);
      // IPTC has the polygon too, which MWG cannot hold: the converter keeps only its name.
      const areas = fromIptc.RegionList.filter((r) => r.Area);
      expect(areas).toHaveLength(1);
      for (const k of ['X', 'Y', 'W', 'H'] as const) expect(areas[0]!.Area[k]).toBeCloseTo(ours.RegionList[0]!.Area[k], 9);
      const iptcRect = (x.ImageRegion as Array<{ RegionBoundary: Json }>)[0]!.RegionBoundary;
      const fromMwg = (x.MWGRegion2IPTCRegion as Array<{ RegionBoundary: Json }>)[0]!.RegionBoundary;
      for (const k of ['RbX', 'RbY', 'RbW', 'RbH']) expect(fromMwg[k] as number).toBeCloseTo(iptcRect[k] as number, 9);
    });
  }

  it('orientation 6, the issue\'s own numbers: the stored-frame area of the displayed region', async () => {
    const rotated = tempDir('rot-');
    fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(rotated, 'p.jpg'));
    const s = new ArchiveSession(tempDir(), { host: 'web' });
    try {
      await s.api.startImport({ paths: [rotated], mode: 'reference' });
      await s.idle();
      const [p] = await s.api.listPhotos({});
      // Displayed centre (0.25, 0.4), 0.3 wide, 0.4 high.
      await s.api.createRegion({ photoId: p!.id, geometry: { type: 'rect', x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, classId: null, damageIds: [], severity: null, confidence: null, note: '' });
      const dest = path.join(tempDir('export-'), 'x');
      await s.api.startExport({ format: 'xmp', out: dest, photoIds: null, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' } });
      await s.exportIdle();
      const info = exiftool(['-RegionInfo', path.join(dest, 'p.jpg.xmp')]).RegionInfo as { AppliedToDimensions: Json; RegionList: Array<{ Area: Area }> };
      expect(info.AppliedToDimensions).toEqual({ W: 1200, H: 1800, Unit: 'pixel' });
      expect(info.RegionList[0]!.Area).toEqual({ X: 0.4, Y: 0.75, W: 0.4, H: 0.3, Unit: 'normalized' });
    } finally {
      await s.close();
    }
  });

  it('reads our own sidecars back into the same displayed-frame regions, for every orientation', async () => {
    const folder = tempDir('again-');
    for (const o of ORIENTATIONS) {
      fs.copyFileSync(path.join(ORIENTATION, `Landscape_${o}.jpg`), path.join(folder, `landscape-${o}.jpg`));
      fs.copyFileSync(path.join(out, `landscape-${o}.jpg.xmp`), path.join(folder, `landscape-${o}.jpg.xmp`));
    }
    const s = new ArchiveSession(tempDir(), { host: 'web' });
    try {
      await s.api.startImport({ paths: [folder], mode: 'reference' });
      await s.idle();
      for (const p of await s.api.listPhotos({})) {
        const a = await s.api.getAnnotations({ photoId: p.id });
        expect(a.regions.map((r) => r.geometry)).toEqual([DRAWN, POLY]);
      }
    } finally {
      await s.close();
    }
  });
});

describe('reading a digiKam-style sidecar written by ExifTool', () => {
  async function importWith(regionInfo: string) {
    const folder = tempDir('dk-');
    fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(folder, 'p.jpg'));
    execFileSync('exiftool', ['-q', '-o', path.join(folder, 'p.jpg.xmp'), `-RegionInfo=${regionInfo}`]);
    const s = new ArchiveSession(tempDir(), { host: 'web' });
    await s.api.startImport({ paths: [folder], mode: 'reference' });
    await s.idle();
    const [p] = await s.api.listPhotos({});
    const a = await s.api.getAnnotations({ photoId: p!.id });
    const history: HistoryEntry[] = await s.api.getHistory({ photoId: p!.id, limit: 100 });
    await s.close();
    return { regions: a.regions, read: history.find((h) => h.action === 'sidecar.read')!.description };
  }
  const area = 'Area={X=0.4,Y=0.75,W=0.4,H=0.3,Unit=normalized},Name=Minibus,Type=Face';

  it('with stored-frame AppliedToDimensions (1200x1800): the region lands where it was drawn on the upright picture', async () => {
    const { regions, read } = await importWith(`{AppliedToDimensions={W=1200,H=1800,Unit=pixel},RegionList=[{${area}}]}`);
    expect(regions).toHaveLength(1);
    const g = regions[0]!.geometry as { x: number; y: number; w: number; h: number };
    expect(g.x).toBeCloseTo(0.1, 9);
    expect(g.y).toBeCloseTo(0.2, 9);
    expect(g.w).toBeCloseTo(0.3, 9);
    expect(g.h).toBeCloseTo(0.4, 9);
    expect(read).not.toMatch(/AppliedToDimensions/);
  });

  it('with a size that fits neither frame: read relative to the stored image, and the mismatch is said', async () => {
    const { regions, read } = await importWith(`{AppliedToDimensions={W=640,H=480,Unit=pixel},RegionList=[{${area}}]}`);
    expect((regions[0]!.geometry as { x: number }).x).toBeCloseTo(0.1, 9);
    expect(read).toMatch(/AppliedToDimensions 640x480 does not match the photo's stored size 1200x1800/);
  });

  it('with the displayed size (as older tools wrote): read in the displayed frame, and said', async () => {
    const { regions, read } = await importWith(`{AppliedToDimensions={W=1800,H=1200,Unit=pixel},RegionList=[{Area={X=0.25,Y=0.4,W=0.3,H=0.4,Unit=normalized},Name=Minibus,Type=Face}]}`);
    const g = regions[0]!.geometry as { x: number; y: number; w: number; h: number };
    expect([g.x, g.y, g.w, g.h].map((v) => Number(v.toFixed(9)))).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(read).toMatch(/1800x1200 is the displayed size/);
  });
});
