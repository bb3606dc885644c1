// Issue 10, item 6: bounded inputs. A huge sidecar is refused unread with the size limit as its reason;
// one sidecar creates at most MAX_NEW_TERMS_PER_SIDECAR vocabulary terms and says what it left out; a
// bag's photo names (archive.json fileName) are made safe (no path, no "..", no control characters,
// length-limited with the extension kept), the import reports it, and exporting XMP sidecars then works.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_CHARS } from '../../electron/catalog/bag/safe-name';
import { MAX_NEW_TERMS_PER_SIDECAR, MAX_SIDECAR_BYTES } from '../../electron/catalog/sidecars';
import { ArchiveSession } from '../../electron/service/session';
import { exportBag } from '../helpers/bag-archive';
import { sealBag } from '../helpers/bag-build';
import { CAMERAS, tempDir } from '../helpers/fixtures';

const sessions: ArchiveSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

async function importFolder(photos: string) {
  const session = new ArchiveSession(tempDir('bounded-archive-'), { host: 'web' });
  sessions.push(session);
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  return { session, progress: (await session.idle())! };
}

const xmp = (body: string) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;

describe('bounded sidecars', () => {
  it('refuses a 31 MB sidecar unread, with the size limit as its reason, and imports the photo', async () => {
    const photos = tempDir('bounded-photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'huge.jpg'));
    const head = xmp('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">');
    fs.writeFileSync(path.join(photos, 'huge.jpg.xmp'), head + 'x'.repeat(31 * 1024 * 1024) + '</rdf:li></rdf:Alt></dc:description>' + xmp('').slice(head.length));
    const { session, progress } = await importFolder(photos);
    expect(progress).toMatchObject({ state: 'done', imported: 1 });
    expect(progress.message).toMatch(/1 XMP sidecar could not be used/);
    const [p] = await session.api.listPhotos({});
    const [problem] = (await session.api.getHistory({ photoId: p!.id, limit: 100 })).filter((h) => h.action === 'sidecar.problem');
    expect(problem!.description).toMatch(new RegExp(`more than the ${MAX_SIDECAR_BYTES.toLocaleString('en')} an XMP sidecar may have here \\(not read\\)`));
    expect((await session.api.getAnnotations({ photoId: p!.id })).meta).toEqual({});
  }, 120_000);

  it(`adds at most ${MAX_NEW_TERMS_PER_SIDECAR} vocabulary terms from one sidecar and says what it left out`, async () => {
    const photos = tempDir('bounded-terms-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'many.jpg'));
    const keywords = Array.from({ length: 300 }, (_, i) => `<rdf:li>keyword ${String(i).padStart(3, '0')}</rdf:li>`).join('');
    fs.writeFileSync(path.join(photos, 'many.jpg.xmp'), xmp(`<dc:subject><rdf:Bag>${keywords}</rdf:Bag></dc:subject>`));
    const { session } = await importFolder(photos);
    const terms = await session.api.getVocabulary({});
    const added = terms.filter((t) => t.label.startsWith('keyword '));
    expect(added).toHaveLength(MAX_NEW_TERMS_PER_SIDECAR);
    const [p] = await session.api.listPhotos({});
    expect((await session.api.getAnnotations({ photoId: p!.id })).tagIds).toHaveLength(MAX_NEW_TERMS_PER_SIDECAR);
    const [read] = (await session.api.getHistory({ photoId: p!.id, limit: 500 })).filter((h) => h.action === 'sidecar.read');
    expect(read!.description).toMatch(new RegExp(`only ${MAX_NEW_TERMS_PER_SIDECAR} new vocabulary terms may come from one sidecar; 200 more were left out \\("keyword 100", `));
  }, 120_000);
});

describe('names from a bag', () => {
  it('makes fileName values safe, reports what changed, and exports XMP sidecars under them', async () => {
    const photos = tempDir('bounded-bag-photos-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'one.jpg'));
    fs.copyFileSync(path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(photos, 'two.jpg'));
    const { session: source } = await importFolder(photos);
    const bag = path.join(tempDir('bounded-bag-'), 'names');
    expect((await exportBag(source, bag)).last.state).toBe('done');
    const jsonFile = path.join(bag, 'data', 'annotations', 'archive.json');
    const doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { photos: Array<{ fileName: string }> };
    const long = `../../${'x'.repeat(300)}.jpg`;
    const control = 'bell\u0007 and \u202Eflipped\nname.jpg';
    doc.photos[0]!.fileName = long;
    doc.photos[1]!.fileName = control;
    fs.writeFileSync(jsonFile, JSON.stringify(doc));
    sealBag(bag, { algorithms: ['sha256'], tagAlgorithms: ['sha256'] });

    const target = new ArchiveSession(tempDir('bounded-bag-target-'), { host: 'web' });
    sessions.push(target);
    await target.api.startBagImport({ path: bag });
    const last = (await target.idle())!;
    expect(last.state).toBe('done');
    expect(last.message).toMatch(/2 file names from the bag had to be made safe\./);
    const names = (await target.api.listPhotos({})).map((p) => p.fileName).sort();
    const safeLong = `${'x'.repeat(MAX_FILE_NAME_CHARS - 4)}.jpg`;
    expect(names).toEqual(['bell and flipped name.jpg', safeLong].sort());
    expect(last.bag!.conflicts).toEqual(
      expect.arrayContaining([
        `The file name ${JSON.stringify(long)} in the bag was made safe: ${JSON.stringify(safeLong)}.`,
        `The file name ${JSON.stringify(control)} in the bag was made safe: "bell and flipped name.jpg".`,
      ]),
    );
    // The names work as file names again.
    const out = path.join(tempDir('bounded-xmp-'), 'sidecars');
    await target.api.startExport({ format: 'xmp', out, photoIds: null, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' } });
    await target.exportIdle();
    const written = fs.readdirSync(out, { recursive: true }) as string[];
    expect(written.some((f) => f.startsWith('xxxx'))).toBe(true);
    expect(written.every((f) => !f.includes('..'))).toBe(true);
  }, 180_000);
});
