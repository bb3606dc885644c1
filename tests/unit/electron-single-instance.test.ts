// A second launch of the app (issue 10): Electron's single-instance lock is already held, so the
// second process quits before opening any archive or window. Mocked 'electron', as in electron-glue.
import { expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/fixtures';

const userData = tempDir('userdata-second-');

const electron = vi.hoisted(() => ({
  quit: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  windows: 0,
}));

vi.mock('electron', () => ({
  app: {
    whenReady: electron.whenReady,
    getPath: () => userData,
    getAppPath: () => userData,
    enableSandbox: () => undefined,
    on: () => undefined,
    quit: electron.quit,
    exit: vi.fn(),
    requestSingleInstanceLock: () => false,
  },
  BrowserWindow: class {
    constructor() {
      electron.windows++;
    }
  },
  ipcMain: { handle: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() } },
  dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  net: { fetch: vi.fn() },
}));

it('quits at once, opening no archive and no window, when another instance holds the lock', async () => {
  const main = await import('../../electron/main');
  expect(main.isPrimaryInstance).toBe(false);
  expect(electron.quit).toHaveBeenCalled();
  expect(electron.whenReady).not.toHaveBeenCalled();
  await new Promise((r) => setTimeout(r, 50));
  expect(electron.windows).toBe(0);
});
