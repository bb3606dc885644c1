// The full-resolution media kind through the real browser host: browser formats are the original
// bytes, a TIFF (and an EXIF-rotated TIFF) becomes a lossless upright rendition under full/ with
// the original's pixels, a changed original or a symlink planted in full/ is refused, and media
// URLs answer GET and HEAD only.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renditionFiles } from '../../electron/catalog/full-size';
import { resolveMedia } from '../../electron/service/media';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let host: WebHost;
let photosDir: string;
const ids = new Map<string, number>();

beforeAll(async () => {
  const web = tempDir('full-web-');
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>t</title>');
  photosDir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')]);
  const noise = { width: 300, height: 200, channels: 3 as const, background: '#808080', noise: { type: 'gaussian' as const, mean: 128, sigma: 60 } };
  await sharp({ create: noise }).tiff({ compression: 'lzw' }).toFile(path.join(photosDir, 'scan.tif'));
  await sharp({ create: noise }).png().toFile(path.join(photosDir, 'small.png'));
  // Orientation 6: stored landscape, shown portrait.
  await sharp({ create: noise }).withMetadata({ orientation: 6 }).tiff().toFile(path.join(photosDir, 'rotated.tif'));
  host = await startWebHost({ archiveDir: tempDir('full-archive-'), rendererDir: web });
  await host.session.api.startImport({ paths: [photosDir], mode: 'reference' });
  await host.session.idle();
  for (const p of await host.session.api.listPhotos({})) ids.set(p.fileName, p.id);
  expect(ids.size).toBe(4);
});
afterAll(async () => {
  await host?.close();
});

const get = (url: string, method = 'GET') => fetch(`http://127.0.0.1:${host.port}${url}`, { method, headers: { Authorization: `Bearer ${host.token}` } });

describe('full-resolution media', () => {
  it('serves a JPEG original byte for byte, as image/jpeg, by opaque id', async () => {
    const r = await get(`/media/full/${ids.get('Canon_40D.jpg')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await r.arrayBuffer()).equals(fs.readFileSync(path.join(photosDir, 'Canon_40D.jpg')))).toBe(true);
    expect((await get(`/media/full/${ids.get('Canon_40D.jpg')}`, 'HEAD')).status).toBe(200);
  });

  it('renders a TIFF once, losslessly and upright, inside full/', async () => {
    const r = await get(`/media/full/${ids.get('scan.tif')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/webp');
    const served = await sharp(Buffer.from(await r.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const orig = await sharp(path.join(photosDir, 'scan.tif')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([served.info.width, served.info.height]).toEqual([300, 200]);
    expect(served.data.equals(orig.data)).toBe(true); // every pixel as in the original

    const rot = await get(`/media/full/${ids.get('rotated.tif')}`);
    const rotated = await sharp(Buffer.from(await rot.arrayBuffer())).metadata();
    expect([rotated.width, rotated.height]).toEqual([200, 300]);
    const photo = await host.session.api.getPhoto({ id: ids.get('rotated.tif')! });
    expect([photo.width, photo.height]).toEqual([200, 300]);
    expect(fs.existsSync(renditionFiles(host.session.current.dir, photo.sha256!)[0]!)).toBe(true);
  });

  it('refuses a symlink planted in place of a rendition, and an original that has changed', async () => {
    const photo = await host.session.api.getPhoto({ id: ids.get('scan.tif')! });
    const rendition = renditionFiles(host.session.current.dir, photo.sha256!)[0]!;
    const outside = path.join(tempDir('full-outside-'), 'secret.webp');
    fs.writeFileSync(outside, 'secret');
    fs.rmSync(rendition);
    fs.symlinkSync(outside, rendition);
    expect(await resolveMedia(host.session.current, 'full', String(ids.get('scan.tif')))).toBeNull();
    expect((await get(`/media/full/${ids.get('scan.tif')}`)).status).toBe(404);
    fs.rmSync(rendition);

    // Same size, same time, other bytes: the hash check catches what size and time cannot.
    const png = path.join(photosDir, 'small.png');
    const bytes = fs.readFileSync(png);
    const stat = fs.statSync(png);
    const changed = Buffer.from(bytes);
    changed[60] = changed[60]! ^ 0xff;
    fs.writeFileSync(png, changed);
    fs.utimesSync(png, stat.atime, stat.mtime);
    expect((await get(`/media/full/${ids.get('small.png')}`)).status).toBe(404);
    fs.writeFileSync(png, bytes);
    fs.utimesSync(png, stat.atime, stat.mtime);
    const r = await get(`/media/full/${ids.get('small.png')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    // Verified once; a changed size is still refused at once.
    fs.appendFileSync(png, Buffer.from([0]));
    expect((await get(`/media/full/${ids.get('small.png')}`)).status).toBe(404);
    fs.writeFileSync(png, bytes);
  });

  it('answers GET and HEAD only, and nothing but opaque ids', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await get(`/media/full/${ids.get('scan.tif')}`, method)).status, method).toBe(405);
    for (const url of ['/media/full/0', '/media/full/1e3', '/media/full/..%2fcatalog.sqlite', '/media/original/1', `/media/full/${ids.get('scan.tif')}/x`]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });
});
