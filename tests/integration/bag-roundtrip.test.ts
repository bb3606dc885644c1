// The main test: archive -> BagIt bag -> fresh archive, equal. A real annotated archive is
// exported through the export runner, the bag is imported into a fresh archive (through the core and
// through the command line), and everything a user or a court relies on is compared: photos (file,
// capture and camera metadata), vocabulary (with the merged term), tags, regions, descriptive fields
// and the history (actions, actors, times, values), all but ids and paths. Also: invalid bags are
// refused by verify-bag and import-bag, and a cancelled export leaves nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { safeFileName } from '../../electron/catalog/bag/safe-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/api';
import { BagInvalidError, importBag } from '../../electron/catalog/bag/import';
import { ArchiveSession } from '../../electron/service/session';
import { HOSTILE_CAPTION, HOSTILE_NOTE, ODD_NAMES, TWIN_NAME, bagArchive, exportBag, sha256File, snapshot, type BagArchive, asImportedFromBag } from '../helpers/bag-archive';
import { sealBag } from '../helpers/bag-build';
import { CAMERAS, tempDir } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const cli = runCli;

// Custody events (ingest, backup, verify, bag receipt) are each archive's own record of what happened
// to it; the round trip compares the annotation history the bag carries.
const isCustody = (h: HistoryEntry) => h.action.startsWith('custody.');
const notImport = (h: HistoryEntry) => h.action !== 'bag.import' && !isCustody(h);

let a: BagArchive;
let bag: string;
let source: Awaited<ReturnType<typeof snapshot>>;
let hashesBefore: Map<string, string>;

beforeAll(async () => {
  a = await bagArchive();
  source = await snapshot(a.session, { history: (h) => !isCustody(h) });
  hashesBefore = new Map(a.originals().map((f) => [f, sha256File(f)]));
  bag = path.join(tempDir('bag-rt-'), 'bag');
  const { last } = await exportBag(a.session, bag, { options: { sourceOrganization: 'KHRG', contactName: 'Olena', externalDescription: 'Round trip' } });
  expect(last).toMatchObject({ state: 'done', done: 7, total: 7 });
}, 120_000);
afterAll(() => a?.close());

function tamperedCopy(): string {
  const dir = path.join(tempDir('bag-bad-'), 'bag');
  fs.cpSync(bag, dir, { recursive: true });
  const f = path.join(dir, 'data', 'originals', ODD_NAMES.quotes);
  const bytes = fs.readFileSync(f);
  bytes.writeUInt8(bytes.readUInt8(1000) ^ 0xff, 1000);
  fs.writeFileSync(f, bytes);
  return dir;
}

describe('bag round trip', () => {
  it('the source was annotated as intended (so the comparison below means something)', () => {
    expect(source.photos).toHaveLength(7);
    expect(source.photos.flatMap((p) => p.regions)).toHaveLength(4);
    const rotated = source.photos.find((p) => p.fileName === ODD_NAMES.newline)!;
    expect(rotated.metadata).toMatchObject({ caption: HOSTILE_CAPTION, lat: '47.0951', lon: '37.5413', countryCode: 'UA' });
    expect(rotated.tags).toEqual(['damage:damage.fire', 'tag:tag.khorog']);
    expect(rotated.regions.map((r) => r.severity)).toEqual([4, 'na']);
    expect(rotated.regions[0]!.note).toBe(HOSTILE_NOTE);
    expect(source.vocabulary.find((t) => t.key === 'tag.khorogh')).toMatchObject({ mergedInto: 'tag:tag.khorog', hidden: true });
    expect(new Set(source.history.map((h) => h.actor))).toEqual(new Set(['Olena Kovalenko', 'Bohdan "Bob" Ivanenko']));
    expect(source.history.map((h) => h.action)).toEqual(expect.arrayContaining(['term.merge', 'region.delete', 'region.update', 'undo meta.set', 'redo meta.set']));
    expect(source.photos.filter((p) => p.fileName.toLowerCase() === TWIN_NAME.toLowerCase())).toHaveLength(3);
  });

  it('leaves the originals of the source archive byte-identical', () => {
    for (const [f, h] of hashesBefore) expect(sha256File(f), f).toBe(h);
  });

  it('restores photos, vocabulary, tags, regions, metadata and history into a fresh archive', async () => {
    const target = new ArchiveSession(tempDir('bag-target-'), { host: 'web' });
    try {
      const r = await importBag(target.current, bag, { actor: 'Archivist' });
      expect(r).toMatchObject({ state: 'done', restored: true, photos: 7, imported: 7, alreadyPresent: 0, failed: [], regions: 4 });
      expect(r.warnings).toEqual([]);
      const restored = await snapshot(target, { history: notImport });
      expect(restored.photos).toEqual(asImportedFromBag(source).photos);
      expect(restored.vocabulary).toEqual(source.vocabulary);
      expect(restored.history).toEqual(source.history);

      // The originals were copied into the archive and check out against their hashes.
      for (const s of await target.api.listPhotos({})) {
        const p = await target.api.getPhoto({ id: s.id });
        expect(p.storedPath).not.toBeNull();
        expect(sha256File(path.join(target.current.dir, p.storedPath!))).toBe(p.sha256);
      }
      // The imported history is marked: one bag.import entry per photo and one for the bag, by the importer.
      const all = await target.api.getHistory({ photoId: null, limit: 10_000 });
      const marks = all.filter((h) => h.action === 'bag.import');
      expect(marks).toHaveLength(8);
      expect(new Set(marks.map((h) => h.actor))).toEqual(new Set(['Archivist']));
      const whole = marks.find((h) => h.photoId === null)!;
      const range = whole.newValue as { historyFrom: number; historyTo: number; archiveJsonSha256: string };
      for (const h of all.filter(notImport)) expect(h.id >= range.historyFrom && h.id <= range.historyTo).toBe(true);
      // The receiving archive records the receipt per photo, with the bag's Bagging-Date.
      const receipts = all.filter((h) => h.action === 'custody.bag-import');
      expect(receipts).toHaveLength(7);
      expect(receipts[0]!.newValue).toMatchObject({ baggingDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), senderChainHead: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(whole.description).toMatch(/^Imported bag bag \(Damage Archive [\d.]+, .+\): 7 photos; history entries \d+–\d+ were recorded in the exporting archive$/);
      // A photo's own history reads as before, followed by its import.
      const rotated = (await target.api.listPhotos({})).find((p) => p.fileName === safeFileName(ODD_NAMES.newline).name)!;
      const own = await target.api.getHistory({ photoId: rotated.id, limit: 1000 });
      expect(own[0]).toMatchObject({ action: 'custody.bag-import', actor: 'Archivist' });
      expect(own[1]).toMatchObject({ action: 'bag.import', actor: 'Archivist' });
      expect(own.slice(1).map((h) => h.actor)).toContain('Olena Kovalenko');

      // Importing the same bag again adds nothing but a note that it happened.
      const again = await importBag(target.current, bag, { actor: 'Archivist' });
      expect(again).toMatchObject({ imported: 0, alreadyPresent: 7, regions: 0, tags: 0, fields: 0, history: 0 });
      expect(again.warnings.join('\n')).toMatch(/imported into this archive before/);
      const twice = await snapshot(target, { history: notImport });
      expect(twice).toEqual(restored);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses an invalid bag and imports nothing from it', async () => {
    const target = new ArchiveSession(tempDir('bag-target-'), { host: 'web' });
    try {
      const err = await importBag(target.current, tamperedCopy(), { actor: 'Archivist' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BagInvalidError);
      expect((err as BagInvalidError).report.problems.map((p) => [p.kind, p.path])).toEqual([
        ['checksum', `data/originals/${ODD_NAMES.quotes}`],
        ['checksum', `data/originals/${ODD_NAMES.quotes}`],
      ]);
      expect(await target.api.listPhotos({})).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('refuses a bag whose archive.json contradicts its manifest, though the bag itself is valid', async () => {
    const dir = path.join(tempDir('bag-lie-'), 'bag');
    fs.cpSync(bag, dir, { recursive: true });
    const file = path.join(dir, 'data', 'annotations', 'archive.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { photos: Array<{ sha256: string }> };
    doc.photos[0]!.sha256 = 'f'.repeat(64);
    fs.writeFileSync(file, JSON.stringify(doc));
    sealBag(dir, { algorithms: ['sha256'], tagAlgorithms: ['sha256'] });
    const target = new ArchiveSession(tempDir('bag-target-'), { host: 'web' });
    try {
      await expect(importBag(target.current, dir, { actor: 'Archivist' })).rejects.toThrow(/gives data\/originals\/.* the SHA-256 f{64}, but the bag's manifest says [0-9a-f]{64}; the bag contradicts itself/);
      expect(await target.api.listPhotos({})).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('imports the photos of a bag made by another tool (no archive.json), read the normal way', async () => {
    const dir = path.join(tempDir('bag-other-'), 'bag');
    fs.mkdirSync(path.join(dir, 'data', 'фото'), { recursive: true });
    fs.copyFileSync(path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(dir, 'data', 'фото', 'DSCN0010.jpg'));
    fs.writeFileSync(path.join(dir, 'data', 'readme.txt'), 'not a photo');
    sealBag(dir, { algorithms: ['sha512'], tagAlgorithms: ['sha512'], info: { 'Source-Organization': 'Elsewhere' } });
    const target = new ArchiveSession(tempDir('bag-target-'), { host: 'web' });
    try {
      const r = await importBag(target.current, dir, { actor: 'Archivist' });
      expect(r).toMatchObject({ state: 'done', restored: false, imported: 1, failed: [] });
      expect(r.warnings.join('\n')).toMatch(/no data\/annotations\/archive\.json, so only its photos were imported/);
      const [photo] = await target.api.listPhotos({});
      expect(await target.api.getPhoto({ id: photo!.id })).toMatchObject({ fileName: 'DSCN0010.jpg', make: 'NIKON', width: 640, height: 480, sha256: sha256File(path.join(CAMERAS, 'gps__DSCN0010.jpg')) });
    } finally {
      await target.close();
    }
  });

  it('a cancelled export leaves no bag and no temporary folder at the destination', async () => {
    const parent = tempDir('bag-cancel-');
    const out = path.join(parent, 'bag');
    const { last, events } = await exportBag(a.session, out, { cancelAfter: 2 });
    expect(last).toMatchObject({ state: 'cancelled', message: 'Export cancelled; nothing was left at the destination.' });
    expect(Math.max(...events.map((e) => e.done))).toBeLessThan(7);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe('npm run archive -- verify-bag / import-bag', () => {
  it('verify-bag says a good bag is valid (exit 0) and lists each problem of a bad one (exit 7)', async () => {
    const good = await cli('verify-bag', bag);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^Valid bag: .*\(19 payload files, \d+ bytes, manifests: sha256, sha512\)\.\n$/);

    const broken = tamperedCopy();
    fs.rmSync(path.join(broken, 'data', 'xmp', `${ODD_NAMES.cyrillic}.xmp`));
    const bad = await cli('verify-bag', broken);
    expect(bad.code).toBe(7);
    expect(bad.stdout).toMatch(/NOT a valid bag: .*: 5 problems/);
    expect(bad.stderr).toMatch(/CHECKSUM: data\/originals\/.*sha256 checksum does not match manifest-sha256\.txt/);
    expect(bad.stderr).toMatch(/MISSING: data\/xmp\/Маріуполь "драмтеатр" 1\.jpg\.xmp is listed in manifest-sha256\.txt but missing from the bag/);
    expect(bad.stderr).toMatch(/OXUM: Payload-Oxum says/);

    const json = await cli('verify-bag', broken, '--json');
    expect(json.code).toBe(7);
    const report = JSON.parse(json.stdout) as { valid: boolean; problems: Array<{ kind: string }> };
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['checksum', 'checksum', 'missing', 'missing', 'oxum']);

    expect((await cli('verify-bag')).code).toBe(2);
    expect((await cli('verify-bag', path.join(broken, 'nope'))).code).toBe(7);
  }, 60_000);

  it('import-bag restores the archive (exit 0) and refuses a bad bag (exit 7)', async () => {
    const archive = tempDir('bag-cli-');
    const r = await cli('import-bag', bag, '--archive', archive, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'done', imported: 7, regions: 4, failed: [] });
    const target = new ArchiveSession(archive, { host: 'web' });
    try {
      const restored = await snapshot(target, { history: notImport });
      expect(restored).toEqual(asImportedFromBag(source));
    } finally {
      await target.close();
    }

    const other = tempDir('bag-cli-');
    const refused = await cli('import-bag', tamperedCopy(), '--archive', other);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/CHECKSUM: data\/originals\/it's "here", ok\.jpg: sha256 checksum does not match/);
    expect(refused.stderr).toMatch(/is not a valid bag \(2 problems\); nothing was imported\./);
  }, 120_000);
});
