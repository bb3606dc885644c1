// Starts `npm run web`'s server (electron/web/main.ts) as a real child process on a given archive.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from './fixtures';
import { openArchive } from '../../electron/catalog/archive';

export interface RunningHost {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/**
 * `userName`: the name the archive records as the user's (set unless one is there), so the first-start
 * "Who is working?" prompt does not cover the page; null leaves it unset (the prompt's own test).
 * `env`: extra environment for the host process.
 */
export async function startHostProcess(archiveDir: string, opts: { userName?: string | null; env?: Record<string, string> } = {}): Promise<RunningHost> {
  const userName = opts.userName === undefined ? 'E2E tester' : opts.userName;
  if (userName !== null) {
    const a = openArchive(archiveDir);
    a.db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('userName', ?)").run(userName);
    a.close();
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', '--archive', archiveDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
