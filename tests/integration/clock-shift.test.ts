// Camera clock correction, end to end through the real core, SQLite file, exiftool-made photos and
// exports read back by ExifTool: the corrected time sorts the grid and feeds the date filter, the
// file's own time is kept, the whole selection's shift is one undo step, shifts compose, and
// "set this photo's true time" moves every selected photo by the same amount.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { PhotoQuery, type PhotoQueryInput } from '../../shared/api';
import { formatClockOffset, parseClockOffset } from '../../electron/catalog/clock';
import { EXIFTOOL_CONFIG_NAME } from '../../electron/catalog/export/exiftool-config';
import { tempDir } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const OPTIONS = { bom: false, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full' as const };

let dir: string;
let session: ArchiveSession;
const id: Record<string, number> = {};

async function photo(folder: string, name: string, tags: string[]): Promise<void> {
  const file = path.join(folder, name);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toFile(file);
  if (tags.length) execFileSync('exiftool', ['-q', '-overwrite_original', ...tags, file]);
}

const search = (q: PhotoQueryInput) => session.api.searchPhotos(PhotoQuery.parse(q));
const order = async () => (await search({ sort: 'taken' })).map((p) => p.fileName);
const onDay = async (day: string) => (await search({ takenFrom: day, takenTo: day })).map((p) => p.fileName).sort();
const camera = async (name: string) => (await session.api.getPhoto({ id: id[name]! })).capture?.raw;

async function exportTo(format: 'csv' | 'xmp', photoIds: number[]): Promise<string> {
  const out = path.join(tempDir('clock-export-'), format === 'csv' ? 'photos.csv' : 'xmp');
  const done = new Promise<void>((resolve, reject) =>
    session.onEvent((e) => {
      if (e.type !== 'export-progress') return;
      if (e.progress.state === 'done') resolve();
      else if (e.progress.state === 'failed') reject(new Error(e.progress.message ?? 'export failed'));
    }),
  );
  await session.api.startExport({ format, out, photoIds, options: OPTIONS });
  await done;
  return out;
}

/** ExifTool's reading of an XMP sidecar, our namespace taught by the config the export writes beside it. */
function exiftool(file: string): Record<string, unknown> {
  const config = path.join(path.dirname(file), EXIFTOOL_CONFIG_NAME);
  return (JSON.parse(execFileSync('exiftool', ['-config', config, '-json', '-G1', file], { encoding: 'utf8' })) as Array<Record<string, unknown>>)[0]!;
}

beforeAll(async () => {
  dir = tempDir();
  const folder = tempDir('clock-');
  // The camera ran 1 h 03 min slow: early.jpg and late.jpg were really taken after the midnight shot.
  await photo(folder, 'early.jpg', ['-DateTimeOriginal=2022:07:01 23:30:00']);
  await photo(folder, 'late.jpg', ['-DateTimeOriginal=2022:07:01 23:40:00', '-SubSecTimeOriginal=25', '-OffsetTimeOriginal=+03:00']);
  await photo(folder, 'midnight.jpg', ['-DateTimeOriginal=2022:07:02 00:40:00']);
  // No capture time at all (sharp writes no EXIF).
  await photo(folder, 'undated.jpg', []);
  session = new ArchiveSession(dir, { host: 'web' });
  await session.api.setSettings({ userName: 'Olena Test' });
  await session.api.startImport({ paths: [folder], mode: 'reference' });
  await session.idle();
  for (const p of await session.api.listPhotos({})) id[p.fileName] = p.id;
  expect(Object.keys(id).sort()).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg', 'undated.jpg']);
});

afterAll(async () => {
  await session?.close();
});

describe('durations', () => {
  it('reads and writes the forms the CLI and the history use', () => {
    expect(parseClockOffset('+01:03:00')).toBe(3780);
    expect(parseClockOffset('-00:30')).toBe(-1800);
    expect(parseClockOffset('+2d 01:00:00')).toBe(2 * 86_400 + 3600);
    expect(parseClockOffset('+1h3m')).toBe(3780);
    expect(parseClockOffset('90s')).toBe(90);
    expect(parseClockOffset('-1d 2h 30m 10s')).toBe(-(86_400 + 2 * 3600 + 1800 + 10));
    expect(() => parseClockOffset('soon')).toThrow(/not a duration/);
    expect(() => parseClockOffset('+01:75')).toThrow(/not a duration/);
    expect(formatClockOffset(3780)).toBe('+1 h 03 min');
    expect(formatClockOffset(-1800)).toBe('-30 min');
    expect(formatClockOffset(86_400 + 3600)).toBe('+1 d 1 h');
    expect(formatClockOffset(3605)).toBe('+1 h 00 min 05 s');
  });
});

describe('clock shift', () => {
  it('previews before -> after and reports photos without a capture time', async () => {
    const plan = await session.api.planClockShift({ photoIds: [id['early.jpg']!, id['late.jpg']!, id['undated.jpg']!], shift: { by: 3780 } });
    expect(plan.label).toBe('Clock corrected by +1 h 03 min on 2 photos');
    expect(plan.changed).toBe(2);
    expect(plan.withoutTimeCount).toBe(1);
    expect(plan.withoutTime).toEqual([{ id: id['undated.jpg'], fileName: 'undated.jpg' }]);
    expect(plan.preview.map((p) => [p.fileName, p.before, p.after])).toEqual([
      ['early.jpg', '2022-07-01T23:30:00', '2022-07-02T00:33:00'],
      ['late.jpg', '2022-07-01T23:40:00.25', '2022-07-02T00:43:00.25'],
    ]);
    // A preview changes nothing.
    expect(await order()).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg', 'undated.jpg']);
  });

  it('refuses, with a reason, a selection with no capture time at all and a zero shift', async () => {
    await expect(session.api.applyClockShift({ photoIds: [id['undated.jpg']!], shift: { by: 60 } })).rejects.toThrow(/has a capture time.*none is invented/);
    await expect(session.api.applyClockShift({ photoIds: [id['early.jpg']!], shift: { by: 0 } })).rejects.toThrow(/zero/);
    expect((await session.api.getPhoto({ id: id['undated.jpg']! })).clock ?? null).toBeNull();
    expect((await session.api.getUndoState({})).canUndo).toBe(false);
  });

  it('shifts a selection: the corrected time sorts and filters, the camera time is kept, one undo step', async () => {
    const applied = await session.api.applyClockShift({ photoIds: [id['early.jpg']!, id['late.jpg']!, id['undated.jpg']!], shift: { by: 3780 } });
    expect(applied.changed).toBe(2);
    expect(await order()).toEqual(['early.jpg', 'midnight.jpg', 'late.jpg', 'undated.jpg']);
    expect(await onDay('2022-07-02')).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg']);
    expect(await onDay('2022-07-01')).toEqual([]);
    // The day facet counts the corrected days too.
    const facets = await session.api.getFacets(PhotoQuery.parse({}));
    expect(JSON.stringify(facets)).not.toContain('2022-07-01');

    const late = await session.api.getPhoto({ id: id['late.jpg']! });
    expect(late.capture).toMatchObject({ raw: '2022:07:01 23:40:00', subSec: '25', offset: '+03:00', utc: '2022-07-01T20:40:00.250Z' });
    expect(late.clock).toMatchObject({ offsetSeconds: 3780, offsetText: '+1 h 03 min', setBy: 'Olena Test', cameraLocal: '2022-07-01T23:40:00.25', local: '2022-07-02T00:43:00.25', utc: '2022-07-01T21:43:00.250Z' });
    // The grid tile shows the corrected time; the file's stays beside it.
    const tile = (await search({})).find((p) => p.fileName === 'late.jpg')!;
    expect(tile).toMatchObject({ takenAt: '2022:07:01 23:40:00', correctedAt: '2022-07-02T00:43:00.25' });
    // The UTC instant and the time-zone derivation follow the correction.
    const tp = await session.api.getTimePlace({ id: id['late.jpg']! });
    expect(tp.utc).toMatchObject({ instant: '2022-07-01T21:43:00.250Z', derivedFrom: 'file-offset', clockOffsetSeconds: 3780 });

    // One step in the undo stack and in the history, readable.
    const undo = await session.api.getUndoState({});
    expect(undo.undoLabel).toBe('Clock corrected by +1 h 03 min on 2 photos');
    const history = await session.api.getHistory({ photoId: id['early.jpg']!, limit: 5 });
    expect(history[0]).toMatchObject({ action: 'photo.clock', description: 'Clock corrected by +1 h 03 min on 2 photos', actor: 'Olena Test' });
    expect(history[0]!.lines).toEqual(['Camera clock correction: none → +1 h 03 min']);
    const sets = new Set((await session.api.getHistory({ photoId: null, limit: 10 })).filter((h) => h.action === 'photo.clock').map((h) => h.changeSet));
    expect(sets.size).toBe(1);
  });

  it('exports carry the corrected time (CSV, and XMP as ExifTool reads it) and keep what the camera said', async () => {
    const csv = fs.readFileSync(await exportTo('csv', [id['late.jpg']!, id['midnight.jpg']!]), 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    const cols = header!.split(',');
    const rec = (name: string) => {
      const r = rows.map((l) => l.split(',')).find((c) => c[cols.indexOf('file_name')] === name)!;
      return (c: string) => r[cols.indexOf(c)];
    };
    expect(rec('late.jpg')('taken_at')).toBe('2022-07-02 00:43:00');
    expect(rec('late.jpg')('taken_at_utc')).toBe('2022-07-01T21:43:00.250Z');
    expect(rec('late.jpg')('camera_taken_at')).toBe('2022-07-01 23:40:00.25');
    expect(rec('late.jpg')('clock_offset_s')).toBe('3780');
    expect(rec('midnight.jpg')('taken_at')).toBe('2022-07-02 00:40:00');
    expect(rec('midnight.jpg')('clock_offset_s')).toBe('');

    const xmpDir = await exportTo('xmp', [id['late.jpg']!, id['midnight.jpg']!]);
    const late = exiftool(path.join(xmpDir, 'late.jpg.xmp'));
    expect(late['XMP-photoshop:DateCreated']).toBe('2022:07:02 00:43:00.25+03:00');
    expect(late['XMP-dma:CameraDateTime']).toBe('2022-07-01T23:40:00.25');
    expect(late['XMP-dma:ClockOffset']).toBe('+01:03:00');
    const midnight = exiftool(path.join(xmpDir, 'midnight.jpg.xmp'));
    expect(midnight['XMP-photoshop:DateCreated']).toBe('2022:07:02 00:40:00');
    expect(midnight['XMP-dma:ClockOffset']).toBeUndefined();
  });

  it('undo restores the whole selection in one step; redo applies it again', async () => {
    expect((await session.api.undo({})).undone).toBe('Clock corrected by +1 h 03 min on 2 photos');
    expect(await order()).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg', 'undated.jpg']);
    expect(await onDay('2022-07-01')).toEqual(['early.jpg', 'late.jpg']);
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock ?? null).toBeNull();
    expect((await session.api.getTimePlace({ id: id['late.jpg']! })).utc?.instant).toBe('2022-07-01T20:40:00.250Z');
    expect(await camera('early.jpg')).toBe('2022:07:01 23:30:00');

    expect((await session.api.redo({})).redone).toBe('Clock corrected by +1 h 03 min on 2 photos');
    expect(await order()).toEqual(['early.jpg', 'midnight.jpg', 'late.jpg', 'undated.jpg']);
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock?.offsetSeconds).toBe(3780);
  });

  it('repeated shifts compose relative to the camera time, and undo steps back one shift at a time', async () => {
    await session.api.applyClockShift({ photoIds: [id['early.jpg']!], shift: { by: -1800 } });
    const early = await session.api.getPhoto({ id: id['early.jpg']! });
    expect(early.clock).toMatchObject({ offsetSeconds: 3780 - 1800, offsetText: '+33 min', local: '2022-07-02T00:03:00' });
    expect(early.capture?.raw).toBe('2022:07:01 23:30:00');
    // Shifting back to zero removes the correction (nothing left to show) and is still one undoable step.
    await session.api.applyClockShift({ photoIds: [id['early.jpg']!], shift: { by: -1980 } });
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock ?? null).toBeNull();
    expect(await onDay('2022-07-01')).toEqual(['early.jpg']);
    await session.api.undo({});
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock?.offsetSeconds).toBe(1980);
    await session.api.undo({});
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock?.offsetSeconds).toBe(3780);
  });

  it('"set this photo\'s true time" moves every selected photo by the same amount, and setting it again does not drift', async () => {
    const ids = [id['early.jpg']!, id['midnight.jpg']!, id['late.jpg']!];
    // early is now corrected to 00:33:00; its true time was 00:35:30: +2 min 30 s for all three.
    const shift = { photoId: id['early.jpg']!, trueTime: '2022-07-02T00:35:30' };
    const plan = await session.api.planClockShift({ photoIds: ids, shift });
    expect(plan.deltaSeconds).toBe(150);
    expect(plan.label).toBe('Clock corrected by +2 min 30 s on 3 photos (early.jpg set to 2022-07-02 00:35:30)');
    await session.api.applyClockShift({ photoIds: ids, shift });
    const offsets = await Promise.all(ids.map(async (i) => (await session.api.getPhoto({ id: i })).clock?.offsetSeconds));
    expect(offsets).toEqual([3780 + 150, 150, 3780 + 150]);
    expect((await session.api.getPhoto({ id: id['early.jpg']! })).clock?.local).toBe('2022-07-02T00:35:30');
    expect((await session.api.getPhoto({ id: id['midnight.jpg']! })).clock?.local).toBe('2022-07-02T00:42:30');
    // The same true time again: a zero shift, refused, nothing moved.
    await expect(session.api.applyClockShift({ photoIds: ids, shift })).rejects.toThrow(/zero/);
    expect((await session.api.getPhoto({ id: id['midnight.jpg']! })).clock?.offsetSeconds).toBe(150);
    // The reference must have a time and be among the selected.
    await expect(session.api.planClockShift({ photoIds: ids, shift: { photoId: id['undated.jpg']!, trueTime: '2022-07-02T00:00' } })).rejects.toThrow(/not among the selected/);
    await expect(
      session.api.planClockShift({ photoIds: [...ids, id['undated.jpg']!], shift: { photoId: id['undated.jpg']!, trueTime: '2022-07-02T00:00' } }),
    ).rejects.toThrow(/undated.jpg has no capture time/);
  });

  it('refuses to correct the clock of a sealed photo, naming it, until it is unsealed', async () => {
    const sealed = id['late.jpg']!;
    await session.api.setReview({ photoIds: [sealed], status: 'sealed' });
    const before = (await session.api.getPhoto({ id: sealed })).clock?.offsetSeconds;
    await expect(session.api.applyClockShift({ photoIds: [id['early.jpg']!, sealed], shift: { by: 60 } })).rejects.toThrow(/late\.jpg.*sealed/);
    expect((await session.api.getPhoto({ id: sealed })).clock?.offsetSeconds).toBe(before);
    await session.api.setReview({ photoIds: [sealed], status: 'reviewed', unsealReason: 'test: clock check' });
  });

  it('the CLI shifts under the writer lock, refuses while the app holds it, and its step is undoable in the app', async () => {
    const args = ['clock-shift', String(id['midnight.jpg']), '--by', '+00:10:00', '--archive', dir, '--json'];
    const refused = await runCli(...args);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toMatch(/in use|open/i);
    await session.close();
    const dry = await runCli(...args, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, changed: 1, label: 'Clock corrected by +10 min on 1 photo' });
    const ok = await runCli(...args);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ dryRun: false, changed: 1, deltaSeconds: 600 });
    const bad = await runCli('clock-shift', String(id['midnight.jpg']), '--by', 'later', '--archive', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a duration/);
    const undated = await runCli('clock-shift', String(id['undated.jpg']), '--by', '+1h', '--archive', dir);
    expect(undated.code).toBe(2);
    expect(undated.stderr).toMatch(/has a capture time/);

    session = new ArchiveSession(dir, { host: 'web' });
    expect((await session.api.getPhoto({ id: id['midnight.jpg']! })).clock?.offsetSeconds).toBe(750);
    expect((await session.api.undo({})).undone).toBe('Clock corrected by +10 min on 1 photo');
    expect((await session.api.getPhoto({ id: id['midnight.jpg']! })).clock?.offsetSeconds).toBe(150);
    // Five CLI processes, each starting tsx: slow on a loaded machine, not a timing assertion.
  }, 300_000);
});
