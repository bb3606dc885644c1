// Export destinations (issue 10, item 4): whoever holds the session chooses the path, so a path
// must not let them plant a file that something else runs: no dot-files, no hidden folders, no
// existing names, nothing through a symlink, only the format's own extension.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../shared/api';
import { collectExport } from '../../electron/catalog/export/collect';
import { checkExportDestination } from '../../electron/catalog/export/destination';
import { writeAtomically } from '../../electron/catalog/export/writer';
import * as xmp from '../../electron/catalog/export/xmp';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { HOSTILE_CAPTION } from '../helpers/hostile-text';

let session: ArchiveSession;
let archiveDir: string;
/** Stands in for the user's home folder: every attempt aims at it or beside it. */
let home: string;
/** Where planted links point: nothing may ever appear here. */
let outside: string;

const OPTIONS = { bom: true, sourceOrganization: '', contactName: '', externalDescription: '' };
const startExport = (format: ExportFormat, out: string) => session.api.startExport({ format, out, photoIds: null, options: OPTIONS });

/** Every file and folder under dir (relative paths, links not followed), to prove nothing was written. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

beforeAll(async () => {
  archiveDir = tempDir('dest-archive-');
  session = new ArchiveSession(archiveDir, { host: 'web' });
  await session.api.startImport({ paths: [copyFixtures([path.join(CAMERAS, 'Canon_40D.jpg')])], mode: 'reference' });
  await session.idle();
  const [photo] = await session.api.listPhotos({});
  await session.api.applyBatch({ photoIds: [photo!.id], addTagIds: [], removeTagIds: [], fields: { caption: `$(id > pwned) ${HOSTILE_CAPTION}` } });
  home = tempDir('dest-home-');
  outside = tempDir('dest-outside-');
  fs.writeFileSync(path.join(home, 'notes.csv'), 'mine\n');
  fs.mkdirSync(path.join(home, '.bashrc.d'));
  fs.mkdirSync(path.join(home, '.config'));
});
afterAll(() => session?.close());

describe('export destinations', () => {
  it('refuses dot-files such as ~/.bash_profile, and writes nothing', async () => {
    for (const name of ['.bash_profile', '.profile.csv', '.bag']) {
      await expect(startExport(name === '.bag' ? 'bagit' : 'csv', path.join(home, name))).rejects.toThrow(/starts with a dot/);
    }
    expect(tree(home)).toEqual(['.bashrc.d', '.config', 'notes.csv']);
  });

  it('refuses hidden folders, whether named or reached through a symlink', async () => {
    await expect(startExport('csv', path.join(home, '.bashrc.d', 'photos.csv'))).rejects.toThrow(/hidden folders \("\.bashrc\.d"\)/);
    await expect(startExport('xmp', path.join(home, '.config', 'new', 'sidecars'))).rejects.toThrow(/hidden folders/);
    fs.symlinkSync(path.join(home, '.bashrc.d'), path.join(home, 'innocent'));
    await expect(startExport('csv', path.join(home, 'innocent', 'photos.csv'))).rejects.toThrow(/hidden folders \("\.bashrc\.d", where .* really leads\)/);
    expect(tree(path.join(home, '.bashrc.d'))).toEqual([]);
    expect(tree(path.join(home, '.config'))).toEqual([]);
    fs.rmSync(path.join(home, 'innocent'));
  });

  it('allows the archive\'s own folder even when it lives under a dot-folder, but nothing hidden inside it', () => {
    const dotted = path.join(home, '.config', 'Damage Archive', 'Archive');
    expect(checkExportDestination(path.join(dotted, 'exports', 'csv-1.csv'), 'csv', dotted)).toBe(path.join(dotted, 'exports', 'csv-1.csv'));
    expect(() => checkExportDestination(path.join(dotted, '.hidden', 'x.csv'), 'csv', dotted)).toThrow(/hidden folders/);
    expect(() => checkExportDestination(path.join(dotted, 'exports', 'csv-1.csv'), 'csv', null)).toThrow(/hidden folders/);
  });

  it('refuses names without the format\'s extension', async () => {
    for (const [format, name] of [['csv', 'report'], ['csv', 'report.sh'], ['coco', 'coco.csv'], ['webanno', 'anno.json'], ['html', 'page.htm.sh']] as const) {
      await expect(startExport(format, path.join(home, name)), `${format} ${name}`).rejects.toThrow(/the name must end in \./);
    }
    expect(checkExportDestination(path.join(home, 'Report.CSV'), 'csv', null)).toBe(path.join(home, 'Report.CSV'));
    expect(checkExportDestination(path.join(home, 'catalogue.pdf'), 'pdf', null)).toBe(path.join(home, 'catalogue.pdf'));
    expect(() => checkExportDestination(path.join(home, 'catalogue.html'), 'pdf', null)).toThrow(/must end in \.pdf/);
    expect(tree(home)).toEqual(['.bashrc.d', '.config', 'notes.csv']);
  });

  it('refuses an existing file and a symlinked final name, dangling or not', async () => {
    await expect(startExport('csv', path.join(home, 'notes.csv'))).rejects.toThrow(/already exists; exports never replace anything/);
    expect(fs.readFileSync(path.join(home, 'notes.csv'), 'utf8')).toBe('mine\n');
    fs.symlinkSync(path.join(outside, 'planted.csv'), path.join(home, 'link.csv')); // dangling: O_CREAT would follow it
    fs.symlinkSync(outside, path.join(home, 'link-bag'));
    await expect(startExport('csv', path.join(home, 'link.csv'))).rejects.toThrow(/already exists/);
    await expect(startExport('bagit', path.join(home, 'link-bag'))).rejects.toThrow(/already exists/);
    await expect(startExport('xmp', path.join(home, 'link-bag'))).rejects.toThrow(/already exists/);
    expect(tree(outside)).toEqual([]);
    fs.rmSync(path.join(home, 'link.csv'));
    fs.rmSync(path.join(home, 'link-bag'));
  });

  it('the CLI refuses the same destinations with a sentence and exit code 2', async () => {
    const dot = await runCli('export', 'csv', '--archive', archiveDir, '--out', path.join(home, '.bash_profile'));
    expect(dot.code).toBe(2);
    // (The browser host holds the archive here, so the CLI first says it exports read-only.)
    expect(dot.stderr).toMatch(/^Cannot export to .*\.bash_profile: The export's name "\.bash_profile" starts with a dot/m);
    const existing = await runCli('export', 'csv', '--archive', archiveDir, '--out', path.join(home, 'notes.csv'));
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/already exists; exports never replace anything/);
    const noExt = await runCli('export', 'coco', '--archive', archiveDir, '--out', path.join(home, 'coco'));
    expect(noExt.code).toBe(2);
    expect(noExt.stderr).toMatch(/must end in \.json/);
    expect(tree(home)).toEqual(['.bashrc.d', '.config', 'notes.csv']);
    expect(fs.readFileSync(path.join(home, 'notes.csv'), 'utf8')).toBe('mine\n');
  });
});

describe('temporary names', () => {
  it('are unpredictable: a link planted at the old name (.<name>.<pid>.exporting) is not followed', async () => {
    const out = path.join(home, 'sidecars');
    fs.symlinkSync(outside, path.join(home, `.sidecars.${process.pid}.exporting`));
    let last = null as null | { state: string; message: string | null };
    const stop = session.onEvent((e) => {
      if (e.type === 'export-progress') last = e.progress;
    });
    await startExport('xmp', out);
    await session.exportIdle();
    stop();
    expect(last).toMatchObject({ state: 'done' });
    expect(tree(outside)).toEqual([]);
    expect(fs.readdirSync(out).sort()).toEqual(['Canon_40D.jpg.xmp', 'damage-archive.config']);
    fs.rmSync(path.join(home, `.sidecars.${process.pid}.exporting`));
    fs.rmSync(out, { recursive: true });
  });

  it('differ on every export and carry no process id', async () => {
    const seen: string[] = [];
    for (const n of [1, 2]) {
      await writeAtomically(path.join(home, `t${n}.csv`), async (tmp) => {
        seen.push(path.basename(tmp).replace(`t${n}`, 't'));
        fs.writeFileSync(tmp, 'x', { flag: 'wx' });
      });
    }
    expect(seen[0]).not.toBe(seen[1]);
    for (const s of seen) expect(s).not.toContain(String(process.pid));
    fs.rmSync(path.join(home, 't1.csv'));
    fs.rmSync(path.join(home, 't2.csv'));
  });

  it('the XMP writer refuses a folder or link already at its temporary name instead of writing through it', async () => {
    const set = collectExport(session.current, null, () => []);
    const planted = path.join(home, 'planted-tmp');
    fs.symlinkSync(outside, planted);
    await expect(xmp.write(set, planted, { options: OPTIONS, signal: new AbortController().signal, progress: () => undefined })).rejects.toThrow(/EEXIST/);
    expect(tree(outside)).toEqual([]);
    fs.rmSync(planted);
  });

  it('a file that appears at the destination during the export is never replaced', async () => {
    const out = path.join(home, 'raced.csv');
    await expect(
      writeAtomically(out, async (tmp) => {
        fs.writeFileSync(tmp, 'ours', { flag: 'wx' });
        fs.writeFileSync(out, 'theirs');
      }),
    ).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe('theirs');
    expect(tree(home).filter((n) => n.includes('raced'))).toEqual(['raced.csv']);
    fs.rmSync(out);
  });
});
