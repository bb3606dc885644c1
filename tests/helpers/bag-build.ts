// Building bags by hand, as another tool would (not through our writer): lays out the tag files for
// whatever is under <dir>/data, so a test can make a third-party bag or re-seal one it has edited.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const encode = (p: string) => p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const digest = (algorithm: string, file: string) => createHash(algorithm).update(fs.readFileSync(file)).digest('hex');

function payloadFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'data'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** (Re)writes bagit.txt, the payload manifests, bag-info.txt (with Payload-Oxum) and the tag manifests. */
export function sealBag(dir: string, o: { algorithms: string[]; tagAlgorithms?: string[]; info?: Record<string, string> }): void {
  for (const f of fs.readdirSync(dir)) if (/^(tag)?manifest-.*\.txt$/.test(f)) fs.rmSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  const files = payloadFiles(dir);
  for (const a of o.algorithms) {
    fs.writeFileSync(path.join(dir, `manifest-${a}.txt`), files.map((f) => `${digest(a, path.join(dir, f))}  ${encode(f)}\n`).join(''));
  }
  const bytes = files.reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  const info = { ...o.info, 'Payload-Oxum': `${bytes}.${files.length}` };
  fs.writeFileSync(path.join(dir, 'bag-info.txt'), Object.entries(info).map(([k, v]) => `${k}: ${v}\n`).join(''));
  const tags = ['bagit.txt', 'bag-info.txt', ...o.algorithms.map((a) => `manifest-${a}.txt`)];
  for (const a of o.tagAlgorithms ?? []) {
    fs.writeFileSync(path.join(dir, `tagmanifest-${a}.txt`), tags.map((t) => `${digest(a, path.join(dir, t))}  ${t}\n`).join(''));
  }
}
