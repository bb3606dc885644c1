// The browser host as its own process, as `npm run web` starts it (electron/web/main.ts), but serving a
// stand-in page so tests need no renderer build: `node --import tsx tests/helpers/stand-in-web-host.ts <archive>`.
// Prints "Open <url>" once it serves; exits as npm run web does when it cannot start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFailureExitCode, startWebHost } from '../../electron/web/server';

const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-stand-in-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Damage Archive</title>');
try {
  const host = await startWebHost({ archiveDir: process.argv[2]!, port: 0, rendererDir });
  console.log(`Open ${host.url}`);
  process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
} catch (err) {
  console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(startFailureExitCode(err));
}
