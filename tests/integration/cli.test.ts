// The command line through its real entry point: what scripts rely on (JSON shape, exit codes).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';

const run = runCli;

describe('npm run archive', () => {
  it('imports, lists as JSON, verifies, and reports changes with exit code 4', async () => {
    const archive = tempDir();
    const photos = copyFixtures([path.join(CAMERAS, 'gps__DSCN0010.jpg'), path.join(CAMERAS, 'Canon_40D.jpg')]);
    fs.writeFileSync(path.join(photos, 'broken.jpg'), 'not a jpeg');

    const imported = await run('import', photos, '--archive', archive);
    expect(imported.code).toBe(3); // finished, but one file could not be imported
    expect(imported.stdout).toMatch(/2 imported, 1 could not be imported/);
    expect(imported.stdout).toMatch(/broken\.jpg: not an image: the contents are plain text, though the name ends in \.jpg/);

    const listed = await run('list', '--archive', archive, '--json');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const gps = rows.find((r) => r.path === path.join(photos, 'gps__DSCN0010.jpg'))!;
    expect(gps).toMatchObject({ width: 640, height: 480, takenAt: '2008:10:22 16:28:39', make: 'NIKON', model: 'COOLPIX P6000', status: 'ok', error: null });
    expect(gps.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(gps.lat as number).toBeCloseTo(43.467448, 5);
    expect(gps.lon as number).toBeCloseTo(11.885127, 5);
    for (const key of ['id', 'path', 'sha256', 'width', 'height', 'takenAt', 'make', 'model', 'lat', 'lon', 'status', 'error']) {
      for (const r of rows) expect(r).toHaveProperty(key);
    }
    expect(rows.find((r) => r.status === 'error')?.error).toMatch(/^not an image: the contents are plain text, though the name ends in \.jpg$/);

    expect((await run('verify', '--archive', archive)).code).toBe(0);
    fs.appendFileSync(path.join(photos, 'Canon_40D.jpg'), 'x');
    fs.rmSync(path.join(photos, 'gps__DSCN0010.jpg'));
    const verified = await run('verify', '--archive', archive);
    expect(verified.code).toBe(4);
    expect(verified.stderr).toMatch(/CHANGED: .*Canon_40D\.jpg/);
    expect(verified.stderr).toMatch(/MISSING: .*gps__DSCN0010\.jpg/);
  });

  it('shows a photo with its tags, regions and descriptive metadata', async () => {
    const archive = tempDir();
    const photos = copyFixtures([path.join(CAMERAS, 'gps__DSCN0010.jpg')]);
    const session = new ArchiveSession(archive, { host: 'web' });
    try {
      await session.api.startImport({ paths: [photos], mode: 'reference' });
      await session.idle();
      const [photo] = await session.api.listPhotos({});
      const terms = await session.api.getVocabulary({});
      const id = (key: string) => terms.find((t) => t.key === key)!.id;
      await session.api.createRegion({
        photoId: photo!.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.5, h: 0.4 }, classId: id('building.residential'),
        damageIds: [id('damage.gunfire')], severity: 3, confidence: 'certain', note: 'pock-marked façade',
      });
      await session.api.applyBatch({ photoIds: [photo!.id], addTagIds: [id('damage.fire')], removeTagIds: [], fields: { caption: 'Block 4, "east" side' } });
    } finally {
      await session.close();
    }
    const shown = await run('show', '1', '--archive', archive, '--json');
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      id: 1,
      make: 'NIKON',
      tags: [{ key: 'damage.fire', kind: 'damage' }],
      metadata: { caption: 'Block 4, "east" side' },
      regions: [
        {
          geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.5, h: 0.4 },
          class: { key: 'building.residential' },
          damage: [{ key: 'damage.gunfire' }],
          severity: 3,
          confidence: 'certain',
          note: 'pock-marked façade',
        },
      ],
    });
    expect((await run('show', '99', '--archive', archive)).code).toBe(5);
  });

  it('exits 2 with usage on bad arguments', async () => {
    const r = await run('list');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--archive <dir> is required/);
    expect((await run('frobnicate', '--archive', tempDir())).code).toBe(2);
    expect((await run('import', '--archive', tempDir())).code).toBe(2);
  });
});
