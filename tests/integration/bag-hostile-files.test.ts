// Issue 10, item 3: a bag's tag files must be regular files inside the bag. fetch.txt as a link to
// /dev/zero, bag-info.txt as a link to a secret file, a FIFO as a tag file or as a payload file: each
// makes the bag invalid at once, with a problem that says what the file is and never quotes what it
// points to; nothing blocks or grows without bound (a hang would fail the test by its timeout), and an
// import job on such a bag ends, so the next import can start and the session can close. A job can
// also be cancelled while it reads, and then ends.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { validateBag } from '../../electron/catalog/bag/validate';
import { ArchiveSession } from '../../electron/service/session';
import { sealBag } from '../helpers/bag-build';
import { runCli } from '../helpers/cli';
import { CAMERAS, tempDir } from '../helpers/fixtures';

// Not a "Label: value" line, so a validator that read it would quote it as a bad line.
const SECRET = 'TOP-SECRET 4f9a2c the source is in room 12';

/** A small, valid third-party bag (one photo). */
function validBag(name = 'bag'): string {
  const dir = path.join(tempDir('hostile-bag-'), name);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(dir, 'data', 'photo.jpg'));
  sealBag(dir, { algorithms: ['sha256'], tagAlgorithms: ['sha256'] });
  return dir;
}

function secretFile(): string {
  const f = path.join(tempDir('secret-'), 'secret.txt');
  fs.writeFileSync(f, `${SECRET}\n`);
  return f;
}

function replaceWith(dir: string, rel: string, make: (file: string) => void): void {
  fs.rmSync(path.join(dir, rel), { force: true });
  make(path.join(dir, rel));
}

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

async function importJob(session: ArchiveSession, bag: string): Promise<ImportProgress> {
  await session.api.startBagImport({ path: bag });
  return (await session.idle())!;
}

describe('bags with links, FIFOs and devices in place of files', () => {
  it('refuses fetch.txt linked to /dev/zero without reading it (also through the CLI)', async () => {
    const bag = validBag();
    replaceWith(bag, 'fetch.txt', (f) => fs.symlinkSync('/dev/zero', f));
    const rss = process.memoryUsage().rss;
    const report = await validateBag(bag);
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual({ kind: 'not-a-file', path: 'fetch.txt', message: expect.stringMatching(/^fetch\.txt is a symbolic link \(not followed\)/) });
    // Nothing of /dev/zero was read into memory (the old validator grew to 10 GB).
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
    const cli = await runCli('verify-bag', bag);
    expect(cli.code).toBe(7);
    expect(cli.stdout + cli.stderr).toMatch(/fetch\.txt is a symbolic link \(not followed\)/);
  }, 60_000);

  it('never quotes a secret that bag-info.txt, a manifest or a payload file links to', async () => {
    const secret = secretFile();
    for (const rel of ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'data/photo.jpg']) {
      const bag = validBag();
      replaceWith(bag, rel, (f) => fs.symlinkSync(secret, f));
      const report = await validateBag(bag);
      expect(report.valid, rel).toBe(false);
      expect(report.problems.some((p) => p.path === rel && p.kind === 'not-a-file'), rel).toBe(true);
      expect(JSON.stringify(report), rel).not.toContain('TOP-SECRET');
    }
  }, 60_000);

  it('refuses a FIFO as a tag file and as a payload file, without blocking on it', async () => {
    for (const rel of ['bag-info.txt', 'bagit.txt', 'tagmanifest-sha256.txt', 'fetch.txt']) {
      const bag = validBag();
      replaceWith(bag, rel, mkfifo);
      const report = await validateBag(bag);
      expect(report.problems, rel).toContainEqual(expect.objectContaining({ kind: 'not-a-file', path: rel, message: expect.stringMatching(/FIFO/) }));
    }
    const bag = validBag();
    replaceWith(bag, 'data/photo.jpg', mkfifo);
    const report = await validateBag(bag);
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'not-a-file', path: 'data/photo.jpg', message: expect.stringMatching(/FIFO/) }));
  }, 60_000);

  it('ends an import job on a FIFO bag as failed; the next import runs and the session closes', async () => {
    const session = new ArchiveSession(tempDir('hostile-archive-'), { host: 'web' });
    const fifoBag = validBag('fifo bag');
    replaceWith(fifoBag, 'bag-info.txt', mkfifo);
    const failed = await importJob(session, fifoBag);
    expect(failed.state).toBe('failed');
    expect(failed.bag!.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^bag-info\.txt is a FIFO \(named pipe\)/)]));
    expect(await session.api.getImportProgress({})).toBeNull();
    const ok = await importJob(session, validBag('good bag'));
    expect(ok).toMatchObject({ state: 'done', imported: 1 });
    await session.close();
  }, 60_000);

  it('cancels a job while it reads a large payload: the job ends cancelled, a new one can start, the session closes', async () => {
    const session = new ArchiveSession(tempDir('hostile-cancel-'), { host: 'web' });
    const big = validBag('big bag');
    // 200 MB of payload (sparse: cheap to make, still long to hash).
    fs.writeFileSync(path.join(big, 'data', 'big.bin'), '');
    fs.truncateSync(path.join(big, 'data', 'big.bin'), 200 * 1024 * 1024);
    sealBag(big, { algorithms: ['sha256'] });
    const seen: ImportProgress[] = [];
    const stop = session.onEvent((e) => {
      if (e.type === 'import-progress') seen.push(e.progress);
    });
    const { jobId } = await session.api.startBagImport({ path: big });
    expect((await session.api.cancelImport({ jobId })).cancelled).toBe(true);
    const last = (await session.idle())!;
    stop();
    expect(last).toMatchObject({ state: 'cancelled', message: 'Bag import cancelled; nothing was imported.' });
    expect(seen.at(-1)!.state).toBe('cancelled');
    expect(await session.api.getImportProgress({})).toBeNull();
    expect(await importJob(session, validBag('next bag'))).toMatchObject({ state: 'done', imported: 1 });
    await session.close();
  }, 300_000);
});
