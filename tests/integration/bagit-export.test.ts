// The BagIt export and the bag validator: a bag from a real, annotated archive is complete and valid
// (checked by our validator, and its manifests recomputed here by hand), carries every original byte
// for byte under its own (awkward) name, and is refused by the validator after each kind of damage a
// bag can suffer in transit. A hand-built bag of another tool (sha512 only) validates too.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManifestPath, encodeManifestPath, formatBagInfo, humanSize, parseBagInfo, parseManifest } from '../../electron/catalog/bag/format';
import { validateBag, type BagProblemKind } from '../../electron/catalog/bag/validate';
import { ArchiveJson } from '../../electron/catalog/export/archive-json';
import { payloadNames } from '../../electron/catalog/export/bagit';
import { HOSTILE_CAPTION, HOSTILE_NOTE, ODD_NAMES, TWIN_NAME, bagArchive, exportBag, sha256File, type BagArchive } from '../helpers/bag-archive';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let a: BagArchive;
let bag: string;
let hashesBefore: Map<string, string>;
const EXTERNAL_DESCRIPTION = 'Photos of Mariupol, March 2022.\nSecond paragraph: "quoted", 100% checked.';

beforeAll(async () => {
  a = await bagArchive();
  hashesBefore = new Map(a.originals().map((f) => [f, sha256File(f)]));
  bag = path.join(tempDir('bag-out-'), 'Mariupol bag');
  const { last: done } = await exportBag(a.session, bag, {
    options: { sourceOrganization: 'Kharkiv Human Rights Group', contactName: 'Olena Kovalenko', externalDescription: EXTERNAL_DESCRIPTION },
  });
  expect(done).toMatchObject({ state: 'done', done: 7, total: 7 });
}, 120_000);
afterAll(() => a?.close());

const sha = (algorithm: string, file: string) => createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
const read = (rel: string) => fs.readFileSync(path.join(bag, rel), 'utf8');

/** A copy of the bag to damage. */
function copyBag(): string {
  const to = path.join(tempDir('bag-tamper-'), 'bag');
  fs.cpSync(bag, to, { recursive: true });
  return to;
}

async function problemsOf(dir: string): Promise<Array<{ kind: BagProblemKind; path: string | null; message: string }>> {
  const r = await validateBag(dir);
  expect(r.valid).toBe(r.problems.length === 0);
  return r.problems;
}

describe('BagIt export', () => {
  it('writes a complete, valid BagIt 1.0 bag with the expected tag files', async () => {
    expect(read('bagit.txt')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const top = fs.readdirSync(bag).sort();
    expect(top).toEqual(['bag-info.txt', 'bagit.txt', 'data', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']);
    const report = await validateBag(bag);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ valid: true, version: '1.0', encoding: 'UTF-8', algorithms: ['sha256', 'sha512'], tagAlgorithms: ['sha256', 'sha512'] });
    // 7 originals, 7 sidecars, ExifTool's config for our namespace, 4 annotation files.
    expect(report.payloadFiles).toBe(19);
    // Nothing temporary was left beside it.
    expect(fs.readdirSync(path.dirname(bag))).toEqual([path.basename(bag)]);
  });

  it('copies every original byte for byte under its own name, and lists it by the hash recorded at import', async () => {
    const photos = await a.session.api.listPhotos({});
    const manifest = parseManifest(read('manifest-sha256.txt'));
    expect(manifest.bad).toEqual([]);
    const listed = new Map(manifest.entries.map((e) => [e.path, e.checksum]));
    const originals = fs.readdirSync(path.join(bag, 'data', 'originals')).sort();
    expect(originals).toHaveLength(7);
    for (const s of photos) {
      const p = await a.session.api.getPhoto({ id: s.id });
      const inBag = originals.filter((n) => sha256File(path.join(bag, 'data', 'originals', n)) === p.sha256);
      expect(inBag, p.fileName).toHaveLength(1);
      expect(listed.get(`data/originals/${inBag[0]}`)).toBe(p.sha256);
      expect(fs.readFileSync(path.join(bag, 'data', 'originals', inBag[0]!)).equals(fs.readFileSync(p.storedPath ? path.join(a.dir, p.storedPath) : p.sourcePath))).toBe(true);
    }
    // Odd names kept as they are; names that would clash on a case-insensitive disk get "~<hash>".
    for (const n of Object.values(ODD_NAMES)) expect(originals).toContain(n);
    const twins = originals.filter((n) => n.toLowerCase().startsWith('img_0001'));
    expect(twins).toHaveLength(3);
    expect(twins.filter((n) => n.toLowerCase() === TWIN_NAME.toLowerCase())).toHaveLength(1);
    for (const t of twins.filter((n) => n.toLowerCase() !== TWIN_NAME.toLowerCase())) expect(t).toMatch(/^IMG_0001~[0-9a-f]{8}\.JPG$|^img_0001~[0-9a-f]{8}\.jpg$/);
    // The line break and "%" in a name are percent-encoded in the manifest, and only they.
    const raw = read('manifest-sha256.txt');
    expect(raw).toContain('data/originals/line%0Abreak 100%25.jpg\n');
    expect(raw).toContain(`data/originals/${ODD_NAMES.cyrillic}\n`);
    expect(raw.split('\n').filter(Boolean)).toHaveLength(19);
  });

  it('leaves the archive\'s originals untouched', () => {
    for (const [f, h] of hashesBefore) expect(sha256File(f), f).toBe(h);
  });

  it('has manifests and tag manifests that a second reading of the files confirms', () => {
    for (const algorithm of ['sha256', 'sha512']) {
      const payload = parseManifest(read(`manifest-${algorithm}.txt`)).entries;
      for (const e of payload) expect(sha(algorithm, path.join(bag, ...e.path.split('/'))), e.path).toBe(e.checksum);
      const tags = parseManifest(read(`tagmanifest-${algorithm}.txt`)).entries;
      expect(tags.map((e) => e.path).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt']);
      for (const e of tags) expect(sha(algorithm, path.join(bag, e.path))).toBe(e.checksum);
    }
  });

  it('fills bag-info.txt: the user\'s fields (a multi-line one as continuation lines), date, Payload-Oxum, size, agent', () => {
    const text = read('bag-info.txt');
    expect(text).toContain('External-Description: Photos of Mariupol, March 2022.\n  Second paragraph: "quoted", 100% checked.\n');
    const { elements, bad } = parseBagInfo(text);
    expect(bad).toEqual([]);
    const info = Object.fromEntries(elements.map((e) => [e.label, e.value]));
    expect(info).toMatchObject({
      'Source-Organization': 'Kharkiv Human Rights Group',
      'Contact-Name': 'Olena Kovalenko',
      'External-Description': EXTERNAL_DESCRIPTION,
      'Bag-Software-Agent': expect.stringMatching(/^Damage Archive \d+\.\d+\.\d+$/),
    });
    expect(info['Bagging-Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const files = fs.readdirSync(path.join(bag, 'data'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const bytes = files.reduce((s, e) => s + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
    expect(info['Payload-Oxum']).toBe(`${bytes}.${files.length}`);
    expect(info['Bag-Size']).toMatch(/^\d+(\.\d+)? (KB|MB)$/);
  });

  it('leaves out bag-info fields the user left empty', async () => {
    const out = path.join(tempDir('bag-plain-'), 'bag');
    const [first] = await a.session.api.listPhotos({});
    expect((await exportBag(a.session, out, { photoIds: [first!.id] })).last).toMatchObject({ state: 'done' });
    const labels = parseBagInfo(fs.readFileSync(path.join(out, 'bag-info.txt'), 'utf8')).elements.map((e) => e.label);
    expect(labels).toEqual(['Bagging-Date', 'Payload-Oxum', 'Bag-Size', 'Bag-Software-Agent', 'Damage-Archive-History-Chain-Head']);
    expect((await validateBag(out)).valid).toBe(true);
  });

  it('carries the annotation formats and archive.json, with the hostile caption and note intact', () => {
    const doc = ArchiveJson.parse(JSON.parse(read('data/annotations/archive.json')));
    expect(doc.photos).toHaveLength(7);
    const rotated = doc.photos.find((p) => p.fileName === ODD_NAMES.newline)!;
    expect(rotated.payloadPath).toBe(`data/originals/${ODD_NAMES.newline}`);
    expect(rotated.metadata.caption).toBe(HOSTILE_CAPTION);
    expect(rotated.regions.map((r) => r.note)).toContain(HOSTILE_NOTE);
    expect(doc.vocabulary.find((t) => t.key === 'tag.khorogh')).toMatchObject({ mergedIntoKey: 'tag.khorog', hidden: true });
    const coco = JSON.parse(read('data/annotations/coco.json')) as { images: Array<{ file_name: string }> };
    const names = new Set(fs.readdirSync(path.join(bag, 'data', 'originals')));
    for (const i of coco.images) expect(names.has(i.file_name), i.file_name).toBe(true);
    expect(JSON.parse(read('data/annotations/annotations.jsonld'))).toMatchObject({ type: 'AnnotationCollection' });
    expect(read('data/annotations/photos.csv').length).toBeGreaterThan(100);
    for (const n of names) expect(fs.existsSync(path.join(bag, 'data', 'xmp', `${n}.xmp`)), n).toBe(true);
  });

  it('names photos predictably: the first of a clashing name keeps it, the others get their hash', () => {
    const p = (id: number, fileName: string, sha: string) => ({ photo: { id, fileName, sha256: sha } }) as never;
    const names = payloadNames([p(1, 'a.jpg', '1'.repeat(64)), p(2, 'A.JPG', '2'.repeat(64)), p(3, 'a.jpg', '3'.repeat(64)), p(4, '..', '4'.repeat(64)), p(5, 'x/y.jpg', '5'.repeat(64))]);
    expect([...names.values()]).toEqual(['a.jpg', 'A~22222222.JPG', 'a~33333333.jpg', 'photo-44444444', 'x_y.jpg']);
  });
});

describe('BagIt export of originals that are not what was catalogued', () => {
  it('fails, saying why, and leaves nothing, when an original changed since import or has gone', async () => {
    const photos = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')]);
    const session = new ArchiveSession(tempDir(), { host: 'web' });
    try {
      await session.api.startImport({ paths: [photos], mode: 'reference' });
      await session.idle();
      const parent = tempDir('bag-changed-');
      fs.appendFileSync(path.join(photos, 'Canon_40D.jpg'), 'x');
      const changed = (await exportBag(session, path.join(parent, 'bag'))).last;
      expect(changed.state).toBe('failed');
      expect(changed.message).toMatch(/Canon_40D\.jpg .* no longer has the SHA-256 recorded at import .* Run verify\.$/);
      fs.rmSync(path.join(photos, 'Canon_40D.jpg'));
      const gone = (await exportBag(session, path.join(parent, 'bag'))).last;
      expect(gone).toMatchObject({ state: 'failed', message: expect.stringMatching(/The original of Canon_40D\.jpg is missing .*locate it/) });
      expect(fs.readdirSync(parent)).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('bag text formats', () => {
  it('keeps a hostile multi-line bag-info value through writing and reading, and never lets it forge an element', () => {
    const value = `${HOSTILE_CAPTION}\r\nPayload-Oxum: 1.1\n\n  indented\ttab\u0007bell`;
    const text = formatBagInfo([{ label: 'External-Description', value }, { label: 'Contact-Name', value: 'Olena' }]);
    // Every line after the first of a value is indented, so none of them can pass for a label.
    expect(text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0])).toEqual(['External-Description', 'Contact-Name']);
    const { elements, bad } = parseBagInfo(text);
    expect(bad).toEqual([]);
    expect(elements).toEqual([
      { label: 'External-Description', value: `${HOSTILE_CAPTION}\nPayload-Oxum: 1.1\n\nindented\ttabbell` },
      { label: 'Contact-Name', value: 'Olena' },
    ]);
  });

  it('percent-encodes exactly CR, LF and % in manifest paths, and decodes them back', () => {
    const name = 'data/a%20b\r\nc "d" ф.jpg';
    expect(encodeManifestPath(name)).toBe('data/a%2520b%0D%0Ac "d" ф.jpg');
    expect(decodeManifestPath(encodeManifestPath(name))).toBe(name);
  });

  it('states sizes as people read them', () => {
    expect([0, 999, 1000, 826_669, 1_234_567_890].map(humanSize)).toEqual(['0 bytes', '999 bytes', '1 KB', '827 KB', '1.23 GB']);
  });
});

describe('bag validator: each kind of damage is found and named', () => {
  const expectProblem = async (dir: string, kind: BagProblemKind, message: RegExp) => {
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.kind)).toContain(kind);
    expect(problems.filter((p) => p.kind === kind).map((p) => p.message).join('\n')).toMatch(message);
  };

  it('a flipped byte in an original', async () => {
    const dir = copyBag();
    const f = path.join(dir, 'data', 'originals', ODD_NAMES.cyrillic);
    const bytes = fs.readFileSync(f);
    const at = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
    fs.writeFileSync(f, bytes);
    const problems = await problemsOf(dir);
    // Both manifests say so; nothing else is wrong (the size did not change).
    expect(problems.map((p) => [p.kind, p.path])).toEqual([
      ['checksum', `data/originals/${ODD_NAMES.cyrillic}`],
      ['checksum', `data/originals/${ODD_NAMES.cyrillic}`],
    ]);
    expect(problems[0]!.message).toMatch(/sha256 checksum does not match manifest-sha256\.txt/);
  });

  it('a deleted payload file', async () => {
    const dir = copyBag();
    fs.rmSync(path.join(dir, 'data', 'originals', ODD_NAMES.newline));
    await expectProblem(dir, 'missing', /line\nbreak 100%\.jpg is listed in manifest-sha256\.txt but missing from the bag/);
    await expectProblem(dir, 'oxum', /Payload-Oxum says \d+ bytes in 19 files, but the payload has \d+ bytes in 18 files/);
  });

  it('an extra file under data/', async () => {
    const dir = copyBag();
    fs.writeFileSync(path.join(dir, 'data', 'annotations', 'notes.txt'), 'added later');
    await expectProblem(dir, 'extra', /data\/annotations\/notes\.txt is in the payload but not listed in manifest-sha256\.txt/);
  });

  it('an edited Payload-Oxum in bag-info.txt (caught by the oxum and by the tag manifests)', async () => {
    const dir = copyBag();
    const f = path.join(dir, 'bag-info.txt');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/Payload-Oxum: (\d+)\.(\d+)/, (_, b: string, n: string) => `Payload-Oxum: ${Number(b) + 1}.${n}`));
    await expectProblem(dir, 'oxum', /Payload-Oxum says \d+ bytes in 19 files, but the payload has \d+ bytes/);
    await expectProblem(dir, 'checksum', /bag-info\.txt: sha256 checksum does not match tagmanifest-sha256\.txt/);
  });

  it('a corrupted tag manifest', async () => {
    const dir = copyBag();
    const f = path.join(dir, 'tagmanifest-sha256.txt');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^[0-9a-f]{4}/, '0000').concat('not a manifest line\n'));
    await expectProblem(dir, 'checksum', /does not match tagmanifest-sha256\.txt/);
    await expectProblem(dir, 'manifest-format', /tagmanifest-sha256\.txt line 5 is not "<checksum> <path>"/);
  });

  it('a malformed or missing bagit.txt, and no payload manifest', async () => {
    const dir = copyBag();
    fs.writeFileSync(path.join(dir, 'bagit.txt'), 'BagIt-Version: one\nTag-File-Character-Encoding: UTF-8\n');
    await expectProblem(dir, 'bagit-txt', /BagIt-Version "one" is not a version number/);
    fs.writeFileSync(path.join(dir, 'bagit.txt'), '\ufeffBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    await expectProblem(dir, 'bagit-txt', /byte-order mark/);
    fs.rmSync(path.join(dir, 'bagit.txt'));
    fs.rmSync(path.join(dir, 'manifest-sha256.txt'));
    fs.rmSync(path.join(dir, 'manifest-sha512.txt'));
    await expectProblem(dir, 'missing-tag-file', /bagit\.txt is missing/);
    await expectProblem(dir, 'no-manifest', /no payload manifest/);
  });

  it('refuses manifest paths that leave the bag, without reading them', async () => {
    const dir = copyBag();
    fs.appendFileSync(path.join(dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/../../etc/passwd\n${'0'.repeat(64)}  /etc/passwd\n`);
    const problems = await problemsOf(dir);
    expect(problems.filter((p) => p.kind === 'unsafe-path').map((p) => p.path)).toEqual(['data/../../etc/passwd', '/etc/passwd']);
    // Only the paths themselves are reported (and the edited manifest's own tag-manifest checksum).
    expect(problems.filter((p) => p.kind !== 'unsafe-path').map((p) => [p.kind, p.path])).toEqual([
      ['checksum', 'manifest-sha256.txt'],
      ['checksum', 'manifest-sha256.txt'],
    ]);
  });
});

describe('bag validator on a bag made by another tool', () => {
  /** A minimal bag as bagit-python or Bagger would write it: sha512 only, md5 tag manifest, odd names. */
  function thirdPartyBag(): string {
    const dir = path.join(tempDir('bag-other-'), 'bag');
    const files: Record<string, string> = {
      'data/hello world.txt': 'hello\n',
      'data/фото/звіт.csv': 'a,b\n1,2\n',
      'data/cr\rand\nlf %41.txt': 'odd',
    };
    for (const [rel, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), body);
    }
    const enc = (p: string) => p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const h = (alg: string, s: string | Buffer) => createHash(alg).update(s).digest('hex');
    fs.writeFileSync(path.join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n');
    // Upper-case hex and a tab as the separator are both allowed.
    fs.writeFileSync(path.join(dir, 'manifest-sha512.txt'), Object.entries(files).map(([rel, body]) => `${h('sha512', body).toUpperCase()}\t${enc(rel)}\r\n`).join(''));
    const bytes = Object.values(files).reduce((s, b) => s + Buffer.byteLength(b), 0);
    fs.writeFileSync(path.join(dir, 'bag-info.txt'), `Payload-Oxum: ${bytes}.3\r\nBagging-Date: 2024-01-31\r\nExternal-Description: one\r\n  two\r\n`);
    const tags = ['bagit.txt', 'manifest-sha512.txt', 'bag-info.txt'];
    fs.writeFileSync(path.join(dir, 'tagmanifest-md5.txt'), tags.map((t) => `${h('md5', fs.readFileSync(path.join(dir, t)))} ${t}\n`).join(''));
    return dir;
  }

  it('validates it, warning about md5', async () => {
    const r = await validateBag(thirdPartyBag());
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ valid: true, algorithms: ['sha512'], tagAlgorithms: ['md5'], payloadFiles: 3 });
    expect(r.warnings.join('\n')).toMatch(/md5/);
  });

  it('finds a changed file in it', async () => {
    const dir = thirdPartyBag();
    fs.writeFileSync(path.join(dir, 'data', 'фото', 'звіт.csv'), 'a,b\n1,3\n');
    const problems = await problemsOf(dir);
    expect(problems).toEqual([{ kind: 'checksum', path: 'data/фото/звіт.csv', message: expect.stringMatching(/sha512 checksum does not match manifest-sha512\.txt/) }]);
  });
});
