// Keywords as other tools write and read them: lr:hierarchicalSubject leaves are labels (the same
// words as dc:subject, as Lightroom and digiKam write them, read here by ExifTool); a Lightroom-style
// label path maps back onto the vocabulary; a tag label containing "|" survives our own round trip;
// the CSV tags cell keeps a tag containing ";" as one item, read with Python's csv module.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, tempDir } from '../helpers/fixtures';

const PIPE_TAG = 'Shelter | basement';
const SEMICOLON_TAG = 'Kharkiv; centre \\ north';
const OPTIONS = { bom: false, sourceOrganization: '', contactName: '', externalDescription: '' };

let session: ArchiveSession;
let photoId: number;
let terms: Term[];
let xmpOut: string;
let csvOut: string;
const sessions: ArchiveSession[] = [];

async function open(dir = tempDir()) {
  const s = new ArchiveSession(dir, { host: 'web' });
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  const photos = tempDir('photos-');
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'strike.jpg'));
  session = await open();
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  photoId = (await session.api.listPhotos({}))[0]!.id;
  terms = await session.api.getVocabulary({});
  const key = (k: string) => terms.find((t) => t.key === k)!;
  const pipe = await session.api.addTerm({ kind: 'tag', label: PIPE_TAG, parentId: null, colour: null, shortcut: null });
  const semi = await session.api.addTerm({ kind: 'tag', label: SEMICOLON_TAG, parentId: null, colour: null, shortcut: null });
  await session.api.applyBatch({ photoIds: [photoId], addTagIds: [pipe.id, semi.id], removeTagIds: [], fields: {} });
  await session.api.createRegion({
    photoId, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, classId: key('building.government').id, damageIds: [key('damage.fire').id],
    severity: 3, confidence: 'certain', note: '',
  });
  xmpOut = path.join(tempDir('xmp-'), 'x');
  await session.api.startExport({ format: 'xmp', out: xmpOut, photoIds: null, options: OPTIONS });
  await session.exportIdle();
  csvOut = path.join(tempDir('csv-'), 'photos.csv');
  await session.api.startExport({ format: 'csv', out: csvOut, photoIds: null, options: OPTIONS });
  await session.exportIdle();
}, 120_000);

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});

describe('keywords', () => {
  it('writes hierarchical keywords as label paths whose leaves are the dc:subject labels', () => {
    const x = JSON.parse(execFileSync('exiftool', ['-j', '-HierarchicalSubject', '-Subject', path.join(xmpOut, 'strike.jpg.xmp')], { encoding: 'utf8' }))[0] as {
      HierarchicalSubject: string[]; Subject: string[];
    };
    expect(x.HierarchicalSubject.sort()).toEqual(
      ['Building|Government / administration', 'Damage|Fire / burn (scorched, burnt-out)', 'tag|Shelter / basement', `tag|${SEMICOLON_TAG}`].sort(),
    );
    // Every leaf is a flat keyword too (so Lightroom shows no duplicates); only "|" inside a label differs.
    for (const h of x.HierarchicalSubject) expect(x.Subject.map((s) => s.replaceAll('|', '/'))).toContain(h.split('|').at(-1));
  });

  it('brings a tag label containing "|" back exactly through our own sidecar', async () => {
    const folder = tempDir('again-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(folder, 'strike.jpg'));
    fs.copyFileSync(path.join(xmpOut, 'strike.jpg.xmp'), path.join(folder, 'strike.jpg.xmp'));
    const s = await open();
    await s.api.startImport({ paths: [folder], mode: 'reference' });
    await s.idle();
    const [p] = await s.api.listPhotos({});
    const vocab = new Map((await s.api.getVocabulary({})).map((t) => [t.id, t]));
    const a = await s.api.getAnnotations({ photoId: p!.id });
    expect(a.tagIds.map((id) => vocab.get(id)!.label).sort()).toEqual([PIPE_TAG, SEMICOLON_TAG].sort());
    expect(vocab.get(a.regions[0]!.classId!)!.key).toBe('building.government');
  });

  it('maps a Lightroom-style label path, and an old key path, onto the vocabulary rather than new free tags', async () => {
    const folder = tempDir('lr-');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(folder, 'lr.jpg'));
    execFileSync('exiftool', [
      '-q', '-o', path.join(folder, 'lr.xmp'),
      '-XMP-lr:HierarchicalSubject=Building|Government / administration', '-XMP-lr:HierarchicalSubject=damage|fire',
      '-XMP-dc:Subject=Government / administration', '-XMP-dc:Subject=Fire / burn (scorched, burnt-out)',
    ]);
    const s = await open();
    await s.api.startImport({ paths: [folder], mode: 'reference' });
    await s.idle();
    const [p] = await s.api.listPhotos({});
    const vocab = new Map((await s.api.getVocabulary({})).map((t) => [t.id, t]));
    const a = await s.api.getAnnotations({ photoId: p!.id });
    expect(a.tagIds.map((id) => vocab.get(id)!.key).sort()).toEqual(['building.government', 'damage.fire']);
    expect([...vocab.values()].filter((t) => t.kind === 'tag')).toEqual([]);
  });

  it("keeps a tag containing ';' as one item of the CSV tags cell, as Python's csv module reads it", () => {
    const script = [
      'import csv, json, re, sys',
      "rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))",
      "cell = [r for r in rows if r['row'] == 'photo'][0]['tags']",
      "items = [re.sub(r'\\\\(.)', r'\\1', i) for i in re.split(r'(?<!\\\\); ', cell)]",
      'print(json.dumps(items))',
    ].join('\n');
    const items = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, csvOut], { encoding: 'utf8' })) as string[];
    expect(items.sort()).toEqual([PIPE_TAG, SEMICOLON_TAG].sort());
  });
});
