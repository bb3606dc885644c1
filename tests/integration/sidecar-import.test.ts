// XMP sidecars next to photos are read on import: our own exported sidecar restores a photo's
// annotations in a fresh archive; digiKam- and Lightroom-style sidecars (written here by hand, as
// those programs write them) give caption, credit, keywords mapped onto the vocabulary, and regions;
// a broken sidecar is reported and the photo imported anyway; nothing is read twice.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, PhotoAnnotations, Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION } from '../helpers/hostile-text';

const HOSTILE_NOTE = 'north façade, "sniper" position\nsecond, line';

const sessions: ArchiveSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function importInto(photos: string, dir = tempDir()) {
  const session = new ArchiveSession(dir, { host: 'web' });
  sessions.push(session);
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  const progress = await session.idle();
  return { session, dir, progress: progress! };
}

async function onlyPhoto(session: ArchiveSession, fileName: string) {
  const hit = (await session.api.listPhotos({})).filter((p) => p.fileName === fileName);
  expect(hit).toHaveLength(1);
  return session.api.getPhoto({ id: hit[0]!.id });
}

/** Annotations as a user sees them, with term ids replaced by what terms say (ids differ between archives). */
function readable(a: PhotoAnnotations, terms: Term[]) {
  const byId = new Map(terms.map((t) => [t.id, t]));
  const name = (id: number) => {
    const t = byId.get(id)!;
    const parent = t.parentId === null ? null : byId.get(t.parentId)!;
    return `${t.kind}:${parent && t.kind === 'tag' ? `${parent.label}/` : ''}${t.kind === 'tag' ? t.label : t.key}`;
  };
  return {
    tags: a.tagIds.map(name).sort(),
    regions: a.regions.map((r) => ({
      geometry: r.geometry,
      class: r.classId === null ? null : name(r.classId),
      damage: r.damageIds.map(name).sort(),
      severity: r.severity,
      confidence: r.confidence,
      note: r.note,
    })),
    meta: a.meta,
  };
}

function sidecarHistory(history: HistoryEntry[]) {
  return history.filter((h) => h.actor === 'sidecar import');
}

describe('reading sidecars on import', () => {
  it("re-imports our own sidecar onto the same bytes in a fresh archive with equal tags, regions and metadata", async () => {
    const photos = tempDir('photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'strike.jpg'));
    // A photo whose own XMP has title and caption: the sidecar repeats them, and they are not doubled.
    fs.copyFileSync(path.join(CAMERAS, 'xmp__BlueSquare.jpg'), path.join(photos, 'blue.jpg'));
    const first = await importInto(photos);
    const s1 = first.session;
    const photo = await onlyPhoto(s1, 'strike.jpg');
    const terms = await s1.api.getVocabulary({});
    const term = (key: string) => terms.find((t) => t.key === key)!;
    const khorog = await s1.api.addTerm({ kind: 'tag', label: 'Khorog', parentId: null, colour: null, shortcut: null });
    const places = await s1.api.addTerm({ kind: 'tag', label: 'Places', parentId: null, colour: null, shortcut: null });
    const mariupol = await s1.api.addTerm({ kind: 'tag', label: 'Мариуполь', parentId: places.id, colour: null, shortcut: null });
    await s1.api.applyBatch({
      photoIds: [photo.id],
      addTagIds: [khorog.id, mariupol.id, term('damage.fire').id],
      removeTagIds: [],
      fields: {
        title: 'Drama theatre', caption: HOSTILE_CAPTION, creator: 'Olena K.', credit: 'Photo: IWPR', copyright: '© 2022 Olena K.',
        sublocation: 'Teatralna Square', city: 'Mariupol', region: 'Donetsk Oblast', country: 'Ukraine', countryCode: 'UA',
        event: 'Siege of Mariupol', source: 'IWPR', provenance: 'USB stick from the photographer', lat: '47.0951234', lon: '37.5413456',
      },
    });
    await s1.api.createRegion({
      photoId: photo.id, geometry: { type: 'rect', x: 0.125, y: 0.2, w: 0.3, h: 0.35 }, classId: term('building.residential').id,
      damageIds: [term('damage.gunfire').id, term('damage.glazing').id], severity: 3, confidence: 'certain', note: HOSTILE_NOTE,
    });
    await s1.api.createRegion({
      photoId: photo.id, geometry: { type: 'polygon', points: [[0.5, 0.5], [0.9, 0.52], [0.88, 0.9], [0.55, 0.85]] }, classId: term('vehicle.minibus').id,
      damageIds: [term('damage.fire').id], severity: 4, confidence: 'possible', note: '',
    });
    await s1.api.createRegion({
      photoId: photo.id, geometry: { type: 'rect', x: 0, y: 0.5, w: 0.25, h: 0.5 }, classId: null, damageIds: [], severity: 'na', confidence: null, note: 'unclassified',
    });
    const out = path.join(tempDir('export-'), 'sidecars');
    const blue = await onlyPhoto(s1, 'blue.jpg');
    await s1.api.startExport({ format: 'xmp', out, photoIds: [photo.id, blue.id], options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full' } });
    await s1.exportIdle();
    const original = readable(await s1.api.getAnnotations({ photoId: photo.id }), await s1.api.getVocabulary({}));

    // The same bytes, under the same name, with the sidecar beside them, into a fresh archive.
    const handedOver = tempDir('handed-over-');
    fs.copyFileSync(path.join(photos, 'strike.jpg'), path.join(handedOver, 'strike.jpg'));
    fs.copyFileSync(path.join(out, 'strike.jpg.xmp'), path.join(handedOver, 'strike.jpg.xmp'));
    fs.copyFileSync(path.join(photos, 'blue.jpg'), path.join(handedOver, 'blue.jpg'));
    fs.copyFileSync(path.join(out, 'blue.jpg.xmp'), path.join(handedOver, 'blue.jpg.xmp'));
    const second = await importInto(handedOver);
    const s2 = second.session;
    const again = await onlyPhoto(s2, 'strike.jpg');
    expect(again.sha256).toBe(photo.sha256);
    const restored = readable(await s2.api.getAnnotations({ photoId: again.id }), await s2.api.getVocabulary({}));
    expect(restored).toEqual(original);
    expect(restored.meta.caption).toBe(HOSTILE_CAPTION);
    expect(restored.regions.find((r) => r.note === HOSTILE_NOTE)).toBeTruthy();
    const blue2 = await onlyPhoto(s2, 'blue.jpg');
    expect(blue2.fromFile.caption).toBe(blue.fromFile.caption);
    expect(await s2.api.getAnnotations({ photoId: blue2.id })).toMatchObject({ meta: {}, tagIds: [], regions: [] });

    // The history says what came from the sidecar, and that it was the sidecar.
    const history = await s2.api.getHistory({ photoId: again.id, limit: 500 });
    const fromSidecar = sidecarHistory(history);
    expect(fromSidecar.map((h) => h.action)).toEqual(expect.arrayContaining(['sidecar.read', 'meta.set', 'tag.add', 'region.create']));
    expect(fromSidecar.filter((h) => h.action === 'region.create')).toHaveLength(3);
    const read = fromSidecar.find((h) => h.action === 'sidecar.read')!;
    expect(read.newValue).toMatchObject({ path: path.join(handedOver, 'strike.jpg.xmp'), ours: true });
    // The change set is one: one step, one transaction.
    expect(new Set(fromSidecar.filter((h) => h.action !== 'sidecar.read').map((h) => h.changeSet)).size).toBe(1);
    // The new free tags were created and recorded as such.
    const allHistory = await s2.api.getHistory({ photoId: null, limit: 500 });
    expect(allHistory.filter((h) => h.action === 'term.add' && h.actor === 'sidecar import').map((h) => (h.newValue as Term).label).sort()).toEqual(
      ['Khorog', 'Places', 'Мариуполь'].sort(),
    );

    // Importing the folder again (resume) or the same bytes from elsewhere (duplicate) reads nothing again.
    const dup = tempDir('dup-');
    fs.copyFileSync(path.join(photos, 'strike.jpg'), path.join(dup, 'copy.jpg'));
    fs.copyFileSync(path.join(out, 'strike.jpg.xmp'), path.join(dup, 'copy.jpg.xmp'));
    await s2.api.startImport({ paths: [handedOver, dup], mode: 'reference' });
    const p2 = (await s2.idle())!;
    expect(p2).toMatchObject({ imported: 0, skipped: 2, duplicates: 1 });
    expect(readable(await s2.api.getAnnotations({ photoId: again.id }), await s2.api.getVocabulary({}))).toEqual(original);
    expect(sidecarHistory(await s2.api.getHistory({ photoId: null, limit: 5000 }))).toHaveLength(sidecarHistory(allHistory).length);
  }, 120_000);

  it('reads a digiKam-style sidecar (photo.jpg.xmp): TagsList paths mapped onto the vocabulary, MWG regions from their centre', async () => {
    const photos = tempDir('photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Nikon_D70.jpg'), path.join(photos, 'DSC_0042.JPG'));
    // As digiKam writes it (exiv2 style: elements, TagsList with "/", Lightroom paths too, MWG face-style regions).
    fs.writeFileSync(
      path.join(photos, 'DSC_0042.JPG.xmp'),
      `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <digiKam:TagsList>
    <rdf:Seq>
     <rdf:li>Damage/Fire</rdf:li>
     <rdf:li>Building/Residential</rdf:li>
     <rdf:li>Places/Ukraine/Kharkiv</rdf:li>
    </rdf:Seq>
   </digiKam:TagsList>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Damage|Fire</rdf:li>
     <rdf:li>Building|Residential</rdf:li>
     <rdf:li>Places|Ukraine|Kharkiv</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>Fire</rdf:li>
     <rdf:li>Residential</rdf:li>
     <rdf:li>Kharkiv</rdf:li>
     <rdf:li>Ukraine</rdf:li>
     <rdf:li>Places</rdf:li>
     <rdf:li>night</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <dc:description>
    <rdf:Alt>
     <rdf:li xml:lang="x-default">Burnt-out entrance, Saltivka &amp; "Northern" district</rdf:li>
    </rdf:Alt>
   </dc:description>
   <dc:creator><rdf:Seq><rdf:li>Ivan P.</rdf:li><rdf:li>Maria S.</rdf:li></rdf:Seq></dc:creator>
   <photoshop:Credit>Photo: Kharkiv Media</photoshop:Credit>
   <mwg-rs:Regions rdf:parseType="Resource">
    <mwg-rs:AppliedToDimensions stDim:w="3008" stDim:h="2000" stDim:unit="pixel"/>
    <mwg-rs:RegionList>
     <rdf:Bag>
      <rdf:li>
       <rdf:Description mwg-rs:Name="Car" mwg-rs:Type="Face">
        <mwg-rs:Area stArea:x="0.5" stArea:y="0.4" stArea:w="0.2" stArea:h="0.3" stArea:unit="normalized"/>
       </rdf:Description>
      </rdf:li>
      <rdf:li>
       <rdf:Description mwg-rs:Name="Ivan P." mwg-rs:Type="Face">
        <mwg-rs:Area stArea:x="0.9" stArea:y="0.9" stArea:w="0.4" stArea:h="0.4" stArea:unit="normalized"/>
       </rdf:Description>
      </rdf:li>
     </rdf:Bag>
    </mwg-rs:RegionList>
   </mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>`,
    );
    const { session } = await importInto(photos);
    const photo = await onlyPhoto(session, 'DSC_0042.JPG');
    const terms = await session.api.getVocabulary({});
    const a = readable(await session.api.getAnnotations({ photoId: photo.id }), terms);
    expect(a.meta).toEqual({ caption: 'Burnt-out entrance, Saltivka & "Northern" district', creator: 'Ivan P.; Maria S.', credit: 'Photo: Kharkiv Media' });
    // Known terms by their keys; the rest kept as free tags with their hierarchy; flat repeats not doubled.
    expect(a.tags).toEqual(['class:building.residential', 'damage:damage.fire', 'tag:Ukraine/Kharkiv', 'tag:night'].sort());
    const ukraine = terms.find((t) => t.kind === 'tag' && t.label === 'Ukraine')!;
    expect(terms.find((t) => t.id === ukraine.parentId)?.label).toBe('Places');
    // MWG gives centres; the archive stores top-left corners. A region reaching past the edge is clipped.
    expect(a.regions).toHaveLength(2);
    const [car, face] = a.regions;
    expect(car!.class).toBe('class:vehicle.car');
    expect(car!.geometry.type).toBe('rect');
    const g = car!.geometry as { x: number; y: number; w: number; h: number };
    expect(g.x).toBeCloseTo(0.4, 12);
    expect(g.y).toBeCloseTo(0.25, 12);
    expect(g.w).toBeCloseTo(0.2, 12);
    expect(g.h).toBeCloseTo(0.3, 12);
    expect(car!.note).toBe('');
    expect(face!.class).toBeNull();
    expect(face!.note).toBe('Ivan P.');
    const f = face!.geometry as { x: number; y: number; w: number; h: number };
    expect([f.x, f.y, f.x + f.w, f.y + f.h].map((v) => Number(v.toFixed(12)))).toEqual([0.7, 0.7, 1, 1]);
  }, 60_000);

  it('reads a Lightroom-style sidecar (photo.xmp): attribute form, label paths, GPS, and an IPTC polygon in pixels', async () => {
    const photos = tempDir('photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Pentax_K10D.jpg'), path.join(photos, 'IMGP0001.JPG'));
    const { session: probe } = await importInto(copyOf(photos));
    const size = await onlyPhoto(probe, 'IMGP0001.JPG');
    const [w, h] = [size.width!, size.height!];
    fs.writeFileSync(
      path.join(photos, 'IMGP0001.xmp'),
      `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   photoshop:City="Kharkiv"
   photoshop:State="Kharkiv Oblast"
   photoshop:Country="Ukraine"
   photoshop:Credit="Photo: IWPR"
   Iptc4xmpCore:Location="Freedom Square"
   Iptc4xmpCore:CountryCode="ua"
   exif:GPSLatitude="49,59.7N"
   exif:GPSLongitude="36,13.86E"
   crs:Exposure2012="+0.35">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Regional administration</rdf:li></rdf:Alt></dc:title>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© IWPR</rdf:li></rdf:Alt></dc:rights>
   <dc:subject><rdf:Bag><rdf:li>${labelOf('damage.gunfire')}</rdf:li><rdf:li>School</rdf:li><rdf:li>Subjects</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag>
     <rdf:li>Damage|${labelOf('damage.gunfire')}</rdf:li>
     <rdf:li>Subjects|School</rdf:li>
   </rdf:Bag></lr:hierarchicalSubject>
   <Iptc4xmpExt:ImageRegion><rdf:Bag><rdf:li rdf:parseType="Resource">
     <Iptc4xmpExt:RegionBoundary rdf:parseType="Resource">
      <Iptc4xmpExt:rbShape>polygon</Iptc4xmpExt:rbShape>
      <Iptc4xmpExt:rbUnit>pixel</Iptc4xmpExt:rbUnit>
      <Iptc4xmpExt:rbVertices><rdf:Seq>
       <rdf:li rdf:parseType="Resource"><Iptc4xmpExt:rbX>${w / 4}</Iptc4xmpExt:rbX><Iptc4xmpExt:rbY>${h / 4}</Iptc4xmpExt:rbY></rdf:li>
       <rdf:li rdf:parseType="Resource"><Iptc4xmpExt:rbX>${w / 2}</Iptc4xmpExt:rbX><Iptc4xmpExt:rbY>${h / 4}</Iptc4xmpExt:rbY></rdf:li>
       <rdf:li rdf:parseType="Resource"><Iptc4xmpExt:rbX>${w / 2}</Iptc4xmpExt:rbX><Iptc4xmpExt:rbY>${h / 2}</Iptc4xmpExt:rbY></rdf:li>
      </rdf:Seq></Iptc4xmpExt:rbVertices>
     </Iptc4xmpExt:RegionBoundary>
     <Iptc4xmpExt:rCtype><rdf:Bag><rdf:li rdf:parseType="Resource">
      <Iptc4xmpExt:Identifier><rdf:Bag><rdf:li>http://cv.iptc.org/newscodes/imageregiontype/building</rdf:li></rdf:Bag></Iptc4xmpExt:Identifier>
     </rdf:li></rdf:Bag></Iptc4xmpExt:rCtype>
   </rdf:li></rdf:Bag></Iptc4xmpExt:ImageRegion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>`,
    );
    const { session } = await importInto(photos);
    const photo = await onlyPhoto(session, 'IMGP0001.JPG');
    const a = readable(await session.api.getAnnotations({ photoId: photo.id }), await session.api.getVocabulary({}));
    expect(a.meta).toEqual({
      title: 'Regional administration',
      copyright: '© IWPR',
      credit: 'Photo: IWPR',
      sublocation: 'Freedom Square',
      city: 'Kharkiv',
      region: 'Kharkiv Oblast',
      country: 'Ukraine',
      countryCode: 'UA',
      lat: '49.995',
      lon: '36.231',
    });
    // "Damage|<label>" is the damage term; "Subjects|School" a free tag under "Subjects".
    expect(a.tags).toEqual(['damage:damage.gunfire', 'tag:Subjects/School']);
    expect(a.regions).toEqual([
      { geometry: { type: 'polygon', points: [[0.25, 0.25], [0.5, 0.25], [0.5, 0.5]] }, class: 'class:building', damage: [], severity: null, confidence: null, note: '' },
    ]);
  }, 60_000);

  it('reports a malformed sidecar with its reason and imports the photo anyway', async () => {
    const photos = tempDir('photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_PowerShot_S40.jpg'), path.join(photos, 'broken.jpg'));
    fs.copyFileSync(path.join(CAMERAS, 'Kodak_CX7530.jpg'), path.join(photos, 'fine.jpg'));
    // Cut off mid-way, as a sync tool or a full card leaves it.
    fs.writeFileSync(
      path.join(photos, 'broken.jpg.xmp'),
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">Half a capt',
    );
    // Entity expansion (a "billion laughs" sidecar) is refused, not performed.
    fs.copyFileSync(path.join(CAMERAS, 'Olympus_C8080WZ.jpg'), path.join(photos, 'entities.jpg'));
    fs.writeFileSync(
      path.join(photos, 'entities.xmp'),
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&c;</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>',
    );
    const { session, progress } = await importInto(photos);
    expect(progress).toMatchObject({ state: 'done', imported: 3, failed: 0 });
    expect(progress.message).toMatch(/2 XMP sidecars could not be used \(see the photo's history\)/);
    const entities = await onlyPhoto(session, 'entities.jpg');
    expect((await session.api.getAnnotations({ photoId: entities.id })).meta).toEqual({});
    expect(sidecarHistory(await session.api.getHistory({ photoId: entities.id, limit: 100 }))[0]).toMatchObject({ action: 'sidecar.problem' });
    const photo = await onlyPhoto(session, 'broken.jpg');
    expect(photo.status).toBe('ok');
    const a = await session.api.getAnnotations({ photoId: photo.id });
    expect(a).toMatchObject({ tagIds: [], regions: [], meta: {} });
    const problem = sidecarHistory(await session.api.getHistory({ photoId: photo.id, limit: 100 }));
    expect(problem).toHaveLength(1);
    expect(problem[0]).toMatchObject({ action: 'sidecar.problem', newValue: { path: path.join(photos, 'broken.jpg.xmp') } });
    expect(problem[0]!.description).toMatch(/broken\.jpg\.xmp not used: not well-formed XML \(.+\)/);
    // Both are also in the Import problems list, with the sidecar's path and the reason, and counted.
    const listed = (await session.api.listProblems({})).filter((p) => p.kind === 'sidecar');
    expect(listed.map((p) => [p.path, p.photoId]).sort()).toEqual(
      [
        [path.join(photos, 'broken.jpg.xmp'), photo.id],
        [path.join(photos, 'entities.xmp'), entities.id],
      ].sort(),
    );
    for (const p of listed) expect(p.reason).toMatch(/^XMP sidecar not used: ./);
    expect((await session.api.getArchiveInfo({})).problemCount).toBe(2);
  }, 60_000);
});

/** Term labels of the default vocabulary (the Lightroom sidecar names a damage type by its label path). */
function labelOf(key: string): string {
  return { 'damage.gunfire': 'Gunfire (bullet holes, pock-marking)' }[key]!;
}

function copyOf(dir: string): string {
  const to = tempDir('photos-copy-');
  for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(to, f));
  return to;
}
