// The sidebar's counts stay true through every kind of edit (issue 12, item 1). Edits made from the
// map's viewer, the photo view, the batch panel, undo, redo and term merges are interleaved, and
// after every step every facet count is compared with a plain SQL count over the catalogue and with
// the number of photos choosing that value lists, for the whole archive and for a text search.
//
// Each step also reads the collections list, as the app does after every change: a saved search's
// count syncs the search index too, and before the fix that sync swallowed the list of changed
// photos, so the server's in-memory facet cache kept their old facts until the server restarted.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchema, PhotoQuery, type BatchChange, type PhotoQueryInput, type Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { facetMismatches, sqlFacetTruth } from '../helpers/facet-truth';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let dir: string;
let session: ArchiveSession;
let terms: Term[];
const ids: number[] = [];
const term = (key: string) => terms.find((t) => t.key === key)!;
const batch = (input: BatchChange) => session.api.applyBatch(apiSchema.applyBatch.input.parse(input));
const rect = { type: 'rect' as const, x: 0.1, y: 0.1, w: 0.3, h: 0.3 };

/** Every mismatch between the sidebar and the catalogue, for the whole archive and within a search. */
async function check(step: string): Promise<void> {
  // What the app reads after every change: the collections list (saved searches count themselves).
  await session.api.listCollections({});
  const catalog = path.join(dir, 'catalog.sqlite');
  const problems: string[] = [];
  for (const base of [{}, { text: 'ukraine' }] as PhotoQueryInput[]) {
    const q = PhotoQuery.parse(base);
    const shown = (await session.api.searchPhotos(q)).map((p) => p.id);
    const facets = await session.api.getFacets(q);
    if (facets.total !== shown.length) problems.push(`total ${facets.total}, grid ${shown.length}`);
    const truth = sqlFacetTruth(catalog, q.text ? shown : null);
    problems.push(...(await facetMismatches(facets, truth, base, (x) => session.api.searchPhotos(x))).map((p) => `${q.text || 'all'}: ${p}`));
  }
  expect(problems, `after ${step}`).toEqual([]);
}

beforeAll(async () => {
  dir = tempDir();
  session = new ArchiveSession(dir, { host: 'web' });
  const files = ['Canon_40D.jpg', 'Canon_DIGITAL_IXUS_400.jpg', 'Kodak_CX7530.jpg', 'gps__DSCN0010.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg', 'exif-org__kodak-dc240.jpg', 'Sony_HDR-HC3.jpg'];
  const photos = copyFixtures(files.map((f) => path.join(CAMERAS, f)));
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  for (const p of await session.api.listPhotos({})) ids.push(p.id);
  expect(ids).toHaveLength(8);
  terms = await session.api.getVocabulary({});
  // A saved search in the sidebar, as the walkthrough had one.
  await session.api.createCollection({ name: 'Has regions', kind: 'search', query: PhotoQuery.parse({ flags: ['has-regions'] }), photoIds: [] });
});
afterAll(() => session?.close());

describe('facet counts equal SQL counts and what choosing them shows, after every edit', () => {
  it('holds through map, viewer, batch, undo, redo and merge edits', async () => {
    await check('import');

    // Map: points read, a marker opened, a new tag "zeta" added in its photo view.
    const points = await session.api.mapPoints(PhotoQuery.parse({}));
    expect(points.length).toBeGreaterThan(0);
    const zeta = await session.api.addTerm({ kind: 'tag', label: 'zeta', parentId: null, colour: null, shortcut: null });
    terms.push(zeta);
    await batch({ photoIds: [points[0]!.id], addTagIds: [zeta.id] });
    await check('a tag added from the map');

    // Photo view: a region with class, damage, severity; a photo-level damage tag.
    const region = await session.api.createRegion({
      photoId: ids[1]!, geometry: rect, classId: term('vehicle.minibus').id, damageIds: [term('damage.fire').id], severity: 3, confidence: 'certain', note: '',
    });
    await batch({ photoIds: [ids[2]!], addTagIds: [term('damage.gunfire').id] });
    await check('photo view edits');

    // Batch: places on six photos (five by country, one with a city), a tag on three.
    await batch({ photoIds: ids.slice(0, 5), fields: { country: 'Ukraine' } });
    await batch({ photoIds: [ids[5]!], fields: { country: 'Ukraine', city: 'Kharkiv' } });
    await batch({ photoIds: ids.slice(3, 6), addTagIds: [zeta.id] });
    await check('batch edits');
    const ukraine = await session.api.getFacets(PhotoQuery.parse({ text: 'ukraine' }));
    expect(ukraine.total).toBe(6);
    expect(ukraine.places.map((p) => [p.label, p.count])).toEqual([['Ukraine', 5], ['Kharkiv', 1]]);

    await session.api.undo({});
    await check('undo of a batch');
    await session.api.undo({});
    await check('a second undo');
    await session.api.redo({});
    await check('redo');

    await session.api.updateRegion({ id: region.id, classId: term('building.residential').id, severity: 'na' });
    await session.api.createRegion({ photoId: ids[6]!, geometry: rect, classId: term('vehicle.car').id, damageIds: [], severity: null, confidence: 'possible', note: '' });
    await check('region edits');
    await session.api.deleteRegion({ id: region.id });
    await check('region deleted');
    const regions = await session.api.getFacets(PhotoQuery.parse({}));
    const has = regions.flags.find((f) => f.value === 'has-regions')!;
    expect(has.count).toBe((await session.api.searchPhotos(PhotoQuery.parse({ flags: ['has-regions'] }))).length);

    // Merge: "zeta" into a new tag, then a new free tag into a damage type (a term of another kind).
    const other = await session.api.addTerm({ kind: 'tag', label: 'Zeta district', parentId: null, colour: null, shortcut: null });
    terms.push(other);
    await session.api.mergeTerms({ fromId: zeta.id, intoId: other.id });
    await check('merge');
    const fire = await session.api.addTerm({ kind: 'tag', label: 'fire', parentId: null, colour: null, shortcut: null });
    await batch({ photoIds: [ids[7]!, ids[0]!], addTagIds: [fire.id] });
    await check('stray free tag');
    await session.api.mergeTerms({ fromId: fire.id, intoId: term('damage.fire').id });
    await check('free tag merged into a damage type');
    await batch({ photoIds: [ids[7]!], fields: { lat: '50.45', lon: '30.52' } });
    await session.api.undo({});
    await session.api.redo({});
    await check('position set, undone, redone');

    // Review: statuses set by hand (one reviewed, one sealed), a photo marked sensitive, a region on a
    // photo that was new (it becomes "annotated" by itself), then undo and an unseal.
    await session.api.setReview(apiSchema.setReview.input.parse({ photoIds: [ids[0]!], status: 'reviewed' }));
    await session.api.setReview(apiSchema.setReview.input.parse({ photoIds: [ids[1]!, ids[2]!], status: 'sealed', sensitive: true }));
    await check('statuses set and photos marked sensitive');
    // A region on a sealed photo is refused and changes no count.
    await expect(
      session.api.createRegion({ photoId: ids[1]!, geometry: rect, classId: term('vehicle.car').id, damageIds: [], severity: null, confidence: null, note: '' }),
    ).rejects.toThrow(/is sealed/);
    await check('an edit of a sealed photo refused');
    await session.api.setReview(apiSchema.setReview.input.parse({ photoIds: [ids[1]!], status: 'reviewed', unsealReason: 'correct the class' }));
    await session.api.undo({});
    await session.api.undo({});
    await check('unseal undone, seal undone');
    const statuses = await session.api.getFacets(PhotoQuery.parse({}));
    expect(statuses.statuses.map((s) => s.value)).toEqual(['new', 'annotated', 'reviewed', 'sealed']);
    expect(statuses.statuses.find((s) => s.value === 'reviewed')!.count).toBe(1);
    expect(statuses.statuses.find((s) => s.value === 'sealed')!.count).toBe(0);
  });
});
