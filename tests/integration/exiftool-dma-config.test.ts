// Damage data that survives ExifTool. `exiftool -tagsfromfile photo.xmp -all:all copy.jpg` is how
// people move sidecar metadata into files: with the damage-archive.config we ship beside every XMP
// export (and in every bag), every dma value arrives; without it ExifTool drops the namespace, but the
// gist (class, damage types, severity, confidence, note) is in standard IPTC region fields, and our
// own import reads it back from there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { annotatedArchive, exportVia, HOSTILE_NOTE, ROTATED, type AnnotatedArchive } from '../helpers/export-archive';
import { PROJECT_ROOT, tempDir } from '../helpers/fixtures';

type Json = Record<string, unknown>;

function exiftool(args: string[], config?: string): Json {
  const out = execFileSync('exiftool', [...(config ? ['-config', config] : []), '-j', '-struct', '-G1', ...args], { encoding: 'utf8' });
  return (JSON.parse(out) as Json[])[0]!;
}

/** Every dma value ExifTool sees: top-level properties, and the dma fields of each image region. */
function dmaValues(x: Json): Json {
  const top = Object.fromEntries(Object.entries(x).filter(([k]) => k.startsWith('XMP-dma:')));
  const regions = ((x['XMP-iptcExt:ImageRegion'] as Json[] | undefined) ?? []).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('XMP-dma:'))));
  return { top, regions };
}

let a: AnnotatedArchive;
let out: string;
let bag: string;
let sidecar: string;
let config: string;
let withConfig: string;
let withoutConfig: string;

beforeAll(async () => {
  a = await annotatedArchive();
  out = path.join(tempDir('xmp-'), 'sidecars');
  expect(await exportVia(a, 'xmp', out)).toMatchObject({ state: 'done' });
  bag = path.join(tempDir('bag-'), 'bag');
  expect(await exportVia(a, 'bagit', bag, [a.ids[ROTATED]!])).toMatchObject({ state: 'done' });
  sidecar = path.join(out, `${ROTATED}.xmp`);
  config = path.join(out, 'damage-archive.config');
  const copies = tempDir('copies-');
  withConfig = path.join(copies, 'with-config.jpg');
  withoutConfig = path.join(copies, 'without-config.jpg');
  for (const target of [withConfig, withoutConfig]) fs.copyFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'cameras', 'Canon_40D.jpg'), target);
  execFileSync('exiftool', ['-config', config, '-q', '-overwrite_original', '-tagsfromfile', sidecar, '-all:all', withConfig]);
  execFileSync('exiftool', ['-q', '-overwrite_original', '-tagsfromfile', sidecar, '-all:all', withoutConfig]);
}, 180_000);

afterAll(() => a.close());

describe('the ExifTool config for our namespace', () => {
  it('is written beside the sidecars and into the bag, identical to the one in the repository', () => {
    const shipped = fs.readFileSync(path.join(PROJECT_ROOT, 'assets', 'exiftool', 'damage-archive.config'), 'utf8');
    expect(fs.readFileSync(config, 'utf8')).toBe(shipped);
    expect(fs.readFileSync(path.join(bag, 'data', 'xmp', 'damage-archive.config'), 'utf8')).toBe(shipped);
    execFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'oracles', 'bagit-validate'), ['--validate', bag]);
  });

  it('with it, every dma value survives exiftool -tagsfromfile -all:all', () => {
    const original = dmaValues(exiftool([sidecar], config));
    const copied = dmaValues(exiftool([withConfig], config));
    // What there is to keep: provenance, the hash, photo tags, and each region's class, damage, severity, confidence, note.
    expect(Object.keys(original.top as Json)).toEqual(expect.arrayContaining(['XMP-dma:OriginalSHA256', 'XMP-dma:PhotoTags', 'XMP-dma:SidecarVersion']));
    const regions = original.regions as Json[];
    expect(regions).toHaveLength(3);
    expect(regions[0]).toMatchObject({ 'XMP-dma:Severity': 3, 'XMP-dma:Confidence': 'certain', 'XMP-dma:Note': HOSTILE_NOTE });
    expect(regions[1]).toMatchObject({ 'XMP-dma:Class': { Key: 'vehicle.minibus', Label: 'Minibus' }, 'XMP-dma:Severity': 4 });
    expect(copied).toEqual(original);
  });

  it('without it, ExifTool drops the namespace, but the region Name, rCtype and rRole still carry the gist', () => {
    const x = exiftool([withoutConfig]);
    expect(dmaValues(x)).toEqual({ top: {}, regions: [{}, {}, {}] });
    const regions = x['XMP-iptcExt:ImageRegion'] as Json[];
    expect(regions.map((r) => r.Name)).toEqual([
      'Residential — Gunfire, Glazing blown out, severe (certain)',
      'Minibus — Fire / burn, destroyed (possible)',
      'Unclassified region — Blast / shelling, not assessable',
    ]);
    const minibus = regions[1]!;
    expect((minibus.RCtype as Json[]).flatMap((c) => c.Identifier as string[])).toEqual([
      'http://cv.iptc.org/newscodes/imageregiontype/vehicle', 'urn:damage-archive:xmp:1.0:class:vehicle.minibus', 'urn:damage-archive:xmp:1.0:damage:damage.fire',
    ]);
    expect((minibus.RRole as Json[]).flatMap((c) => c.Identifier as string[])).toEqual([
      'http://cv.iptc.org/newscodes/imageregionrole/areaOfInterest', 'urn:damage-archive:xmp:1.0:severity:4', 'urn:damage-archive:xmp:1.0:confidence:possible',
    ]);
    expect(regions[0]!['XMP-dc:Description'] ?? regions[0]!.Description).toBe(HOSTILE_NOTE);
  });

  it('our import restores class, damage, severity, confidence and note from the copy made without the config', async () => {
    const folder = tempDir('reimport-');
    fs.copyFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'orientation', ROTATED), path.join(folder, ROTATED));
    fs.writeFileSync(path.join(folder, `${ROTATED}.xmp`), execFileSync('exiftool', ['-xmp', '-b', withoutConfig]));
    const s = new ArchiveSession(tempDir(), { host: 'web' });
    try {
      await s.api.startImport({ paths: [folder], mode: 'reference' });
      await s.idle();
      const [p] = await s.api.listPhotos({});
      const terms = new Map((await s.api.getVocabulary({})).map((t) => [t.id, t.key]));
      const got = (await s.api.getAnnotations({ photoId: p!.id })).regions.map((r) => ({
        geometry: r.geometry, class: r.classId === null ? null : terms.get(r.classId), damage: r.damageIds.map((d) => terms.get(d)).sort(),
        severity: r.severity, confidence: r.confidence, note: r.note,
      }));
      const want = [a.regions.rect, a.regions.polygon, a.regions.unclassified].map((r) => ({
        geometry: r.geometry, class: r.classId === null ? null : a.term(r.classId === a.term('building.residential').id ? 'building.residential' : 'vehicle.minibus').key,
        damage: r.damageIds.map((d) => [...terms.entries()].find(([, k]) => k === keyOf(a, d))![1]).sort(), severity: r.severity, confidence: r.confidence, note: r.note,
      }));
      expect(got).toEqual(want);
    } finally {
      await s.close();
    }
  });
});

function keyOf(a: AnnotatedArchive, id: number): string {
  for (const k of ['damage.gunfire', 'damage.glazing', 'damage.fire', 'damage.blast']) if (a.term(k).id === id) return k;
  throw new Error(`unknown damage term ${id}`);
}
