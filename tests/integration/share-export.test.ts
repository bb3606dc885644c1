// The share profile and redacted copies, as a reviewer would try them: a share bag of 2 photos from a
// 20-photo archive (albums, saved searches, sidecar keywords, a relink, edits by the OS account)
// must carry nothing about the researcher or the other 18 photos and still be a valid bag; a shared
// copy hides its redacted region and nothing else, carries no GPS when GPS was removed, and names
// its original by hash.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQuery, type ExportOptions, type ExportProgress } from '../../shared/api';
import { UNNAMED_ACTOR } from '../../electron/catalog/custody/record';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, exiftoolJson, FIXTURES, ORIENTATION, sha256File, tempDir } from '../helpers/fixtures';

const ORACLE = path.join(FIXTURES, '..', 'oracles', 'bagit-validate');
const account = os.userInfo().username;

function sidecar(keywords: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${k}</rdf:li>`).join('')}</rdf:Bag></dc:subject>
 </rdf:Description></rdf:RDF></x:xmpmeta>`;
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function exportVia(session: ArchiveSession, format: ExportOptions extends never ? never : 'bagit' | 'images' | 'csv' | 'html', out: string, photoIds: number[], options: Partial<ExportOptions> = {}): Promise<ExportProgress> {
  let last: ExportProgress | null = null;
  const stop = session.onEvent((e) => {
    if (e.type === 'export-progress') last = e.progress;
  });
  await session.api.startExport({ format, out, photoIds, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', ...options } });
  await session.exportIdle();
  stop();
  return last!;
}

describe('share exports', () => {
  let src: string;
  let dir: string;
  let session: ArchiveSession;
  let mine: number[];
  let others: Array<{ id: number; fileName: string; sha256: string }>;
  const OTHER_WORDS = ['SecretOtherKeyword', 'OtherOnlyTag', 'Zzyzx hideout', 'Album of others', 'Zzyzx'];

  beforeAll(async () => {
    src = tempDir('share-src-');
    const otherDir = path.join(src, 'field', 'others');
    const mineDir = path.join(src, 'field', 'mine');
    fs.mkdirSync(otherDir, { recursive: true });
    fs.mkdirSync(mineDir, { recursive: true });
    const cams = fs.readdirSync(CAMERAS).filter((f) => /\.jpg$/i.test(f) && !f.startsWith('gps__')).sort().slice(0, 18);
    for (const f of cams) fs.copyFileSync(path.join(CAMERAS, f), path.join(otherDir, f));
    fs.writeFileSync(path.join(otherDir, `${cams[0]}.xmp`), sidecar(['SecretOtherKeyword']));
    fs.copyFileSync(path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(mineDir, 'street.jpg'));
    fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(mineDir, 'rotated.jpg'));
    fs.writeFileSync(path.join(mineDir, 'street.jpg.xmp'), sidecar(['SharedKeyword']));

    dir = tempDir('share-archive-');
    session = new ArchiveSession(dir, { host: 'web' });
    const api = session.api;
    await api.startImport({ paths: [path.join(src, 'field')], mode: 'reference' });
    await session.idle();
    const photos = await api.listPhotos({});
    expect(photos).toHaveLength(20);
    const details = await Promise.all(photos.map((p) => api.getPhoto({ id: p.id })));
    mine = details.filter((d) => d.sourcePath.startsWith(mineDir)).map((d) => d.id);
    others = details.filter((d) => !d.sourcePath.startsWith(mineDir)).map((d) => ({ id: d.id, fileName: d.fileName, sha256: d.sha256! }));
    expect(mine).toHaveLength(2);

    // Edits by whoever runs the app with no name given in Settings: the history says "unnamed user", never the OS account.
    const vocab = await api.getVocabulary({});
    const fire = vocab.find((t) => t.key === 'damage.fire')!;
    const residential = vocab.find((t) => t.key === 'building.residential')!;
    const otherTag = await api.addTerm({ kind: 'tag', label: 'OtherOnlyTag', parentId: null, colour: null, shortcut: null });
    await api.applyBatch({ photoIds: [others[0]!.id, others[1]!.id], addTagIds: [otherTag.id], removeTagIds: [], fields: { caption: 'Zzyzx hideout' } });
    await api.applyBatch({ photoIds: mine, addTagIds: [fire.id], removeTagIds: [], fields: { city: 'Mariupol' } });
    await api.createRegion({ photoId: mine[0]!, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, classId: residential.id, damageIds: [fire.id], severity: 3, confidence: 'certain', note: 'entrance' });
    await api.createCollection({ name: 'Album of others', kind: 'album', query: null, photoIds: others.slice(0, 5).map((o) => o.id) });
    await api.createCollection({ name: 'Mixed album', kind: 'album', query: null, photoIds: [mine[0]!, ...others.slice(5, 9).map((o) => o.id)] });
    await api.createCollection({ name: 'Zzyzx search', kind: 'search', query: PhotoQuery.parse({ text: 'Zzyzx' }), photoIds: [] });
    await api.createCollection({ name: 'Mariupol search', kind: 'search', query: PhotoQuery.parse({ text: 'Mariupol' }), photoIds: [] });

    // The researcher moves the folder; the archive relinks it (recording both absolute paths).
    const moved = path.join(src, 'moved-mine');
    fs.renameSync(mineDir, moved);
    await api.checkOriginals({});
    const relinked = await api.relinkFolder({ folder: moved });
    expect(relinked.relinked).toHaveLength(2);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('a share bag of 2 of 20 photos carries no path, account name or trace of the other 18, and is a valid bag', async () => {
    const bag = path.join(tempDir('share-out-'), 'share-bag');
    const done = await exportVia(session, 'bagit', bag, mine); // no profile given: share is the default
    expect(done.state, done.message ?? '').toBe('done');

    const text = allFiles(bag).map((f) => ({ f: path.relative(bag, f), s: fs.readFileSync(f).toString('latin1') + fs.readFileSync(f, 'utf8') }));
    const find = (needle: string | RegExp) => text.filter((t) => (typeof needle === 'string' ? t.s.includes(needle) : needle.test(t.s))).map((t) => t.f);
    expect(find(src)).toEqual([]);
    expect(find(dir)).toEqual([]);
    expect(find(os.tmpdir() + '/')).toEqual([]);
    expect(find(os.homedir())).toEqual([]);
    expect(find(new RegExp(`\\b${account.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`))).toEqual([]);
    for (const o of others) {
      expect(find(o.sha256), o.fileName).toEqual([]);
      expect(find(o.fileName), o.fileName).toEqual([]);
    }
    for (const w of OTHER_WORDS) expect(find(w), w).toEqual([]);

    const doc = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'annotations', 'archive.json'), 'utf8'));
    expect(doc.profile).toBe('share');
    // Only the terms the two photos use, with their parents.
    expect(doc.vocabulary.map((t: { key: string }) => t.key).sort()).toEqual(['building', 'building.residential', 'damage.fire', 'tag.sharedkeyword'].filter((k) => doc.vocabulary.some((t: { key: string }) => t.key === k)).sort());
    expect(doc.vocabulary.length).toBeLessThanOrEqual(5);
    expect(doc.vocabulary.some((t: { label: string }) => t.label === 'SharedKeyword')).toBe(true);
    expect(doc.collections.map((c: { name: string }) => c.name).sort()).toEqual(['Mariupol search', 'Mixed album']);
    expect(doc.collections.find((c: { name: string }) => c.name === 'Mixed album').photos).toHaveLength(1);
    // Global history: only the vocabulary entries about terms these photos use.
    expect(doc.history.map((h: { description: string }) => h.description)).toEqual(['Add tag term "SharedKeyword" (from a sidecar)']);
    const actors = new Set(doc.photos.flatMap((p: { history: Array<{ actor: string }> }) => p.history.map((h) => h.actor)));
    expect([...actors].sort()).toEqual(['Annotator 1', 'sidecar import']);
    const paths = doc.photos.map((p: { photo: { sourcePath: string } }) => p.photo.sourcePath).sort();
    expect(paths).toEqual(['moved-mine/rotated.jpg', 'moved-mine/street.jpg'].map((p) => path.basename(p)).sort());
    const relink = doc.photos.flatMap((p: { history: Array<{ action: string; newValue: unknown; oldValue: unknown }> }) => p.history.filter((h) => /relink/.test(h.action)));
    expect(relink.length).toBeGreaterThan(0);

    const cli = await runCli('verify-bag', bag);
    expect(cli.code, cli.stderr).toBe(0);
    execFileSync(ORACLE, ['--validate', bag], { stdio: 'pipe' });
  }, 120_000);

  it('the command line exports share unless --profile full, and refuses a bad profile', async () => {
    const out = tempDir('share-cli-');
    const share = await runCli('export', 'csv', '--archive', dir, '--out', path.join(out, 'share.csv'), '--ids', mine.join(','), '--pseudonyms', '--remove', 'gps,serials');
    expect(share.code, share.stderr).toBe(0);
    const text = fs.readFileSync(path.join(out, 'share.csv'), 'utf8');
    expect(text).not.toContain(src);
    expect(text).not.toMatch(new RegExp(`\\b${account}\\b`));
    const full = await runCli('export', 'csv', '--archive', dir, '--out', path.join(out, 'full.csv'), '--ids', mine.join(','), '--profile', 'full');
    expect(full.code, full.stderr).toBe(0);
    // The full record names who drew the region as the history does: here the unnamed placeholder.
    expect(fs.readFileSync(path.join(out, 'full.csv'), 'utf8')).toContain(UNNAMED_ACTOR);
    expect(text).toContain('Annotator 1');
    const bad = await runCli('export', 'csv', '--archive', dir, '--out', path.join(out, 'bad.csv'), '--profile', 'public');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--profile is full or share');
    const badRemove = await runCli('export', 'csv', '--archive', dir, '--out', path.join(out, 'bad2.csv'), '--remove', 'gps,face');
    expect(badRemove.code).toBe(2);
    expect(fs.existsSync(path.join(out, 'bad.csv')) || fs.existsSync(path.join(out, 'bad2.csv'))).toBe(false);
  }, 120_000);

  it('the full profile still carries the whole record, and the dialog preview says what share leaves out', async () => {
    const left = await session.api.previewExport({ photoIds: mine, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', share: { actors: 'pseudonyms', remove: ['gps'], redaction: 'blur' } } });
    expect(left.profile).toBe('share');
    expect(left.items.join('\n')).toMatch(/vocabulary terms? not used/);
    expect(left.items.join('\n')).toMatch(/history entr(y|ies) about other photos/);
    expect(left.items.join('\n')).toMatch(/GPS positions of 1 photo/);
    expect(left.actors).toContainEqual({ actor: UNNAMED_ACTOR, as: 'Annotator 1' });
    expect(left.copies).toBe(1);

    const bag = path.join(tempDir('full-out-'), 'full-bag');
    const done = await exportVia(session, 'bagit', bag, mine, { profile: 'full' });
    expect(done.state, done.message ?? '').toBe('done');
    const doc = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'annotations', 'archive.json'), 'utf8'));
    expect(doc.profile).toBe('full');
    expect(doc.vocabulary.length).toBeGreaterThan(20);
    expect(doc.photos[0].photo.sourcePath.startsWith(src)).toBe(true);
  }, 120_000);

  it('a redacted copy hides the region (black or blurred), leaves the rest, drops GPS and names its original', async () => {
    const api = session.api;
    const [street, rotated] = mine as [number, number];
    const box = { x: 0.5, y: 0.25, w: 0.3, h: 0.4 };
    await api.createRegion({ photoId: rotated, geometry: { type: 'rect', ...box }, classId: null, damageIds: [], severity: null, confidence: null, note: '', redact: 'face' });
    await api.createRegion({ photoId: street, geometry: { type: 'rect', ...box }, classId: null, damageIds: [], severity: null, confidence: null, note: '', redact: 'plate' });
    const streetSha = (await api.getPhoto({ id: street })).sha256!;
    const rotatedDetail = await api.getPhoto({ id: rotated });

    for (const method of ['black', 'blur'] as const) {
      const out = path.join(tempDir('images-out-'), `images-${method}`);
      const done = await exportVia(session, 'images', out, mine, { share: { actors: 'names', remove: ['gps'], redaction: method } });
      expect(done.state, done.message ?? '').toBe('done');
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'images.json'), 'utf8'));
      for (const [id, detail] of [[rotated, rotatedDetail], [street, await api.getPhoto({ id: street })]] as const) {
        const rec = manifest.images.find((i: { originalSha256: string }) => i.originalSha256 === detail.sha256);
        expect(rec, String(id)).toBeTruthy();
        const copy = path.join(out, rec.fileName);
        expect(sha256File(copy)).toBe(rec.sha256);
        expect(rec.redacted).toHaveLength(1);
        // The original, upright, against the copy: sizes equal (the copy is upright too).
        const orig = await sharp(path.join(src, 'moved-mine', detail.fileName)).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
        const cp = await sharp(copy).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        expect([cp.info.width, cp.info.height]).toEqual([orig.info.width, orig.info.height]);
        expect([cp.info.width, cp.info.height]).toEqual([detail.width, detail.height]);
        const W = cp.info.width;
        const H = cp.info.height;
        const x0 = Math.floor(box.x * W), x1 = Math.ceil((box.x + box.w) * W), y0 = Math.floor(box.y * H), y1 = Math.ceil((box.y + box.h) * H);
        let inDiff = 0, inN = 0, inMax = 0, outDiff = 0, outN = 0, inGrad = 0, origGrad = 0;
        const px = (b: Buffer, x: number, y: number, c: number) => b[(y * W + x) * 3 + c]!;
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const inside = x >= x0 + 2 && x < x1 - 2 && y >= y0 + 2 && y < y1 - 2;
            const near = x >= x0 - 10 && x < x1 + 10 && y >= y0 - 10 && y < y1 + 10;
            for (let c = 0; c < 3; c++) {
              const d = Math.abs(px(cp.data, x, y, c) - px(orig.data, x, y, c));
              if (inside) {
                inDiff += d; inN++;
                inMax = Math.max(inMax, px(cp.data, x, y, c));
                if (x + 1 < x1 - 2) {
                  inGrad += Math.abs(px(cp.data, x + 1, y, c) - px(cp.data, x, y, c));
                  origGrad += Math.abs(px(orig.data, x + 1, y, c) - px(orig.data, x, y, c));
                }
              } else if (!near) {
                outDiff += d; outN++;
              }
            }
          }
        }
        expect(inDiff / inN, 'inside the region the pixels change').toBeGreaterThan(10);
        expect(outDiff / outN, 'outside the region only JPEG re-encoding noise').toBeLessThan(3);
        if (method === 'black') expect(inMax, 'a black box').toBeLessThanOrEqual(24);
        else expect(inGrad, 'a blur: far smoother than the original there').toBeLessThan(origGrad / 4);
        const [tags] = exiftoolJson([copy], ['GPSLatitude', 'GPSLongitude', 'Orientation', 'ImageDescription', 'SerialNumber']);
        expect(tags!.GPSLatitude).toBeUndefined();
        expect(tags!.GPSLongitude).toBeUndefined();
        expect(tags!.Orientation === undefined || tags!.Orientation === 1).toBe(true);
        expect(String(tags!.ImageDescription)).toContain(detail.sha256);
      }
    }
    // The history of the photo records the copy with both hashes and the region hidden.
    const h = await api.getHistory({ photoId: street, limit: 100 });
    const made = h.filter((e) => e.action === 'export.shared-copy');
    expect(made.length).toBe(2);
    expect(made[0]!.newValue).toMatchObject({ originalSha256: streetSha, redacted: [{ kind: 'plate' }] });
    expect(made[0]!.description).toContain(streetSha);
    // The original is untouched.
    expect(sha256File(path.join(src, 'moved-mine', 'street.jpg'))).toBe(streetSha);

    // In a share bag the copy stands in for the original and says which original it came from.
    const bag = path.join(tempDir('share-redact-'), 'bag');
    const done = await exportVia(session, 'bagit', bag, [street], { share: { actors: 'names', remove: ['gps'], redaction: 'black' } });
    expect(done.state, done.message ?? '').toBe('done');
    expect(fs.existsSync(path.join(bag, 'data', 'originals', 'street.jpg'))).toBe(false);
    const doc = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'annotations', 'archive.json'), 'utf8'));
    expect(doc.photos[0].sharedCopy).toMatchObject({ originalSha256: streetSha, method: 'black' });
    expect(doc.photos[0].payloadPath).toBe('data/shared/street.jpg');
    expect(sha256File(path.join(bag, doc.photos[0].payloadPath))).toBe(doc.photos[0].sha256);
    expect(JSON.stringify(doc)).not.toMatch(/"lat"|"gps":\{/);
    execFileSync(ORACLE, ['--validate', bag], { stdio: 'pipe' });
    // Another archive imports the share bag: the copy becomes its photo, with the regions.
    const other = tempDir('share-import-');
    const imported = await runCli('import-bag', bag, '--archive', other, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const listed = JSON.parse((await runCli('list', '--archive', other, '--json')).stdout) as Array<{ sha256: string }>;
    expect(listed.map((p) => p.sha256)).toEqual([doc.photos[0].sha256]);

    // The catalogue's picture is redacted too, and says which original it came from.
    const page = path.join(tempDir('share-html-'), 'catalogue.html');
    const html = await exportVia(session, 'html', page, [street], { share: { actors: 'names', remove: [], redaction: 'black' } });
    expect(html.state, html.message ?? '').toBe('done');
    const text = fs.readFileSync(page, 'utf8');
    expect(text).toContain(`original SHA-256 ${streetSha}`);
    const embedded = Buffer.from(/src="data:image\/jpeg;base64,([^"]+)"/.exec(text)![1]!, 'base64');
    const pic = await sharp(embedded).raw().toBuffer({ resolveWithObject: true });
    const cx = Math.floor((box.x + box.w / 2) * pic.info.width);
    const cy = Math.floor((box.y + box.h / 2) * pic.info.height);
    const at = (cx + cy * pic.info.width) * pic.info.channels;
    expect(Math.max(pic.data[at]!, pic.data[at + 1]!, pic.data[at + 2]!)).toBeLessThanOrEqual(24);
    const after = (await api.getHistory({ photoId: street, limit: 100 })).filter((e) => e.action === 'export.shared-copy');
    expect(after).toHaveLength(4); // two images exports, the bag, the catalogue
  }, 180_000);
});
