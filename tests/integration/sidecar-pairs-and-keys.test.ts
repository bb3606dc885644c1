// Two sidecars of one photo (photo.jpg.xmp as digiKam writes it, photo.xmp as Lightroom does): the
// more specific one is read and the other is listed under Import problems, never silently dropped;
// sidecars are not counted as "other files ignored". Vocabulary keys made from labels in any script
// stay readable (NFC, lower case, letters and marks kept).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, tempDir } from '../helpers/fixtures';

const sessions: ArchiveSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});

async function importFolder(folder: string) {
  const s = new ArchiveSession(tempDir(), { host: 'web' });
  sessions.push(s);
  await s.api.startImport({ paths: [folder], mode: 'reference' });
  const progress = await s.idle();
  return { s, progress: progress! };
}

describe('a photo with two sidecars', () => {
  it('reads photo.jpg.xmp, lists photo.xmp under Import problems, and ignores no sidecar silently', async () => {
    const folder = tempDir('pair-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(folder, 'photo.jpg'));
    execFileSync('exiftool', ['-q', '-o', path.join(folder, 'photo.jpg.xmp'), '-XMP-dc:Title=From digiKam']);
    execFileSync('exiftool', ['-q', '-o', path.join(folder, 'photo.xmp'), '-XMP-dc:Title=From Lightroom']);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a photo');
    const { s, progress } = await importFolder(folder);
    const [p] = await s.api.listPhotos({});
    expect((await s.api.getAnnotations({ photoId: p!.id })).meta.title).toBe('From digiKam');
    const problems = await s.api.listProblems({});
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'sidecar', path: path.join(folder, 'photo.xmp'), reason: expect.stringMatching(/photo\.jpg\.xmp beside it was read instead/), photoId: p!.id }),
      expect.objectContaining({ kind: 'other', path: path.join(folder, 'notes.txt') }),
    ]);
    // notes.txt is the only other file; both sidecars are accounted for (read, or listed above).
    expect(progress.message).toMatch(/1 other file not imported[^:]*: notes\.txt/);
    expect(progress.message).toMatch(/1 XMP sidecar could not be used/);
  });
});

describe('vocabulary keys in any script', () => {
  it('keeps Cyrillic, accented Latin and Devanagari letters readable in keys', async () => {
    const s = new ArchiveSession(tempDir(), { host: 'web' });
    sessions.push(s);
    const places = await s.api.addTerm({ kind: 'tag', label: 'Places', parentId: null, colour: null, shortcut: null });
    const keyOf = async (label: string) => (await s.api.addTerm({ kind: 'tag', label, parentId: places.id, colour: null, shortcut: null })).key;
    expect(await keyOf('Україна')).toBe('tag.places.україна');
    expect(await keyOf('Khárkiv Oblast')).toBe('tag.places.khárkiv-oblast');
    // Decomposed input (as macOS file names give it) comes out composed.
    expect(await keyOf('Ки\u0307їв'.normalize('NFD'))).toBe('tag.places.' + 'ки\u0307їв'.normalize('NFC'));
    expect(await keyOf('हिन्दी')).toBe('tag.places.हिन्दी');
  });
});
