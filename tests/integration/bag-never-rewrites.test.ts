// Issue 10, item 1: a colleague's bag never changes anything already in the archive. The hostile bag
// passes verify-bag but its archive.json vocabulary gives local keys other meanings: "Gunfire" merged
// into "Markings", "Residential" renamed and hidden. Importing it must leave every local term, region,
// tag, field and history row exactly as it was, add the bag's clashing terms as new terms, list the
// conflicts (the app's import result and the CLI's --json), and drop undo steps that touch photos the
// bag added to.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { validateBag } from '../../electron/catalog/bag/validate';
import { ArchiveSession } from '../../electron/service/session';
import { exportBag } from '../helpers/bag-archive';
import { sealBag } from '../helpers/bag-build';
import { runCli } from '../helpers/cli';
import { CAMERAS, tempDir } from '../helpers/fixtures';

const photos = tempDir('bag-hostile-photos-');
fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'shared.jpg'));
fs.copyFileSync(path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(photos, 'colleague.jpg'));
const rect = { type: 'rect' as const, x: 0.1, y: 0.1, w: 0.3, h: 0.3 };

const localDir = tempDir('bag-hostile-local-');
let bag: string;

/** Every row of the tables a bag import must not change, keyed by their primary key. */
function rows(dir: string) {
  const db = new Database(path.join(dir, 'catalog.sqlite'), { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      terms: all('SELECT * FROM terms ORDER BY id'),
      regions: all('SELECT * FROM regions ORDER BY id'),
      regionDamage: all('SELECT * FROM region_damage ORDER BY region_id, term_id'),
      photoTags: all('SELECT * FROM photo_tags ORDER BY photo_id, term_id'),
      photoMeta: all('SELECT * FROM photo_meta ORDER BY photo_id, field'),
      photos: all('SELECT id, file_name, sha256 FROM photos ORDER BY id'),
      history: all('SELECT * FROM history ORDER BY id'),
    };
  } finally {
    db.close();
  }
}

async function importThroughApi(session: ArchiveSession, dir: string): Promise<ImportProgress> {
  await session.api.startBagImport({ path: dir });
  const last = await session.idle();
  if (!last) throw new Error('no import ran');
  return last;
}

beforeAll(async () => {
  // The colleague: the shared photo (a region marked Gunfire, another caption) and one of their own.
  const colleagueDir = tempDir('bag-hostile-colleague-');
  const colleague = new ArchiveSession(colleagueDir, { host: 'web' });
  try {
    await colleague.api.startImport({ paths: [photos], mode: 'copy' });
    await colleague.idle();
    const terms = await colleague.api.getVocabulary({});
    const term = (key: string) => terms.find((t) => t.key === key)!;
    for (const p of await colleague.api.listPhotos({})) {
      await colleague.api.createRegion({ photoId: p.id, geometry: rect, classId: term('building.residential').id, damageIds: [term('damage.gunfire').id], severity: 2, confidence: 'certain', note: `theirs ${p.fileName}` });
      await colleague.api.applyBatch({ photoIds: [p.id], addTagIds: [], removeTagIds: [], fields: { caption: `Their caption of ${p.fileName}` } });
    }
    bag = path.join(tempDir('bag-hostile-out-'), 'hostile');
    expect((await exportBag(colleague, bag)).last.state).toBe('done');
  } finally {
    await colleague.close();
  }
  // The hostile edit, then sealed again: the bag is valid.
  const jsonFile = path.join(bag, 'data', 'annotations', 'archive.json');
  const doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { vocabulary: Array<Record<string, unknown>> };
  const gunfire = doc.vocabulary.find((t) => t.key === 'damage.gunfire')!;
  Object.assign(gunfire, { mergedIntoKey: 'damage.markings', hidden: true, shortcut: null });
  Object.assign(doc.vocabulary.find((t) => t.key === 'building.residential')!, { label: 'Renamed by the bag', hidden: true });
  fs.writeFileSync(jsonFile, JSON.stringify(doc, null, 2));
  sealBag(bag, { algorithms: ['sha256', 'sha512'], tagAlgorithms: ['sha256'] });
  expect((await validateBag(bag)).valid).toBe(true);

  // The local archive: the shared photo, with a Gunfire region on a Residential building and a caption.
  const local = new ArchiveSession(localDir, { host: 'web' });
  try {
    await local.api.startImport({ paths: [path.join(photos, 'shared.jpg')], mode: 'copy' });
    await local.idle();
    const terms = await local.api.getVocabulary({});
    const term = (key: string) => terms.find((t) => t.key === key)!;
    const [p] = await local.api.listPhotos({});
    await local.api.createRegion({ photoId: p!.id, geometry: { ...rect, x: 0.5 }, classId: term('building.residential').id, damageIds: [term('damage.gunfire').id], severity: 3, confidence: 'possible', note: 'mine' });
    await local.api.applyBatch({ photoIds: [p!.id], addTagIds: [], removeTagIds: [], fields: { caption: 'My caption' } });
  } finally {
    await local.close();
  }
}, 180_000);

describe('a bag whose vocabulary clashes with this archive', () => {
  it('changes nothing already here, adds its clashing terms as new ones and lists every conflict', async () => {
    const before = rows(localDir);
    const session = new ArchiveSession(localDir, { host: 'web' });
    try {
      expect((await session.api.getUndoState({})).canUndo).toBe(true);
      const last = await importThroughApi(session, bag);
      expect(last.state).toBe('done');
      expect(last.message).toMatch(/2 terms of the bag differ from this archive's, which were left as they are; 2 were added as new terms \(/);
      expect(last.message).toMatch(/1 field already filled here kept its value/);
      const conflicts = last.bag!.conflicts!;
      expect(conflicts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^The bag's damage term "damage\.gunfire" means something else .*merged into damage\.markings in the bag, \(not merged\) here.*added as "damage\.gunfire-bag"/),
          expect.stringMatching(/^The bag's class term "building\.residential" means something else .*label "Renamed by the bag" in the bag.*added as "building\.residential-bag"/),
          expect.stringMatching(/^shared\.jpg: caption is "My caption" here and "Their caption of shared\.jpg" in the bag; this archive's value was kept\.$/),
        ]),
      );

      // Every row that was here is exactly as it was.
      const after = rows(localDir);
      for (const table of Object.keys(before) as Array<keyof typeof before>) {
        expect(after[table].slice(0, before[table].length), table).toEqual(before[table]);
      }
      // What the bag brought is new: its region on the shared photo uses the bag's meaning (Markings,
      // and its own "Residential" term), the local region still says Gunfire.
      const vocab = await session.api.getVocabulary({});
      const byKey = (key: string) => vocab.find((t) => t.key === key)!;
      expect(byKey('damage.gunfire')).toMatchObject({ mergedInto: null, hidden: false, label: 'Gunfire (bullet holes, pock-marking)' });
      expect(byKey('damage.gunfire-bag')).toMatchObject({ mergedInto: byKey('damage.markings').id, hidden: true });
      expect(byKey('building.residential-bag')).toMatchObject({ label: 'Renamed by the bag', hidden: true });
      const shared = (await session.api.listPhotos({})).find((p) => p.fileName === 'shared.jpg')!;
      const regions = (await session.api.getAnnotations({ photoId: shared.id })).regions;
      expect(regions.find((r) => r.note === 'mine')).toMatchObject({ damageIds: [byKey('damage.gunfire').id], classId: byKey('building.residential').id });
      expect(regions.find((r) => r.note === 'theirs shared.jpg')).toMatchObject({ damageIds: [byKey('damage.markings').id], classId: byKey('building.residential-bag').id });

      // The undo step on the shared photo (which the bag added a region to) is gone: undo cannot reach past the import.
      expect(await session.api.getUndoState({})).toMatchObject({ canUndo: false, canRedo: false });
      expect((await session.api.undo({})).undone).toBeNull();
    } finally {
      await session.close();
    }

    // The CLI's report: the same conflicts, now mapped to the terms the first import added; still nothing changed.
    const again = rows(localDir);
    const r = await runCli('import-bag', bag, '--archive', localDir, '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { conflicts: Array<{ type: string; key?: string; resolution: string; newKey?: string | null }> };
    expect(report.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'term', key: 'damage.gunfire', resolution: 'mapped', newKey: 'damage.gunfire-bag' }),
        expect.objectContaining({ type: 'term', key: 'building.residential', resolution: 'mapped', newKey: 'building.residential-bag' }),
        expect.objectContaining({ type: 'field', resolution: 'kept' }),
      ]),
    );
    const third = rows(localDir);
    for (const table of ['terms', 'regions', 'regionDamage', 'photoTags', 'photoMeta', 'photos'] as const) expect(third[table], table).toEqual(again[table]);
  }, 180_000);
});

