// `npm run web`: the app in a browser, for machines where the Electron runtime is unavailable.
import { parseArgs } from 'node:util';
import { defaultArchiveDir } from '../service/paths';
import { startFailureExitCode, startWebHost } from './server';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { archive: { type: 'string' }, port: { type: 'string', default: '0' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (0 picks a free one), not "${values.port}".`);
  process.exit(2);
}
const archiveDir = values.archive ?? process.env.ARCHIVE_DIR ?? defaultArchiveDir();

try {
  const host = await startWebHost({
    archiveDir,
    port,
    // Each sign-in address works once; the next one is printed here, where only this user sees it.
    onSignInUrl: (url) => console.log(`Signed in. To sign in from another browser (or after restarting this one), open ${url}`),
  });
  console.log(`Damage Archive (browser mode), archive: ${host.session.current.dir}`);
  console.log(`Open ${host.url}`);
  console.log('(The address works once: opening it signs this browser in and leaves a token-less address.)');
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(startFailureExitCode(err));
}
