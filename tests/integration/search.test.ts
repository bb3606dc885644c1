// Find and browse on a known small archive of real photos: full-text search (Latin, Cyrillic,
// prefixes, phrases, diacritics, hostile input), facets against direct SQL counts, facets combined
// with search, live counts after edits and undo, sort orders. Collections and the CLI are in
// search-collections.test.ts.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchema, PhotoQuery, type BatchChange, type Facets, type PhotoQueryInput, type Term } from '../../shared/api';
import { normalisedCamera } from '../../electron/catalog/camera-names';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION } from '../helpers/hostile-text';

const HOSTILE_NOTE = 'roof "collapsed", east wing\nsecond line';

let dir: string;
let session: ArchiveSession;
let terms: Term[];
/** Photo ids by letter (see the table in beforeAll). */
const P: Record<string, number> = {};
const term = (key: string) => terms.find((t) => t.key === key)!;
const q = (input: PhotoQueryInput) => PhotoQuery.parse(input);
const search = async (input: PhotoQueryInput) => (await session.api.searchPhotos(q(input))).map((p) => p.id);
const letters = (ids: number[]) => ids.map((id) => Object.keys(P).find((k) => P[k] === id) ?? `#${id}`).sort();
const found = async (input: PhotoQueryInput) => letters(await search(input));
const batch = (input: BatchChange) => session.api.applyBatch(apiSchema.applyBatch.input.parse(input));

beforeAll(async () => {
  dir = tempDir();
  session = new ArchiveSession(dir, { host: 'web' });
  const files = {
    A: 'Canon_40D.jpg',
    B: 'Canon_DIGITAL_IXUS_400.jpg',
    C: 'Canon_PowerShot_S40.jpg',
    D: 'Fujifilm_FinePix6900ZOOM.jpg',
    E: 'Kodak_CX7530.jpg',
    F: 'gps__DSCN0010.jpg', // EXIF GPS, otherwise unannotated
    G: 'Nikon_D70.jpg',
    H: 'Pentax_K10D.jpg',
  };
  const photos = copyFixtures(Object.values(files).map((f) => path.join(CAMERAS, f)));
  fs.writeFileSync(path.join(photos, 'broken.jpg'), 'not a jpeg');
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  // The same bytes again, in a second import: a duplicate of A.
  const again = tempDir('again-');
  fs.copyFileSync(path.join(CAMERAS, files.A), path.join(again, 'copy-of-40D.jpg'));
  await session.api.startImport({ paths: [again], mode: 'reference' });
  await session.idle();
  for (const p of await session.api.listPhotos({})) {
    const letter = Object.entries(files).find(([, f]) => f === p.fileName)?.[0];
    if (letter) P[letter] = p.id;
  }
  expect(Object.keys(P).sort().join('')).toBe('ABCDEFGH');
  terms = await session.api.getVocabulary({});
  const verified = await session.api.addTerm({ kind: 'tag', label: 'verified', parentId: null, colour: null, shortcut: null });
  terms.push(verified);
  const rect = { type: 'rect' as const, x: 0.1, y: 0.1, w: 0.3, h: 0.3 };
  const set = (id: number, fields: Record<string, string>) => batch({ photoIds: [id], fields });

  await set(P.A!, { caption: 'Shelling of the school', city: 'Kharkiv' });
  await batch({ photoIds: [P.A!], addTagIds: [verified.id] });
  await session.api.createRegion({
    photoId: P.A!, geometry: rect, classId: term('building.education').id, damageIds: [term('damage.blast').id], severity: 4, confidence: 'certain', note: HOSTILE_NOTE,
  });
  await set(P.B!, { caption: HOSTILE_CAPTION, city: 'Маріуполь' });
  await session.api.createRegion({
    photoId: P.B!, geometry: rect, classId: term('vehicle.car').id, damageIds: [term('damage.fire').id], severity: 3, confidence: 'possible', note: '',
  });
  await set(P.C!, { title: 'Apartment block after the strike', city: 'Kharkiv' });
  await session.api.createRegion({ photoId: P.C!, geometry: rect, classId: term('building.residential').id, damageIds: [], severity: 'na', confidence: null, note: '' });
  await set(P.D!, { caption: 'block apartment, looted', region: 'Kyiv Oblast', city: 'Bucha' });
  await set(P.E!, { title: 'Road near Khárkiv', provenance: 'Received from witness Олена', lat: '50.0', lon: '36.2', country: 'Ukraine' });
});
afterAll(() => session?.close());

describe('text search', () => {
  it('finds Latin words by prefix, in any field, case-insensitively', async () => {
    expect(await found({ text: 'shelling' })).toEqual(['A']);
    expect(await found({ text: 'SCHO' })).toEqual(['A']);
    expect(await found({ text: 'apart' })).toEqual(['C', 'D']);
    expect(await found({ text: 'collapsed' })).toEqual(['A']); // region note
    expect(await found({ text: 'verified' })).toEqual(['A']); // tag label
    expect(await found({ text: 'vehicle' })).toEqual(['B']); // the class's parent: car is a vehicle
    expect(await found({ text: 'destroyed' })).toEqual(['A']); // severity 4's label
    expect(await found({ text: 'bucha' })).toEqual(['D']); // place
    expect(await found({ text: 'Kodak_CX7530' })).toEqual(['E']); // file name
    expect(await found({ text: 'pentax' })).toEqual(['H']); // camera
  });

  it('finds Cyrillic words, prefixes included', async () => {
    expect(await found({ text: 'драмтеатр' })).toEqual(['B']);
    expect(await found({ text: 'ДРАМ' })).toEqual(['B']);
    expect(await found({ text: 'мариуполь' })).toEqual(['B']);
    expect(await found({ text: 'Маріуполь' })).toEqual(['B']);
    expect(await found({ text: 'олена' })).toEqual(['E']);
  });

  it('ignores diacritics both ways', async () => {
    expect(await found({ text: 'kharkiv' })).toEqual(['A', 'C', 'E']);
    expect(await found({ text: 'Khárkiv' })).toEqual(['A', 'C', 'E']);
  });

  it('matches quoted phrases as written; separate words in any order', async () => {
    expect(await found({ text: '"apartment block"' })).toEqual(['C']);
    expect(await found({ text: '"block apartment"' })).toEqual(['D']);
    expect(await found({ text: 'apartment block' })).toEqual(['C', 'D']);
    expect(await found({ text: '"apart block"' })).toEqual([]); // a phrase is not a prefix
    expect(await found({ text: 'kharkiv "apartment block"' })).toEqual(['C']);
  });

  it('never fails on FTS5 syntax typed by a user', async () => {
    const hostile = ['"', '""', '*', 'NEAR(', 'NEAR(a b', '-', ':', 'AND OR', 'AND', 'OR NOT', '^', '(', ')', 'title:', '{title caption}:x',
      '"unclosed phrase', 'a"b"c', '\\', "'", '%', '_', '\u0000', '🔥', '  ', 'kharkiv*', '+-*/', 'NOT kharkiv', 'x'.repeat(500)];
    for (const text of hostile) {
      await expect(session.api.searchPhotos(q({ text })), text).resolves.toBeInstanceOf(Array);
      await expect(session.api.getFacets(q({ text })), text).resolves.toHaveProperty('total');
    }
    // Punctuation around a word is not syntax: the word is still found.
    expect(await found({ text: '-kharkiv' })).toEqual(['A', 'C', 'E']);
    expect(await found({ text: 'kharkiv:' })).toEqual(['A', 'C', 'E']);
    expect(await found({ text: '"kharkiv' })).toEqual(['A', 'C', 'E']);
    // "NOT" is a word to find, not an operator: C is "not assessable" and in Kharkiv.
    expect(await found({ text: 'NOT kharkiv' })).toEqual(['C']);
    // Nothing searchable: no text filter at all.
    expect((await search({ text: '-*:' })).length).toBe(8);
  });

  it('keeps the hostile caption intact and finds it by its words', async () => {
    const b = await session.api.getAnnotations({ photoId: P.B! });
    expect(b.meta.caption).toBe(HOSTILE_CAPTION);
    expect(await found({ text: 'script alert' })).toEqual(['B']);
    expect(await found({ text: '"second line"' })).toEqual(['A', 'B']); // B's caption, A's region note
  });
});

/** Direct SQL counts from the base tables (not the search index), for the photos in `ids`. */
function sqlCounts(ids: number[]): Record<string, Map<string, number>> {
  const db = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
  const json = JSON.stringify(ids);
  const IN = `(SELECT value FROM json_each('${json}'))`;
  const byValue = (sql: string) => new Map((db.prepare(sql).raw().all() as Array<[string | number, number]>).map(([v, n]) => [String(v), n]));
  // Terms a photo uses through a region or a photo tag, with their parents (the taxonomy is two deep).
  const uses = `(SELECT photo_id, class_id AS t FROM regions UNION SELECT r.photo_id, d.term_id FROM region_damage d JOIN regions r ON r.id = d.region_id
                 UNION SELECT photo_id, term_id FROM photo_tags)`;
  const termCounts = (kind: string) =>
    byValue(`SELECT x.id, count(DISTINCT u.photo_id) FROM ${uses} u JOIN terms t ON t.id = u.t JOIN terms x ON x.id IN (t.id, t.parent_id)
             WHERE x.kind = '${kind}' AND u.photo_id IN ${IN} GROUP BY x.id`);
  const rows = db.prepare(`SELECT * FROM photos WHERE id IN ${IN}`).all() as Array<{ id: number; make: string | null; model: string | null; gps_lat: number | null }>;
  const cameras = new Map<string, number>();
  for (const r of rows) {
    const c = normalisedCamera(r.make, r.model);
    if (c) cameras.set(c, (cameras.get(c) ?? 0) + 1);
  }
  const meta = (f: string) => `(SELECT value FROM photo_meta m WHERE m.photo_id = p.id AND m.field = '${f}')`;
  const flag = (cond: string) => (db.prepare(`SELECT count(*) FROM photos p WHERE p.id IN ${IN} AND ${cond}`).pluck().get() as number);
  const out = {
    classes: termCounts('class'),
    damage: termCounts('damage'),
    tags: termCounts('tag'),
    severities: byValue(`SELECT severity, count(DISTINCT photo_id) FROM regions WHERE severity IS NOT NULL AND photo_id IN ${IN} GROUP BY severity`),
    confidences: byValue(`SELECT confidence, count(DISTINCT photo_id) FROM regions WHERE confidence IS NOT NULL AND photo_id IN ${IN} GROUP BY confidence`),
    cameras,
    places: byValue(`SELECT coalesce(${meta('city')}, ${meta('region')}, ${meta('country')}) AS place, count(*) FROM photos p WHERE p.id IN ${IN} AND place IS NOT NULL GROUP BY place`),
    flags: new Map([
      ['has-gps', flag(`(p.gps_lat IS NOT NULL OR ${meta('lat')} IS NOT NULL)`)],
      ['no-gps', flag(`(p.gps_lat IS NULL AND ${meta('lat')} IS NULL)`)],
      ['has-regions', flag('EXISTS (SELECT 1 FROM regions WHERE photo_id = p.id)')],
      ['unannotated', flag('NOT EXISTS (SELECT 1 FROM regions WHERE photo_id = p.id) AND NOT EXISTS (SELECT 1 FROM photo_tags WHERE photo_id = p.id) AND NOT EXISTS (SELECT 1 FROM photo_meta WHERE photo_id = p.id)')],
      ['duplicates', flag('EXISTS (SELECT 1 FROM duplicates WHERE photo_id = p.id)')],
      ['near-duplicates', flag("EXISTS (SELECT 1 FROM similar_pairs s WHERE (s.a = p.id OR s.b = p.id) AND NOT EXISTS (SELECT 1 FROM similar_decisions d WHERE d.a = s.a AND d.b = s.b AND d.verdict = 'different'))")],
      ['sensitive', flag("EXISTS (SELECT 1 FROM photo_review r WHERE r.photo_id = p.id AND r.sensitive = 1)")],
    ]),
  };
  db.close();
  return out;
}

const FACET_LISTS = ['classes', 'damage', 'tags', 'severities', 'confidences', 'cameras', 'places'] as const;
const asMap = (items: Facets['classes']) => new Map(items.filter((i) => i.count > 0).map((i) => [i.value, i.count]));

describe('facets', () => {
  it('count exactly what a direct SQL count over the base tables gives, for each facet', async () => {
    for (const text of ['', 'kharkiv', 'apart']) {
      const facets = await session.api.getFacets(q({ text }));
      const ids = await search({ text });
      expect(facets.total).toBe(ids.length);
      const expected = sqlCounts(ids);
      for (const list of FACET_LISTS) expect(asMap(facets[list]), `${list} for "${text}"`).toEqual(expected[list]);
      // Failed imports and withdrawn photos are outside the catalogued photos the SQL counts cover.
      const flags = new Map(facets.flags.filter((f) => f.value !== 'problems' && f.value !== 'withdrawn').map((f) => [f.value, f.count]));
      expect(flags).toEqual(expected.flags);
    }
  });

  it('has the expected values on the known archive', async () => {
    const f = await session.api.getFacets(q({}));
    expect(f.total).toBe(8);
    const count = (list: Facets['classes'], value: string | number) => list.find((i) => i.value === String(value))?.count ?? 0;
    expect(count(f.classes, term('building').id)).toBe(2); // A (education) and C (residential) roll up
    expect(count(f.classes, term('vehicle').id)).toBe(1);
    expect(count(f.tags, terms.find((t) => t.label === 'verified')!.id)).toBe(1);
    expect(f.severities.map((s) => [s.value, s.count])).toEqual([['4', 1], ['3', 1], ['2', 0], ['1', 0], ['0', 0], ['na', 1]]);
    expect(f.places.map((p) => [p.value, p.count])).toEqual([['Kharkiv', 2], ['Bucha', 1], ['Ukraine', 1], ['Маріуполь', 1]]);
    const flags = Object.fromEntries(f.flags.map((x) => [x.value, x.count]));
    expect(flags).toEqual({ 'has-gps': 2, 'no-gps': 6, 'has-regions': 3, unannotated: 3, problems: 1, duplicates: 1, 'near-duplicates': 0, withdrawn: 0, sensitive: 0 });
    expect(await found({ flags: ['has-gps'] })).toEqual(['E', 'F']);
    expect(await found({ flags: ['unannotated'] })).toEqual(['F', 'G', 'H']);
    expect(await found({ flags: ['duplicates'] })).toEqual(['A']);
    const problems = await session.api.searchPhotos(q({ flags: ['problems'] }));
    expect(problems.map((p) => [p.fileName, p.status])).toEqual([['broken.jpg', 'error']]);
  });

  it('are disjunctive: a facet counts without its own selection, and narrows the others', async () => {
    const building = term('building').id;
    const vehicle = term('vehicle').id;
    const f = await session.api.getFacets(q({ classIds: [building] }));
    expect(f.total).toBe(2);
    // The class facet still offers vehicles (1) next to the chosen building (2).
    expect(asMap(f.classes).get(String(vehicle))).toBe(1);
    expect(asMap(f.classes).get(String(building))).toBe(2);
    // Other facets count within the selection.
    expect(asMap(f.places)).toEqual(new Map([['Kharkiv', 2]]));
    // Values within a facet are alternatives; facets narrow one another.
    expect(await found({ classIds: [building, vehicle] })).toEqual(['A', 'B', 'C']);
    expect(await found({ classIds: [building, vehicle], places: ['Kharkiv'] })).toEqual(['A', 'C']);
    expect(await found({ classIds: [building], severities: [4, 'na'] })).toEqual(['A', 'C']);
    expect(await found({ classIds: [building], severities: [4] })).toEqual(['A']);
    // A facet's count is the size of the result when that value is added.
    for (const list of FACET_LISTS) {
      for (const item of f[list]) {
        if (item.count === 0) continue;
        const key = ({ classes: 'classIds', damage: 'damageIds', tags: 'tagIds' } as Record<string, string>)[list] ?? list;
        const value = ['classes', 'damage', 'tags'].includes(list) ? Number(item.value) : list === 'severities' && item.value !== 'na' ? Number(item.value) : item.value;
        const base = q({ classIds: [building] }) as Record<string, unknown>;
        const existing = (base[key] as unknown[]) ?? [];
        const narrowed = { ...base, [key]: list === 'classes' ? [value] : [...existing, value] };
        expect((await session.api.searchPhotos(PhotoQuery.parse(narrowed))).length, `${list} ${item.label}`).toBe(item.count);
      }
    }
  });

  it('combine with text search, dates, the map box and flags', async () => {
    const f = await session.api.getFacets(q({ text: 'kharkiv', flags: ['has-regions'] }));
    expect(f.total).toBe(2);
    expect(await found({ text: 'kharkiv', flags: ['has-regions'] })).toEqual(['A', 'C']);
    expect(await found({ text: 'kharkiv', flags: ['has-gps'] })).toEqual(['E']);
    expect(await found({ bbox: { south: 49, west: 35, north: 51, east: 37 } })).toEqual(['E']);
    expect(await session.api.mapPoints(q({ text: 'kharkiv' }))).toEqual([{ id: P.E!, lat: 50, lon: 36.2 }]);
    const all = await session.api.getFacets(q({}));
    expect(all.taken.min).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const day = all.taken.min!;
    const sameDay = await search({ takenFrom: day, takenTo: day });
    expect(sameDay.length).toBeGreaterThan(0);
    const db = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    const direct = db.prepare("SELECT count(*) FROM photos WHERE status <> 'error' AND substr(taken_sort, 1, 10) = ?").pluck().get(day);
    db.close();
    expect(sameDay.length).toBe(direct);
    // The date range facet ignores its own selection, like the others.
    expect((await session.api.getFacets(q({ takenFrom: day, takenTo: day }))).taken).toEqual(all.taken);
  });

  it('update with every edit, with undo and redo, and with a term rename', async () => {
    const before = await session.api.getFacets(q({}));
    const hotel = term('building.commercial').id;
    await session.api.createRegion({ photoId: P.G!, geometry: { type: 'rect', x: 0, y: 0, w: 0.5, h: 0.5 }, classId: hotel, damageIds: [], severity: 2, confidence: null, note: 'lobby' });
    const after = await session.api.getFacets(q({}));
    expect(asMap(after.classes).get(String(hotel))).toBe(1);
    expect(asMap(after.classes).get(String(term('building').id))).toBe(3);
    expect(after.flags.find((x) => x.value === 'unannotated')!.count).toBe(2);
    expect(await found({ text: 'lobby' })).toEqual(['G']);
    await session.api.undo({});
    expect(await session.api.getFacets(q({}))).toEqual(before);
    expect(await found({ text: 'lobby' })).toEqual([]);
    await session.api.redo({});
    expect(await session.api.getFacets(q({}))).toEqual(after);
    await session.api.undo({});

    const verified = terms.find((t) => t.label === 'verified')!;
    await session.api.updateTerm({ id: verified.id, label: 'confirmed on site' });
    expect(await found({ text: 'confirmed site' })).toEqual(['A']);
    expect(await found({ text: 'verified' })).toEqual([]);
    expect((await session.api.getFacets(q({}))).tags.find((t) => t.value === String(verified.id))!.label).toBe('confirmed on site');
    await session.api.updateTerm({ id: verified.id, label: 'verified' });
  });

  it('see edits made by another connection (the CLI while the app is open)', async () => {
    expect(await found({ text: 'outsider' })).toEqual([]);
    const db = new Database(path.join(dir, 'catalog.sqlite'));
    db.prepare("INSERT INTO photo_meta (photo_id, field, value) VALUES (?, 'event', 'outsider edit')").run(P.H!);
    db.close();
    expect(await found({ text: 'outsider' })).toEqual(['H']);
    expect(await found({ flags: ['unannotated'] })).toEqual(['F', 'G']);
    const db2 = new Database(path.join(dir, 'catalog.sqlite'));
    db2.prepare("DELETE FROM photo_meta WHERE photo_id = ? AND field = 'event'").run(P.H!);
    db2.close();
    expect(await found({ flags: ['unannotated'] })).toEqual(['F', 'G', 'H']);
  });
});

describe('sort orders', () => {
  it('by capture time (the grid order), file name, import time and severity', async () => {
    const grid = (await session.api.listPhotos({})).map((p) => p.id);
    expect(await search({ sort: 'taken' })).toEqual(grid);
    const byName = (await session.api.searchPhotos(q({ sort: 'name' }))).map((p) => p.fileName);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const db = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
    const imported = db.prepare("SELECT id FROM photos WHERE status <> 'error' ORDER BY imported_at DESC, id DESC").pluck().all();
    db.close();
    expect(await search({ sort: 'imported' })).toEqual(imported);
    const bySeverity = await search({ sort: 'severity' });
    expect(bySeverity.slice(0, 3)).toEqual([P.A, P.B, P.C]); // 4, 3, not assessable
    expect(bySeverity.slice(3)).toEqual(grid.filter((id) => ![P.A, P.B, P.C].includes(id))); // unassessed, in capture order
  });
});

describe('grid tiles', () => {
  it('follow what the grid shows: an original gone missing', async () => {
    const h = (await session.api.getPhoto({ id: P.H! })).sourcePath;
    fs.renameSync(h, `${h}.moved`);
    await session.api.checkOriginals({});
    const tile = (await session.api.searchPhotos(q({ text: 'pentax' })))[0]!;
    expect(tile).toMatchObject({ id: P.H, missing: true });
    fs.renameSync(`${h}.moved`, h);
    await session.api.checkOriginals({});
    expect((await session.api.searchPhotos(q({ text: 'pentax' })))[0]).toMatchObject({ id: P.H, missing: false });
  });
});
