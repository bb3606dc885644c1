// Electron's glue (main.ts, preload.ts) with a mocked 'electron' module: the runtime cannot be
// downloaded on these machines, so this checks the wiring and the security settings directly.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiMethods } from '../../shared/api';
import { IPC_CHANNELS, MEDIA_SCHEME } from '../../shared/host';
import type * as MainModule from '../../electron/main';
import { PROJECT_ROOT, tempDir } from '../helpers/fixtures';

const userData = tempDir('userdata-');

const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; webContents: { handlers: Map<string, Handler>; openHandler?: Handler }; loaded?: string }>,
    ipcHandlers: new Map<string, Handler>(),
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Handler>(),
    permissionHandler: undefined as Handler | undefined,
    exposed: new Map<string, unknown>(),
    rendererInvokes: [] as unknown[][],
  };
  class BrowserWindow {
    webContents: { handlers: Map<string, Handler>; openHandler?: Handler; on: Handler; setWindowOpenHandler: Handler; send: Handler };
    loaded?: string;
    constructor(public options: Record<string, unknown>) {
      const handlers = new Map<string, Handler>();
      this.webContents = {
        handlers,
        on: (ev: unknown, fn: unknown) => handlers.set(ev as string, fn as Handler),
        setWindowOpenHandler: (fn: unknown) => {
          this.webContents.openHandler = fn as Handler;
        },
        send: () => undefined,
      };
      state.windows.push(this as never);
    }
    loadFile(f: string) {
      this.loaded = f;
      return Promise.resolve();
    }
    on() {
      return this;
    }
  }
  return { state, BrowserWindow };
});

vi.mock('electron', () => ({
  app: {
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getAppPath: () => PROJECT_ROOT,
    on: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  BrowserWindow: electron.BrowserWindow,
  ipcMain: { handle: (ch: string, fn: never) => electron.state.ipcHandlers.set(ch, fn) },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => electron.state.privileged.push(...s),
    handle: (scheme: string, fn: never) => electron.state.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: never) => {
        electron.state.permissionHandler = fn;
      },
      setPermissionCheckHandler: vi.fn(),
    },
  },
  dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
  net: { fetch: (url: string) => Promise.resolve(new Response(`file:${url}`)) },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.state.exposed.set(key, api) },
  ipcRenderer: { invoke: (...args: unknown[]) => electron.state.rendererInvokes.push(args), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: () => '/dropped/file.jpg' },
}));

let main: typeof MainModule;

beforeAll(async () => {
  main = await import('../../electron/main');
  await vi.waitFor(() => expect(electron.state.windows).toHaveLength(1));
});
afterAll(() => vi.resetModules());

function trustedEvent() {
  const win = electron.state.windows[0]!;
  return {
    sender: win.webContents,
    senderFrame: { url: pathToFileURL(path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html')).href, parent: null },
  };
}

describe('electron/main.ts', () => {
  it('opens the window with a sandboxed, isolated renderer', () => {
    const prefs = electron.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(electron.state.windows[0]!.loaded).toBe(path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html'));
  });

  it('refuses navigation, new windows and permission requests', () => {
    const wc = electron.state.windows[0]!.webContents;
    const prevent = vi.fn();
    wc.handlers.get('will-navigate')!({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalled();
    expect(wc.openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    const cb = vi.fn();
    electron.state.permissionHandler!(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });

  it('answers every API method over IPC, for its own page only', async () => {
    const invoke = electron.state.ipcHandlers.get(IPC_CHANNELS.invoke)!;
    expect(invoke).toBeDefined();
    for (const m of apiMethods) {
      const r = (await invoke(trustedEvent(), m, { bogus: 1 })) as { ok: boolean; error?: string };
      expect(r.ok, m).toBe(false);
      expect(r.error, m).toMatch(/^Invalid request/); // known method, payload validated
    }
    expect(await invoke(trustedEvent(), 'listPhotos', {})).toEqual({ ok: true, value: [] });
    expect(await invoke(trustedEvent(), 'nope', {})).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown method/) });
    const foreign = { ...trustedEvent(), senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke(foreign, 'listPhotos', {})).toMatchObject({ ok: false, error: expect.stringMatching(/Refused/) });
    const subframe = { ...trustedEvent(), senderFrame: { ...trustedEvent().senderFrame, parent: {} } };
    expect(await invoke(subframe, 'listPhotos', {})).toMatchObject({ ok: false });
  });

  it('serves media only by opaque id through its privileged scheme', async () => {
    expect(electron.state.privileged).toEqual([expect.objectContaining({ scheme: MEDIA_SCHEME })]);
    const handler = electron.state.protocolHandlers.get(MEDIA_SCHEME)!;
    for (const url of [`${MEDIA_SCHEME}://thumb/1`, `${MEDIA_SCHEME}://thumb/..%2fcatalog.sqlite`, `${MEDIA_SCHEME}://original/1`]) {
      const r = (await handler(new Request(url))) as Response;
      expect(r.status, url).toBe(404);
    }
    expect(main.handleMediaRequest).toBe(handler);
  });
});

describe('electron/preload.ts', () => {
  it('exposes only the bridge, which forwards to the IPC channels', async () => {
    await import('../../electron/preload');
    const bridge = electron.state.exposed.get('archiveHost') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent', 'pathForFile', 'pickImportPaths']);
    void bridge.invoke!('listPhotos', {});
    void bridge.pickImportPaths!('files; rm -rf /');
    expect(electron.state.rendererInvokes).toEqual([
      [IPC_CHANNELS.invoke, 'listPhotos', {}],
      [IPC_CHANNELS.pickImportPaths, 'folders'],
    ]);
  });
});
