// The printable catalogue's file, read as a file: everything from the archive escaped, geometry
// built only from numbers, pictures embedded upright and small enough, one progress step per photo,
// and a cancelled export leaving nothing behind. (tests/e2e/export-html.test.ts opens it in Chromium.)
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress, Term } from '../../shared/api';
import { runExport } from '../../electron/catalog/export';
import { collectExport, type ExportSet } from '../../electron/catalog/export/collect';
import { buildCatalogueHtml, CATALOGUE_CSP, write } from '../../electron/catalog/export/html';
import { EMBED_SIZE } from '../../electron/catalog/export/html-images';
import { escapeHtml, html } from '../../electron/catalog/export/html-template';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, ORIENTATION, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION as CAPTION } from '../helpers/hostile-text';

const NOTE = "Entry hole, \"north\" side,\n2nd floor </td></tr></table><script>alert('note')</script>";
const TITLE = `'><svg onload=alert(5)>`;

let session: ArchiveSession;
let set: ExportSet;
let rotatedId: number;
const options = { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' };

beforeAll(async () => {
  const photos = tempDir('catalogue-photos-');
  fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(photos, 'Landscape_6.jpg'));
  fs.copyFileSync(path.join(ORIENTATION, 'Portrait_8.jpg'), path.join(photos, 'Portrait_8.jpg'));
  for (const f of ['gps__DSCN0010.jpg', 'Canon_40D.jpg']) fs.copyFileSync(path.join(CAMERAS, f), path.join(photos, f));
  session = new ArchiveSession(tempDir(), { host: 'web' });
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  const list = await session.api.listPhotos({});
  rotatedId = list.find((p) => p.fileName === 'Landscape_6.jpg')!.id;
  const terms: Term[] = await session.api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key)!.id;
  await session.api.applyBatch({ photoIds: [rotatedId], addTagIds: [], removeTagIds: [], fields: { caption: CAPTION, title: TITLE } });
  await session.api.createRegion({
    photoId: rotatedId, geometry: { type: 'rect', x: 0.44, y: 0.38, w: 0.13, h: 0.2 }, classId: term('building.residential'), damageIds: [term('damage.gunfire')], severity: 3, confidence: 'certain', note: NOTE,
  });
  await session.api.createRegion({
    photoId: rotatedId, geometry: { type: 'polygon', points: [[0.63, 0.16], [0.84, 0.06], [0.8, 0.96], [0.6, 0.96]] }, classId: term('vehicle.minibus'), damageIds: [], severity: 'na', confidence: 'possible', note: '',
  });
  set = collectExport(session.current, null, () => []);
});
afterAll(() => session?.close());

const noCancel = () => ({ signal: new AbortController().signal, progress: () => undefined });

describe('escaping template', () => {
  it('escapes every interpolated value, in text and attributes, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    const value = `"><script>x</script>`;
    expect(html`<p title="${value}">${value}${[value, 2]}${null}${false}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;&quot;&gt;&lt;script&gt;x&lt;/script&gt;2</p>',
    );
    expect(html`<b>${html`<i>${'<'}</i>`}</b>`.text).toBe('<b><i>&lt;</i></b>');
    expect(() => html`${NaN}`).toThrow(/finite/);
  });
});

describe('HTML catalogue file', () => {
  let text: string;
  beforeAll(async () => {
    text = await buildCatalogueHtml(set, noCancel());
  });

  it('holds no script, no event handler and no other markup from the archive: hostile text only escaped', () => {
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(text).not.toMatch(/<svg[^>]*onload/i);
    expect(text).toContain(escapeHtml(CAPTION));
    expect(text).toContain(escapeHtml(NOTE));
    expect(text.split(escapeHtml(TITLE)).length - 1).toBe(2); // heading and the title field
    // The only tags are ours: every element name in the file is from this list.
    const tags = new Set([...text.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const ours = 'html head meta title style body header h1 h2 h3 p section div table thead tbody tr th td main figure figcaption img svg g rect polygon text dl dt dd span strong br';
    expect([...tags].filter((t) => !ours.split(' ').includes(t))).toEqual([]);
    expect(CATALOGUE_CSP).toMatch(/^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
    expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CATALOGUE_CSP)}">`);
  });

  it('builds region outlines only from numbers, in the embedded picture\'s own pixel space', () => {
    const viewBoxes = [...text.matchAll(/viewBox="([^"]*)"/g)].map((m) => m[1]!);
    expect(viewBoxes).toHaveLength(1);
    expect(viewBoxes[0]).toMatch(/^0 0 \d+ \d+$/);
    const [, , w, h] = viewBoxes[0]!.split(' ').map(Number);
    expect(w! / h!).toBeCloseTo(1800 / 1200, 2); // the upright frame, not the stored 1200x1800
    const points = [...text.matchAll(/<polygon points="([^"]*)"/g)].map((m) => m[1]!);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?( -?\d+(\.\d+)?,-?\d+(\.\d+)?)+$/);
    const rect = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(text)!.slice(1).map(Number);
    expect(rect).toEqual([0.44 * w!, 0.38 * h!, 0.13 * w!, 0.2 * h!].map((v) => Number(v.toFixed(2))));
  });

  it('embeds every picture upright as a JPEG no larger than the print size', async () => {
    const uris = [...text.matchAll(/<img src="data:image\/jpeg;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)"/g)];
    expect(uris).toHaveLength(set.photos.length);
    for (const [, b64, w, h] of uris) {
      const meta = await sharp(Buffer.from(b64!, 'base64')).metadata();
      expect(meta.format).toBe('jpeg');
      // The size attributes are the original's own (upright) pixels, never enlarged on the page;
      // the embedded JPEG has the same shape, at most EMBED_SIZE on its long side.
      expect(Number(w) / Number(h)).toBeCloseTo(meta.width! / meta.height!, 2);
      expect(Number(w)).toBeGreaterThanOrEqual(meta.width!);
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(EMBED_SIZE);
    }
    // The photos in the order of the set, each with its displayed shape (Portrait_8 stays taller than wide).
    const shapes = uris.map(([, , w, h]) => Number(w) > Number(h));
    expect(shapes).toEqual(set.photos.map((p) => p.photo.width! > p.photo.height!));
    // Four previews, a few hundred kB at most: a thousand photos make a file in the hundreds of MB, not GB.
    expect(Buffer.byteLength(text)).toBeLessThan(set.photos.length * 250_000);
  });

  it('writes the same document to a file as it builds in memory, reporting each photo once', async () => {
    const target = path.join(tempDir('catalogue-'), 'c.html');
    const seen: Array<string | null> = [];
    await write(set, target, { options, signal: new AbortController().signal, progress: (f) => seen.push(f) });
    expect(fs.readFileSync(target, 'utf8')).toBe(text);
    expect(seen).toEqual(set.photos.map((p) => p.photo.fileName));
  });

  it('shows a "No preview" box when a derived preview is gone, and still finishes', async () => {
    const broken: ExportSet = { ...set, photos: set.photos.map((p) => (p.photo.id === rotatedId ? { ...p, previewPath: '/nonexistent/preview.webp' } : p)) };
    const t = await buildCatalogueHtml(broken);
    expect(t.match(/data-no-preview/g)).toHaveLength(1);
    expect(t).toContain('<strong>No preview</strong>');
    expect(t).toContain('2 regions listed below could not be drawn.');
    expect(t).toContain(escapeHtml(NOTE)); // the regions are still listed
  });
});

describe('HTML export job', () => {
  it('exports through the runner and, when cancelled after the first photo, leaves nothing', async () => {
    const dir = tempDir('catalogue-cancel-');
    const out = path.join(dir, 'catalogue.html');
    const abort = new AbortController();
    const seen: ExportProgress[] = [];
    const r = await runExport(session.current, {
      format: 'html', out, photoIds: null, options, jobId: 'html-cancel', signal: abort.signal, history: () => [],
      onProgress: (p) => {
        seen.push(p);
        if (p.done === 1) abort.abort();
      },
    });
    expect(r.state).toBe('cancelled');
    expect(seen.some((p) => p.done === 1)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);

    const done = await runExport(session.current, { format: 'html', out, photoIds: [rotatedId], options, jobId: 'html-one', signal: new AbortController().signal, history: () => [] });
    expect(done).toMatchObject({ state: 'done', total: 1, done: 1 });
    expect(fs.readdirSync(dir)).toEqual(['catalogue.html']);
    expect(fs.readFileSync(out, 'utf8')).toContain(escapeHtml(CAPTION));
  });
});
