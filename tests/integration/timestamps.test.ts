// RFC 3161 trusted time-stamps against a real local TSA (`openssl ts -reply` behind a loopback HTTP
// server): the chain head and a bag's tag manifest stamped, every token checked both by
// `openssl ts -verify` and by the archive's own offline verifier; a tampered tag manifest or token
// fails with a sentence saying so; a TSA that is down or answers another request loses nothing and
// can be retried; with no TSA set, nothing is contacted at all.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, copyFixtures, FIXTURES, listJpegs, tempDir } from '../helpers/fixtures';
import { opensslVerify, startLocalTsa, type LocalTsa } from '../helpers/local-tsa';

const ORACLE = path.join(FIXTURES, '..', 'oracles', 'bagit-validate');

const open: ArchiveSession[] = [];
const tsas: LocalTsa[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (open.length) await open.pop()!.close();
  while (tsas.length) await tsas.pop()!.close();
});

async function exportBag(session: ArchiveSession, out: string): Promise<string> {
  const done = new Promise<string>((resolve, reject) => {
    const off = session.onEvent((e) => {
      if (e.type === 'export-progress' && ['done', 'failed', 'cancelled'].includes(e.progress.state)) {
        off();
        if (e.progress.state === 'done') resolve(e.progress.message ?? '');
        else reject(new Error(e.progress.message ?? e.progress.state));
      }
    });
  });
  await session.api.startExport({ format: 'bagit', out, photoIds: null, options: { bom: true, sourceOrganization: 'Test Org', contactName: '', externalDescription: '' } });
  return done;
}

async function archiveWithPhotos(): Promise<{ dir: string; session: ArchiveSession }> {
  const dir = tempDir();
  const session = new ArchiveSession(dir, { host: 'web' });
  open.push(session);
  await session.api.setSettings({ userName: 'Nadia Field' });
  await session.api.startImport({ paths: [copyFixtures(listJpegs(CAMERAS).slice(0, 2))], mode: 'reference' });
  await session.idle();
  return { dir, session };
}

const headOf = (bag: string) => /Damage-Archive-History-Chain-Head: ([0-9a-f]{64})/.exec(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8'))![1]!;
const tokenCount = (dir: string) => Number(execFileSync('sqlite3', [path.join(dir, 'catalog.sqlite'), 'SELECT count(*) FROM timestamp_tokens']).toString().trim());

describe('RFC 3161 time-stamps', () => {
  it('stamps the chain head and a bag, and every token verifies with openssl ts -verify and offline in the archive', async () => {
    const tsa = await startLocalTsa();
    tsas.push(tsa);
    const { dir, session } = await archiveWithPhotos();

    // The setting takes http(s) only.
    for (const bad of ['ftp://tsa.example/', 'file:///etc/passwd', 'not a url', 'https://user:pw@tsa.example/']) {
      await expect(session.api.setSettings({ tsaUrl: bad })).rejects.toThrow(/http:\/\/ or https:\/\//);
    }
    expect((await session.api.setSettings({ tsaUrl: tsa.url })).tsaUrl).toBe(tsa.url);

    // Time-stamp now: the chain head.
    const stamped = await session.api.timestampNow({});
    expect(stamped).toMatchObject({ already: false, tsa: 'CN=Test TSA, O=Damage Archive tests', tsaUrl: tsa.url });
    expect(Date.parse(stamped.genTime)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // Stamping the same head twice asks once.
    const asked = tsa.requests;
    expect(await session.api.timestampNow({})).toMatchObject({ already: true, historyId: stamped.historyId, genTime: stamped.genTime });
    expect(tsa.requests).toBe(asked);
    const head = (await session.api.verifyArchive({})).chain.head;
    expect(head).toMatchObject({ historyId: stamped.historyId, hash: stamped.hash });
    const stampedToken = path.join(tempDir(), 'head.tsr');
    fs.writeFileSync(stampedToken, execFileSync('sqlite3', [path.join(dir, 'catalog.sqlite'), `SELECT hex(token) FROM timestamp_tokens WHERE history_id = ${stamped.historyId}`]).toString().trim(), 'hex');
    expect(await opensslVerify(tsa, stampedToken, { digest: stamped.hash })).toMatchObject({ ok: true });

    // A bag: its declared chain head and its tag manifest are stamped; then the new head.
    const bag = path.join(tempDir(), 'bag');
    const before = tsa.requests;
    const message = await exportBag(session, bag);
    expect(message).toMatch(/Time-stamped by CN=Test TSA/);
    expect(tsa.requests - before).toBe(3);
    const manifestToken = path.join(bag, 'tagmanifest-sha256.txt.tsr');
    const headToken = path.join(bag, 'timestamps', 'chain-head.tsr');
    expect(await opensslVerify(tsa, manifestToken, { data: path.join(bag, 'tagmanifest-sha256.txt') })).toMatchObject({ ok: true });
    expect(await opensslVerify(tsa, headToken, { digest: headOf(bag) })).toMatchObject({ ok: true });
    // The chain-head token is a tag file covered by the tag manifest; the manifest's own token cannot be.
    const tagManifest = fs.readFileSync(path.join(bag, 'tagmanifest-sha256.txt'), 'utf8');
    expect(tagManifest).toMatch(/ timestamps\/chain-head\.tsr\n/);
    expect(tagManifest).not.toMatch(/\.txt\.tsr/);
    // A reader we did not write still finds the bag valid.
    execFileSync(ORACLE, ['--validate', bag]);

    // The archive's own offline checks: verify-bag (API and CLI) and verify.
    const vb = await session.api.verifyBag({ path: bag });
    expect(vb.valid).toBe(true);
    expect(vb.timestamps.map((t) => [t.file, t.ok])).toEqual([
      ['tagmanifest-sha256.txt.tsr', true],
      ['timestamps/chain-head.tsr', true],
    ]);
    expect(vb.timestamps[0]!.genTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const verified = await session.api.verifyArchive({});
    expect(verified.timestamps.length).toBe(4);
    expect(verified.timestamps.every((t) => t.ok)).toBe(true);
    expect(verified.timestamps.filter((t) => t.subject === 'chain').every((t) => /History up to entry \d+ existed as it is now/.test(t.detail))).toBe(true);
    const cli = await runCli('verify-bag', bag);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/Time-stamp OK: Tag manifest tagmanifest-sha256\.txt \(tagmanifest-sha256\.txt\.tsr\): \S+ by CN=Test TSA/);
    expect(cli.stdout).toMatch(/Time-stamp OK: History chain head declared in bag-info\.txt \(timestamps\/chain-head\.tsr\)/);

    // The custody report lists the tokens.
    const report = (await session.api.getCustodyReport({ photoIds: [(await session.api.listPhotos({}))[0]!.id] })).json as { timestampTokens: unknown[] };
    expect(report.timestampTokens).toHaveLength(4);
    await session.close();
    open.pop();

    // `npm run archive -- verify` reports each token too.
    const v = await runCli('verify', '--archive', dir);
    expect(v.code).toBe(0);
    expect(v.stdout.match(/^Time-stamp OK: /gm)).toHaveLength(4);
  }, 300_000);

  it('a tampered tag manifest or token fails with a clear message, in openssl and in the archive', async () => {
    const tsa = await startLocalTsa();
    tsas.push(tsa);
    const { session } = await archiveWithPhotos();
    await session.api.setSettings({ tsaUrl: tsa.url });
    const bag = path.join(tempDir(), 'bag');
    await exportBag(session, bag);

    // Tag manifest changed (one checksum digit): the token no longer fits it.
    const tampered = path.join(tempDir(), 'bag');
    fs.cpSync(bag, tampered, { recursive: true });
    const tm = path.join(tampered, 'tagmanifest-sha256.txt');
    const text = fs.readFileSync(tm, 'utf8');
    fs.writeFileSync(tm, text.replace(/^([0-9a-f])/, (c) => (c === '0' ? '1' : '0')));
    expect((await opensslVerify(tsa, path.join(tampered, 'tagmanifest-sha256.txt.tsr'), { data: tm })).ok).toBe(false);
    const r1 = await session.api.verifyBag({ path: tampered });
    const t1 = r1.timestamps.find((t) => t.file === 'tagmanifest-sha256.txt.tsr')!;
    expect(t1.ok).toBe(false);
    expect(t1.detail).toMatch(/^tagmanifest-sha256\.txt: The token stamps SHA-256 [0-9a-f]{64}, but the data's SHA-256 is [0-9a-f]{64}: the data changed after it was time-stamped/);
    const c1 = await runCli('verify-bag', tampered);
    expect(c1.code).toBe(7);
    expect(c1.stderr).toMatch(/TIME-STAMP FAILED: Tag manifest tagmanifest-sha256\.txt \(tagmanifest-sha256\.txt\.tsr\): tagmanifest-sha256\.txt: The token stamps/);

    // Token changed (one byte of the signature, at its end): the signature no longer verifies.
    const tampered2 = path.join(tempDir(), 'bag');
    fs.cpSync(bag, tampered2, { recursive: true });
    const tok = path.join(tampered2, 'tagmanifest-sha256.txt.tsr');
    const bytes = fs.readFileSync(tok);
    bytes[bytes.length - 5]! ^= 0x01;
    fs.writeFileSync(tok, bytes);
    expect((await opensslVerify(tsa, tok, { data: path.join(tampered2, 'tagmanifest-sha256.txt') })).ok).toBe(false);
    const r2 = await session.api.verifyBag({ path: tampered2 });
    expect(r2.valid).toBe(true); // the bag's files are intact; only the token was touched
    expect(r2.timestamps.find((t) => t.file === 'tagmanifest-sha256.txt.tsr')).toMatchObject({ ok: false, detail: expect.stringMatching(/signature does not verify/) });
    // Garbage in place of the token: unreadable, said so.
    fs.writeFileSync(tok, 'not a token');
    expect((await session.api.verifyBag({ path: tampered2 })).timestamps[0]!.detail).toMatch(/^tagmanifest-sha256\.txt: The token is unreadable: it is not an RFC 3161 time-stamp reply/);
  }, 300_000);

  it('a TSA that is down, refuses or answers another request: a clear message, the export completes, nothing is lost, and it can be stamped later', async () => {
    const tsa = await startLocalTsa();
    tsas.push(tsa);
    const { dir, session } = await archiveWithPhotos();
    await session.api.setSettings({ tsaUrl: tsa.url });

    // Refusing (HTTP 503).
    tsa.refuse = true;
    await expect(session.api.timestampNow({})).rejects.toThrow(/answered HTTP 503 .*Nothing was lost: try again later\./);
    // Answering with a reply to an earlier request (replay): refused by its nonce.
    tsa.refuse = false;
    await session.api.timestampNow({});
    await session.api.verifyArchive({}); // moves the head, so the next stamp is a new request
    tsa.replay = true;
    await expect(session.api.timestampNow({})).rejects.toThrow(/nonce .* is not the one sent/);
    tsa.replay = false;
    expect(tokenCount(dir)).toBe(1);

    // Down: nothing listens on its port any more.
    await tsa.close();
    tsas.pop();
    await expect(session.api.timestampNow({})).rejects.toThrow(/Could not reach the time-stamping authority 127\.0\.0\.1:\d+ \((connection refused, ECONNREFUSED|connection closed, UND_ERR_SOCKET)\)\. Nothing was lost: time-stamp again when online\./);
    const bag = path.join(tempDir(), 'bag');
    const message = await exportBag(session, bag);
    expect(message).toMatch(/^Exported 2 photos to .*\. Not time-stamped: Could not reach .* To stamp this bag later: npm run archive -- timestamp --bag /);
    expect(fs.existsSync(path.join(bag, 'tagmanifest-sha256.txt.tsr'))).toBe(false);
    expect(fs.existsSync(path.join(bag, 'timestamps'))).toBe(false);
    execFileSync(ORACLE, ['--validate', bag]);
    expect(tokenCount(dir)).toBe(1);
    expect((await session.api.verifyBag({ path: bag })).timestamps).toEqual([]);
    await session.close();
    open.pop();

    // Back online (a new TSA, same archive): the CLI stamps the bag and the chain head.
    const again = await startLocalTsa();
    tsas.push(again);
    const s1 = await runCli('timestamp', '--archive', dir, '--tsa', again.url, '--bag', bag);
    expect(s1.stderr).toBe('');
    expect(s1.code).toBe(0);
    expect(s1.stdout).toMatch(/Time-stamped tagmanifest-sha256\.txt of .* by CN=Test TSA/);
    expect(await opensslVerify(again, path.join(bag, 'tagmanifest-sha256.txt.tsr'), { data: path.join(bag, 'tagmanifest-sha256.txt') })).toMatchObject({ ok: true });
    const s2 = await runCli('timestamp', '--archive', dir);
    expect(s2.code).toBe(0);
    expect(s2.stdout).toMatch(/^Time-stamped: history chain head, entry \d+ \([0-9a-f]{64}\), at \S+ by CN=Test TSA/);
    expect(tokenCount(dir)).toBe(3);
    expect((await runCli('verify-bag', bag)).code).toBe(0);
    // Offline CLI: exit 9 and the reason.
    await again.close();
    tsas.pop();
    await runCli('verify', '--archive', dir); // a new head to stamp
    const s3 = await runCli('timestamp', '--archive', dir);
    expect(s3.code).toBe(9);
    expect(s3.stderr).toMatch(/Could not reach the time-stamping authority/);
  }, 300_000);

  it('with no TSA set, nothing is contacted at all', async () => {
    const tsa = await startLocalTsa();
    tsas.push(tsa);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { session } = await archiveWithPhotos();
    expect((await session.api.getSettings({})).tsaUrl).toBe('');
    await expect(session.api.timestampNow({})).rejects.toThrow(/No time-stamping authority is set: give its URL in Settings first\./);
    const bag = path.join(tempDir(), 'bag');
    const message = await exportBag(session, bag);
    expect(message).not.toMatch(/time-stamp/i);
    expect(fs.readdirSync(bag).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'data', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']);
    expect((await session.api.verifyArchive({})).timestamps).toEqual([]);
    // Set and cleared again: still nothing.
    await session.api.setSettings({ tsaUrl: tsa.url });
    await session.api.setSettings({ tsaUrl: '' });
    await exportBag(session, path.join(tempDir(), 'bag'));
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(tsa.requests).toBe(0);
  });
});
