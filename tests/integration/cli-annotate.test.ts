// Scripting the whole job from the command line: import, annotate (tag, set, region add/set/delete),
// read the history and the problems, export a bag, import it into a fresh archive, and find the same
// annotations there. Every edit is in the history under the --actor name, and everything speaks JSON.
// Also: import --json lists sidecar problems; a bag without archive.json reports its photo ids; an
// invalid bag creates no archive; relative paths resolve against the caller's folder under npm run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { sealBag } from '../helpers/bag-build';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, tempDir } from '../helpers/fixtures';

type Json = Record<string, unknown>;

async function cliJson<T = Json>(...args: string[]): Promise<T> {
  const r = await runCli(...args, '--json');
  if (r.code !== 0) throw new Error(`archive ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** What `show --json` says about a photo's annotations, without ids that differ between archives. */
function annotationsOf(shown: Json) {
  const regions = (shown.regions as Json[]).map((r) => ({
    geometry: r.geometry, class: (r.class as Json | null)?.key ?? null, damage: (r.damage as Json[]).map((d) => d.key).sort(),
    severity: r.severity, confidence: r.confidence, note: r.note,
  }));
  return { tags: (shown.tags as Json[]).map((t) => t.key).sort(), regions, metadata: shown.metadata };
}

describe('annotating from the command line', () => {
  it('annotates, records the history under --actor, exports a bag and re-imports it into a fresh archive unchanged', async () => {
    const photos = tempDir('photos-');
    fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(photos, 'rotated.jpg'));
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'canon.jpg'));
    fs.writeFileSync(path.join(photos, 'canon.jpg.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'); // truncated
    const archive = path.join(tempDir('a-'), 'archive');

    const imported = await runCli('import', photos, '--archive', archive, '--json');
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as { message: string; problems: Array<{ kind: string; path: string; error: string }> };
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'sidecar', path: path.join(photos, 'canon.jpg.xmp'), error: expect.stringMatching(/not well-formed/) })]);
    // The sidecar was found and reported, so it is not one of "other files ignored".
    expect(result.message).not.toMatch(/ignored/);

    const list = await cliJson<Array<{ id: number; fileName: string }>>('list', '--archive', archive);
    const id = String(list.find((p) => p.fileName === 'rotated.jpg')!.id);
    const actor = ['--archive', archive, '--actor', 'Field team 2'];

    expect(await cliJson('tag', id, 'damage.fire', 'Government / administration', ...actor)).toMatchObject({ tagsAdded: 2 });
    expect(await cliJson('untag', id, 'building.government', ...actor)).toMatchObject({ tagsRemoved: 1 });
    expect(await cliJson('set', id, 'caption', 'Minibus burnt out on the square', ...actor)).toMatchObject({ fieldsChanged: { caption: 1 } });
    expect(await cliJson('set', id, 'city', 'Харків', ...actor)).toMatchObject({ fieldsChanged: { city: 1 } });
    const rect = await cliJson<{ id: number }>('region', 'add', id, '--rect', '0.1,0.2,0.3,0.4', '--class', 'vehicle.minibus', '--damage', 'damage.fire,damage.blast',
      '--severity', '4', '--confidence', 'possible', '--note', 'still smoking', ...actor);
    const poly = await cliJson<{ id: number }>('region', 'add', id, '--polygon', '0.5,0.5,0.9,0.55,0.7,0.9', '--class', 'Residential (house, apartment block)', ...actor);
    expect(await cliJson('region', 'set', String(rect.id), '--confidence', 'certain', '--damage', 'damage.fire', ...actor)).toMatchObject({ confidence: 'certain' });
    const extra = await cliJson<{ id: number }>('region', 'add', id, '--rect', '0,0,0.1,0.1', ...actor);
    expect(await cliJson('region', 'delete', String(extra.id), ...actor)).toEqual({ deleted: extra.id });

    // Bad input is refused with a clear message and changes nothing.
    const bad = await runCli('region', 'add', id, '--rect', '0.9,0.9,0.5,0.5', ...actor);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/inside the image/);
    expect((await runCli('tag', id, 'no-such-term', ...actor)).code).toBe(2);
    expect((await runCli('region', 'delete', '99999', ...actor)).code).toBe(5);

    const history = await cliJson<Array<{ actor: string; action: string; description: string }>>('history', id, '--archive', archive);
    const mine = history.filter((h) => h.actor === 'Field team 2');
    expect(mine.map((h) => h.action).sort()).toEqual(
      ['meta.set', 'meta.set', 'region.create', 'region.create', 'region.create', 'region.delete', 'region.update', 'tag.add', 'tag.add', 'tag.remove'].sort(),
    );
    const problems = await cliJson<Array<{ kind: string; path: string }>>('problems', '--archive', archive);
    expect(problems).toEqual([expect.objectContaining({ kind: 'sidecar', path: path.join(photos, 'canon.jpg.xmp') })]);

    const before = annotationsOf(await cliJson('show', id, '--archive', archive));
    expect(before.tags).toEqual(['damage.fire']);
    expect(before.regions).toHaveLength(2);
    expect(poly.id).toBeGreaterThan(rect.id);

    const bag = path.join(tempDir('bag-'), 'bag');
    expect((await runCli('export', 'bagit', '--archive', archive, '--out', bag)).code).toBe(0);
    const fresh = path.join(tempDir('b-'), 'archive');
    const restored = await cliJson<{ photoIds: number[] }>('import-bag', bag, '--archive', fresh);
    const again = await cliJson<Array<{ id: number; fileName: string }>>('list', '--archive', fresh);
    const newId = String(again.find((p) => p.fileName === 'rotated.jpg')!.id);
    expect(restored.photoIds).toContain(Number(newId));
    expect(annotationsOf(await cliJson('show', newId, '--archive', fresh))).toEqual(before);
    // About 20 CLI processes, each starting tsx: slow on a busy machine, never a measure of speed.
  }, 600_000);
});

describe('import-bag and paths', () => {
  it('reports the photo ids of a bag without archive.json', async () => {
    const bag = tempDir('plain-bag-');
    fs.mkdirSync(path.join(bag, 'data'));
    for (const f of ['Canon_40D.jpg', 'Nikon_D70.jpg']) fs.copyFileSync(path.join(CAMERAS, f), path.join(bag, 'data', f));
    sealBag(bag, { algorithms: ['sha256'] });
    const archive = path.join(tempDir('c-'), 'archive');
    const r = await cliJson<{ photoIds: number[]; imported: number }>('import-bag', bag, '--archive', archive);
    expect(r.imported).toBe(2);
    const list = await cliJson<Array<{ id: number }>>('list', '--archive', archive);
    expect(r.photoIds.sort()).toEqual(list.map((p) => p.id).sort());
  }, 60_000);

  it('creates no archive folder for an invalid bag', async () => {
    const bag = tempDir('bad-bag-');
    fs.mkdirSync(path.join(bag, 'data'));
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(bag, 'data', 'a.jpg'));
    sealBag(bag, { algorithms: ['sha256'] });
    fs.appendFileSync(path.join(bag, 'data', 'a.jpg'), 'tampered');
    const archive = path.join(tempDir('d-'), 'never-made');
    const r = await runCli('import-bag', bag, '--archive', archive);
    expect(r.code).toBe(7);
    expect(fs.existsSync(archive)).toBe(false);
  }, 60_000);

  it('resolves relative --archive and input paths against the folder npm run was called from', async () => {
    const caller = tempDir('caller-');
    fs.mkdirSync(path.join(caller, 'in'));
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(caller, 'in', 'x.jpg'));
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', '--prefix', PROJECT_ROOT, 'archive', '--', 'import', 'in', '--archive', 'rel', '--json'], {
      cwd: caller, env: { ...process.env, INIT_CWD: undefined },
    });
    expect(JSON.parse(stdout)).toMatchObject({ imported: 1 });
    expect(fs.existsSync(path.join(caller, 'rel', 'catalog.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'rel'))).toBe(false);
  }, 120_000);
});
