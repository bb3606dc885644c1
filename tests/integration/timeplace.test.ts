// Time and place checks: the UTC instant derived from the position's time zone when the file states
// no offset, and the sun's azimuth and elevation, against figures computed here independently (the
// NOAA solar-position equations, not the library the app uses; offsets from known zone rules).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchema } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { tempDir } from '../helpers/fixtures';

/** NOAA's solar position (Spencer/NOAA general solar position equations), degrees. */
function noaaSun(utc: Date, lat: number, lon: number): { azimuth: number; elevation: number } {
  const rad = Math.PI / 180;
  const start = Date.UTC(utc.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((utc.getTime() - start) / 86_400_000) + 1;
  const hour = utc.getUTCHours() + utc.getUTCMinutes() / 60 + utc.getUTCSeconds() / 3600;
  const g = ((2 * Math.PI) / 365) * (dayOfYear - 1 + (hour - 12) / 24);
  const eqtime = 229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g) - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 - 0.399912 * Math.cos(g) + 0.070257 * Math.sin(g) - 0.006758 * Math.cos(2 * g) + 0.000907 * Math.sin(2 * g) - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
  const trueSolarMinutes = hour * 60 + eqtime + 4 * lon;
  const ha = (trueSolarMinutes / 4 - 180) * rad;
  const cosZenith = Math.sin(lat * rad) * Math.sin(decl) + Math.cos(lat * rad) * Math.cos(decl) * Math.cos(ha);
  const zenith = Math.acos(Math.min(1, Math.max(-1, cosZenith)));
  const elevation = 90 - zenith / rad;
  let azimuth = Math.acos((Math.sin(lat * rad) * Math.cos(zenith) - Math.sin(decl)) / (Math.cos(lat * rad) * Math.sin(zenith))) / rad;
  azimuth = ha > 0 ? (azimuth + 180) % 360 : (540 - azimuth) % 360;
  return { azimuth, elevation };
}

/** Angular difference on a circle, degrees. */
const circular = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

let dir: string;
let session: ArchiveSession;
const ids: Record<string, number> = {};

async function photo(folder: string, name: string, tags: string[]): Promise<void> {
  const file = path.join(folder, name);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#777' } }).jpeg().toFile(file);
  execFileSync('exiftool', ['-q', '-overwrite_original', ...tags, file]);
}

beforeAll(async () => {
  dir = tempDir();
  const folder = tempDir('timeplace-');
  // Kyiv in summer (EEST, +03:00), local time only.
  await photo(folder, 'kyiv.jpg', ['-DateTimeOriginal=2022:07:01 12:00:00', '-GPSLatitude=50.4501', '-GPSLatitudeRef=N', '-GPSLongitude=30.5234', '-GPSLongitudeRef=E']);
  // Kharkiv in winter (EET, +02:00), local time only.
  await photo(folder, 'kharkiv.jpg', ['-DateTimeOriginal=2022:12:15 09:30:00', '-GPSLatitude=49.9935', '-GPSLatitudeRef=N', '-GPSLongitude=36.2304', '-GPSLongitudeRef=E']);
  // The file states its offset: that wins over the zone.
  await photo(folder, 'offset.jpg', ['-DateTimeOriginal=2022:07:01 12:00:00', '-OffsetTimeOriginal=+05:00', '-GPSLatitude=50.4501', '-GPSLatitudeRef=N', '-GPSLongitude=30.5234', '-GPSLongitudeRef=E']);
  // No position at all.
  await photo(folder, 'nowhere.jpg', ['-DateTimeOriginal=2022:07:01 12:00:00']);
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.startImport({ paths: [folder], mode: 'reference' });
  await session.idle();
  for (const p of await session.api.listPhotos({})) ids[p.fileName] = p.id;
});

afterAll(async () => {
  await session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('time and place checks', () => {
  it('derives UTC from the time zone at the GPS position when the file states no offset, and says so', async () => {
    const kyiv = await session.api.getTimePlace({ id: ids['kyiv.jpg']! });
    expect(kyiv.zone).toBe('Europe/Kyiv');
    expect(kyiv.utc).toEqual({ instant: '2022-07-01T09:00:00.000Z', derivedFrom: 'position-time-zone', offset: '+03:00', zone: 'Europe/Kyiv' });
    const kharkiv = await session.api.getTimePlace({ id: ids['kharkiv.jpg']! });
    expect(kharkiv.utc?.instant).toBe('2022-12-15T07:30:00.000Z');
    expect(kharkiv.utc?.offset).toBe('+02:00');
  });

  it("keeps the file's own offset when it states one", async () => {
    const t = await session.api.getTimePlace({ id: ids['offset.jpg']! });
    expect(t.utc?.derivedFrom).toBe('file-offset');
    expect(Date.parse(t.utc!.instant)).toBe(Date.parse('2022-07-01T07:00:00Z'));
  });

  it("gives the sun's azimuth and elevation equal to the NOAA equations within 0.5 degrees", async () => {
    for (const [name, lat, lon] of [
      ['kyiv.jpg', 50.4501, 30.5234],
      ['kharkiv.jpg', 49.9935, 36.2304],
      ['offset.jpg', 50.4501, 30.5234],
    ] as const) {
      const t = await session.api.getTimePlace({ id: ids[name]! });
      const expected = noaaSun(new Date(t.utc!.instant), lat, lon);
      expect(t.sun, name).not.toBeNull();
      expect(circular(t.sun!.azimuth, expected.azimuth), `${name} azimuth ${t.sun!.azimuth} vs ${expected.azimuth}`).toBeLessThan(0.5);
      expect(Math.abs(t.sun!.elevation - expected.elevation), `${name} elevation ${t.sun!.elevation} vs ${expected.elevation}`).toBeLessThan(0.5);
      expect(t.sun!.positionSource).toBe('file');
    }
  });

  it("uses the user's position over the file's, and says nothing it cannot derive", async () => {
    await session.api.applyBatch(apiSchema.applyBatch.input.parse({ photoIds: [ids['nowhere.jpg']!], fields: { lat: '46.4825', lon: '30.7233' } })); // Odesa
    const t = await session.api.getTimePlace({ id: ids['nowhere.jpg']! });
    expect(t.position).toEqual({ lat: 46.4825, lon: 30.7233, source: 'user' });
    expect(t.utc?.instant).toBe('2022-07-01T09:00:00.000Z');
    expect(t.sun?.positionSource).toBe('user');
    await session.api.undo({});
    const none = await session.api.getTimePlace({ id: ids['nowhere.jpg']! });
    expect(none).toEqual({ position: null, zone: null, utc: null, sun: null });
  });
});
