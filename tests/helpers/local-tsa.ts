// A real RFC 3161 time-stamping authority on 127.0.0.1, made with Debian's `openssl ts`: a CA, a TSA
// certificate (extendedKeyUsage critical timeStamping) signed by it, and an HTTP server that answers
// each POSTed TimeStampReq by running `openssl ts -reply` on it. `requests` counts what arrived, so a
// test can prove that nothing was contacted.
import { execFileSync, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './fixtures';

const run = promisify(execFile);

export interface LocalTsa {
  url: string;
  dir: string;
  caPem: string;
  tsaPem: string;
  requests: number;
  /** Answer with HTTP 503 (a TSA that is up but refuses) until set back to false. */
  refuse: boolean;
  /** Answer every request with the last reply sent (a replayed answer to another request). */
  replay: boolean;
  close(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The CA and TSA keys and certificates, and the `ts` section openssl's -reply reads. */
export function makeTsaCertificates(dir = tempDir()): { dir: string; caPem: string; tsaPem: string; config: string } {
  fs.writeFileSync(path.join(dir, 'tsa-ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=Test Root CA/O=Damage Archive tests', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA/O=Damage Archive tests'], dir);
  openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '3650', '-extfile', 'tsa-ext.cnf'], dir);
  const config = path.join(dir, 'tsa.cnf');
  fs.writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/tsaserial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'other_policies = 1.2.3.4.5',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  return { dir, caPem: path.join(dir, 'ca.pem'), tsaPem: path.join(dir, 'tsa.pem'), config };
}

export async function startLocalTsa(): Promise<LocalTsa> {
  const certs = makeTsaCertificates();
  let n = 0;
  let last: Buffer | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      tsa.requests++;
      if (tsa.refuse || req.method !== 'POST') {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('refused');
        return;
      }
      if (tsa.replay && last) {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(last);
        return;
      }
      const q = path.join(certs.dir, `q${++n}.tsq`);
      const r = path.join(certs.dir, `r${n}.tsr`);
      fs.writeFileSync(q, Buffer.concat(chunks));
      run('openssl', ['ts', '-reply', '-config', certs.config, '-queryfile', q, '-out', r])
        .then(() => {
          last = fs.readFileSync(r);
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(last);
        })
        .catch((e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const tsa: LocalTsa = {
    url: `http://127.0.0.1:${port}/tsa`,
    dir: certs.dir,
    caPem: certs.caPem,
    tsaPem: certs.tsaPem,
    requests: 0,
    refuse: false,
    replay: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return tsa;
}

/** `openssl ts -verify` of a token (a TimeStampResp as received) over a file or a hex digest. */
export async function opensslVerify(tsa: Pick<LocalTsa, 'caPem' | 'tsaPem'>, token: string, over: { data: string } | { digest: string }): Promise<{ ok: boolean; output: string }> {
  const args = ['ts', '-verify', '-in', token, ...('data' in over ? ['-data', over.data] : ['-digest', over.digest]), '-CAfile', tsa.caPem, '-untrusted', tsa.tsaPem];
  try {
    const r = await run('openssl', args);
    return { ok: /Verification: OK/.test(r.stdout + r.stderr), output: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}
