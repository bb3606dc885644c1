// An archive with photos already catalogued (through the CLI, as a script would), and a way to call
// the API from inside the page: the page carries the session cookie, as the app itself does.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api';
import { PROJECT_ROOT, tempDir } from './fixtures';

/** Imports a folder with the CLI, as a script would, before the host starts; returns the archive folder. */
export function importWithCli(photosDir: string, archive = tempDir()): string {
  execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'import', photosDir, '--archive', archive, '--json'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return archive;
}

/** Calls the API with the page's session cookie, exactly as the renderer does. */
export async function callApi<M extends ApiMethod>(page: Page, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  return page.evaluate(
    async ([m, body]) => {
      const res = await fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { value?: unknown; error?: string };
      if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
      return json.value;
    },
    [method, input] as const,
  ) as Promise<ApiOutput<M>>;
}
