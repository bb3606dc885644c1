// "From file" values read from a photo's embedded XMP are the text exiftool reads (issue 10,
// item 7): exifr hands XMP values over still escaped ("&lt;img…"), and they must be decoded once,
// no more (a literal "&amp;" written by the photographer stays "&amp;").
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, copyFixtures, exiftoolJson, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION } from '../helpers/hostile-text';

const VALUES = {
  'XMP-dc:Title': 'A &amp; B < C',
  'XMP-dc:Description': `<img src=x onerror=alert(1)> & "quoted" 'single' ${HOSTILE_CAPTION}`,
  'XMP-dc:Creator': 'Olena <olena@example.org>',
  'XMP-photoshop:Credit': '<b>Photo</b> & co',
  'XMP-dc:Rights': '© 2022 "Agency" & partners',
  'XMP-dc:Subject': 'damage<blast>',
};

let session: ArchiveSession;
let file: string;

beforeAll(async () => {
  const dir = copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')]);
  file = path.join(dir, 'Canon_40D.jpg');
  execFileSync('exiftool', ['-q', '-overwrite_original', '-IPTC:all=', ...Object.entries(VALUES).map(([t, v]) => `-${t}=${v}`), file]);
  session = new ArchiveSession(tempDir(), { host: 'web' });
  await session.api.startImport({ paths: [dir], mode: 'reference' });
  await session.idle();
});
afterAll(() => session?.close());

describe('"from file" XMP values', () => {
  it('are shown as exiftool reads them: decoded once, never left as &lt;…', async () => {
    const [ref] = exiftoolJson([file], ['XMP-dc:Title', 'XMP-dc:Description', 'XMP-dc:Creator', 'XMP-photoshop:Credit', 'XMP-dc:Rights', 'XMP-dc:Subject']);
    expect(ref!.Description).toBe(VALUES['XMP-dc:Description']); // the reference itself reads the text we wrote
    const [tile] = await session.api.listPhotos({});
    const { fromFile } = await session.api.getPhoto({ id: tile!.id });
    expect(fromFile).toMatchObject({
      title: ref!.Title,
      caption: ref!.Description,
      creator: ref!.Creator,
      credit: ref!.Credit,
      copyright: ref!.Rights,
      keywords: [ref!.Subject],
    });
    expect(fromFile.title).toBe('A &amp; B < C');
  });
});
