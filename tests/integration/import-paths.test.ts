// Typed import paths (issue 12, item 3): "~" is the user's home, each path is checked before an
// import starts, and a path that is not a readable file or folder is refused by the core (the API
// and the CLI alike) without leaving anything in the catalogue.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';

let session: ArchiveSession;
let home: string;
const savedHome = process.env.HOME;
const rows = () => session.api.listPhotos({}).then((p) => p.length);
const problems = () => session.api.listProblems({}).then((p) => p.length);

beforeAll(() => {
  home = tempDir('home-');
  process.env.HOME = home;
  const photos = path.join(home, 'Photos');
  fs.mkdirSync(photos);
  copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg'), path.join(CAMERAS, 'Nikon_D70.jpg')], photos);
  fs.writeFileSync(path.join(photos, 'notes.txt'), 'not a photo');
  fs.mkdirSync(path.join(home, 'Empty'));
  execFileSync('mkfifo', [path.join(home, 'pipe.jpg')]);
  session = new ArchiveSession(tempDir(), { host: 'web' });
});
afterAll(async () => {
  process.env.HOME = savedHome;
  await session?.close();
});

describe('checking typed import paths', () => {
  it('expands ~, counts the photos in a folder and says why a path cannot be imported', async () => {
    const checks = await session.api.checkImportPaths({ paths: ['~/Photos', '~', '~/Nowhere', 'Photos', '~/pipe.jpg', '~/Empty', '~/Photos/Canon_40D.jpg', '~/Photos/notes.txt'] });
    expect(checks.map((c) => [c.path, c.ok, c.kind, c.files])).toEqual([
      [path.join(home, 'Photos'), true, 'folder', 2],
      [home, true, 'folder', 2],
      [path.join(home, 'Nowhere'), false, null, null],
      ['Photos', false, null, null],
      [path.join(home, 'pipe.jpg'), false, null, null],
      [path.join(home, 'Empty'), true, 'folder', 0],
      [path.join(home, 'Photos', 'Canon_40D.jpg'), true, 'file', 1],
      [path.join(home, 'Photos', 'notes.txt'), false, null, null],
    ]);
    expect(checks[2]!.reason).toBe('no such file or folder');
    expect(checks[3]!.reason).toMatch(/full path/);
    expect(checks[4]!.reason).toBe('not a file or folder (a named pipe)');
    expect(checks[5]!.reason).toBe('no importable photos in this folder');
  });

  it('refuses an import naming a path that is not there, and catalogues nothing', async () => {
    await expect(session.api.startImport({ paths: ['~/Photos', '~/Nowhere'], mode: 'reference' })).rejects.toThrow(/Nothing was imported.*Nowhere: no such file or folder/);
    await expect(session.api.startImport({ paths: ['~/pipe.jpg'], mode: 'reference' })).rejects.toThrow(/named pipe/);
    await expect(session.api.startImport({ paths: ['relative/folder'], mode: 'reference' })).rejects.toThrow(/full path/);
    expect(await rows()).toBe(0);
    expect(await problems()).toBe(0);
  });

  it('imports "~/Photos" from the home folder', async () => {
    await session.api.startImport({ paths: ['~/Photos'], mode: 'reference' });
    const done = await session.idle();
    expect(done?.imported).toBe(2);
    const listed = await session.api.listPhotos({});
    expect(listed).toHaveLength(2);
    const detail = await session.api.getPhoto({ id: listed[0]!.id });
    expect(path.dirname(detail.sourcePath)).toBe(path.join(home, 'Photos'));
  });
});
