// Electron's glue (main.ts, preload.ts) with a mocked 'electron' module: the runtime cannot be
// downloaded on these machines, so this checks the wiring and the security settings directly
// (docs/SECURITY.md maps each of Electron's checklist items to the test that covers it).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiMethods } from '../../shared/api';
import { IPC_CHANNELS, MEDIA_SCHEME } from '../../shared/host';
import type * as MainModule from '../../electron/main';
import { ELECTRON_CSP } from '../../electron/web/static';
import { apiCases, errorMessageProblems, MISSING_ID, wrongTypeMutations } from '../helpers/api-cases';
import { PROJECT_ROOT, tempDir } from '../helpers/fixtures';

const userData = tempDir('userdata-');

// The app folder as packaged: dist/renderer beside files that must never be served.
const appRoot = tempDir('approot-');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const INDEX = '<!doctype html><title>Damage Archive</title>';
fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
fs.mkdirSync(path.join(rendererDir, 'empty-folder'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX);
fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
fs.writeFileSync(path.join(appRoot, 'package.json'), '{"name":"SECRET"}');
fs.writeFileSync(path.join(appRoot, 'secret.txt'), 'SECRET');
fs.symlinkSync(path.join(appRoot, 'secret.txt'), path.join(rendererDir, 'link-out.txt'));

const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  interface FakeContents {
    handlers: Map<string, Handler>;
    openHandler?: Handler;
    on: Handler;
    setWindowOpenHandler: Handler;
    send: Handler;
    session: FakeSession;
    printToPDF: Handler;
  }
  interface FakeSession {
    permissionRequest?: Handler;
    permissionCheck?: Handler;
    devicePermission?: Handler;
    setPermissionRequestHandler: Handler;
    setPermissionCheckHandler: Handler;
    setDevicePermissionHandler: Handler;
    webRequest: { onBeforeRequest: Handler };
  }
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; webContents: FakeContents; loaded?: string; loadedFile?: string }>,
    ipcHandlers: new Map<string, Handler>(),
    privileged: [] as Array<{ scheme: string; privileges: Record<string, unknown> }>,
    protocolHandlers: new Map<string, Handler>(),
    permissionHandler: undefined as Handler | undefined,
    permissionCheckHandler: undefined as Handler | undefined,
    devicePermissionHandler: undefined as Handler | undefined,
    appListeners: new Map<string, Handler>(),
    sandboxEnabled: false,
    packaged: false,
    exposed: new Map<string, unknown>(),
    rendererInvokes: [] as unknown[][],
    singleInstanceRequested: false,
  };
  function fakeContents(): FakeContents {
    const handlers = new Map<string, Handler>();
    const wc: FakeContents = {
      handlers,
      on: (ev: unknown, fn: unknown) => handlers.set(ev as string, fn as Handler),
      setWindowOpenHandler: (fn: unknown) => {
        wc.openHandler = fn as Handler;
      },
      send: () => undefined,
      printToPDF: () => Promise.resolve(Buffer.from('%PDF-1.4 fake')),
      session: {
        setPermissionRequestHandler: (fn: unknown) => {
          wc.session.permissionRequest = fn as Handler;
        },
        setPermissionCheckHandler: (fn: unknown) => {
          wc.session.permissionCheck = fn as Handler;
        },
        setDevicePermissionHandler: (fn: unknown) => {
          wc.session.devicePermission = fn as Handler;
        },
        webRequest: { onBeforeRequest: () => undefined },
      },
    };
    return wc;
  }
  class BrowserWindow {
    webContents = fakeContents();
    loaded?: string;
    loadedFile?: string;
    constructor(public options: Record<string, unknown>) {
      state.windows.push(this as never);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    loadFile(f: string) {
      this.loadedFile = f;
      return Promise.resolve();
    }
    destroy() {
      return undefined;
    }
    setProgressBar() {
      return undefined;
    }
    on() {
      return this;
    }
  }
  return { state, BrowserWindow, fakeContents };
});

vi.mock('electron', () => ({
  app: {
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getAppPath: () => appRoot,
    get isPackaged() {
      return electron.state.packaged;
    },
    enableSandbox: () => {
      electron.state.sandboxEnabled = true;
    },
    on: (ev: string, fn: never) => electron.state.appListeners.set(ev, fn),
    quit: vi.fn(),
    exit: vi.fn(),
    requestSingleInstanceLock: () => {
      electron.state.singleInstanceRequested = true;
      return true;
    },
  },
  BrowserWindow: electron.BrowserWindow,
  ipcMain: { handle: (ch: string, fn: never) => electron.state.ipcHandlers.set(ch, fn) },
  protocol: {
    registerSchemesAsPrivileged: (s: never[]) => electron.state.privileged.push(...s),
    handle: (scheme: string, fn: never) => electron.state.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: never) => {
        electron.state.permissionHandler = fn;
      },
      setPermissionCheckHandler: (fn: never) => {
        electron.state.permissionCheckHandler = fn;
      },
      setDevicePermissionHandler: (fn: never) => {
        electron.state.devicePermissionHandler = fn;
      },
    },
  },
  dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn(), showSaveDialog: vi.fn() },
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

const PAGE = 'app://renderer/index.html';

function trustedEvent(url = PAGE) {
  const win = electron.state.windows[0]!;
  return { sender: win.webContents, senderFrame: { url, parent: null } };
}

async function fetchApp(url: string, method = 'GET'): Promise<{ status: number; text: string; headers: Headers }> {
  const handler = electron.state.protocolHandlers.get('app')!;
  // What the handler reads of Electron's request (a real Request refuses URLs with credentials).
  const r = (await handler({ url, method, headers: new Headers() })) as Response;
  return { status: r.status, text: await r.text(), headers: r.headers };
}

describe('electron/main.ts', () => {
  it('opens the window with a sandboxed, isolated renderer, from app:// (checklist 2-4, 6, 8-11, 17)', () => {
    const prefs = electron.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(electron.state.sandboxEnabled).toBe(true);
    expect(electron.state.windows[0]!.loaded).toBe(PAGE);
    expect(electron.state.windows[0]!.loadedFile).toBeUndefined(); // never file://
  });

  it('is the single instance: it asked for the lock and brings its window forward on a second launch', () => {
    expect(electron.state.singleInstanceRequested).toBe(true);
    expect(main.isPrimaryInstance).toBe(true);
    expect(electron.state.appListeners.has('second-instance')).toBe(true);
  });

  it('registers app:// and archive-media:// as standard, secure schemes without CSP bypass or CORS', () => {
    expect(electron.state.privileged.map((s) => s.scheme)).toEqual(['app', MEDIA_SCHEME]);
    for (const { privileges } of electron.state.privileged) {
      expect(privileges).toMatchObject({ standard: true, secure: true });
      expect(privileges.bypassCSP).toBeFalsy();
      expect(privileges.corsEnabled).toBeFalsy();
      expect(privileges.allowServiceWorkers).toBeFalsy();
    }
    expect(main.RENDERER_URL).toBe(PAGE);
  });

  it('serves the renderer over app:// with a strict CSP header', async () => {
    const index = await fetchApp(PAGE);
    expect(index.status).toBe(200);
    expect(index.text).toBe(INDEX);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ELECTRON_CSP).toMatch(/^default-src 'none'; script-src 'self'; /);
    expect(ELECTRON_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:|file:/);
    expect(ELECTRON_CSP).toContain(`img-src 'self' data: ${MEDIA_SCHEME}:`);
    expect((await fetchApp('app://renderer/')).text).toBe(INDEX);
    const js = await fetchApp('app://renderer/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const head = await fetchApp(PAGE, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('refuses traversal, encodings, symlinks out, folders, other hosts and schemes on app://', async () => {
    for (const url of [
      'app://renderer/../../package.json',
      'app://renderer/%2e%2e/%2e%2e/package.json',
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/assets/..%2f..%2f..%2fpackage.json',
      'app://renderer/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://renderer/%252e%252e%252f%252e%252e%252fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer//etc/passwd',
      'app://renderer/index.html%00.js',
      'app://renderer/link-out.txt',
      'app://renderer/empty-folder',
      'app://renderer/assets',
      'app://renderer/missing.html',
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'app://user@renderer/index.html',
      'app://renderer:8080/index.html',
      `${MEDIA_SCHEME}://renderer/index.html`,
      // Offline street maps are answered by opaque id only (no map of that id here), never by path.
      'app://renderer/maps/0123456789abcdef',
      'app://renderer/maps/..%2f..%2fpackage.json',
      'app://renderer/maps/%2fetc%2fpasswd/0/0/0',
    ]) {
      const r = await fetchApp(url);
      expect(r.status, url).toBe(404);
      expect(r.text, url).not.toContain('SECRET');
    }
    expect((await fetchApp(PAGE, 'POST')).status).toBe(405);
  });

  it('refuses navigation, frame navigation, redirects, webviews and new windows, for every webContents (12, 13, 11)', () => {
    const main = electron.state.windows[0]!.webContents;
    const other = electron.fakeContents();
    electron.state.appListeners.get('web-contents-created')!({}, other);
    for (const wc of [main, other]) {
      for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
        const prevent = vi.fn();
        wc.handlers.get(ev)!({ preventDefault: prevent }, 'https://example.org/');
        expect(prevent, ev).toHaveBeenCalled();
      }
      expect(wc.openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
      expect(wc.openHandler!({ url: PAGE })).toEqual({ action: 'deny' });
    }
  });

  it('denies every permission request and permission check (5)', () => {
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      const cb = vi.fn();
      electron.state.permissionHandler!(null, permission, cb, { requestingUrl: PAGE });
      expect(cb, permission).toHaveBeenCalledWith(false);
      expect(electron.state.permissionCheckHandler!(null, permission, 'app://renderer', { requestingUrl: PAGE }), permission).toBe(false);
    }
    expect(electron.state.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://renderer' })).toBe(false);
  });

  it('answers IPC only for its own page in the main frame of its own window (16)', async () => {
    const invoke = electron.state.ipcHandlers.get(IPC_CHANNELS.invoke)!;
    expect(await invoke(trustedEvent(), 'listPhotos', {})).toEqual({ ok: true, value: [] });
    expect(await invoke(trustedEvent('app://renderer/'), 'listPhotos', {})).toEqual({ ok: true, value: [] });
    expect(await invoke(trustedEvent(), 'nope', {})).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown method/) });
    const refused = [
      trustedEvent('https://evil.example/'),
      trustedEvent(pathToFileURL(path.join(rendererDir, 'index.html')).href), // the old file:// page
      trustedEvent('app://other/index.html'),
      trustedEvent('app://renderer.evil/index.html'),
      trustedEvent('app://user@renderer/index.html'),
      trustedEvent(`${MEDIA_SCHEME}://renderer/index.html`),
      trustedEvent('not a url'),
      { ...trustedEvent(), senderFrame: { url: PAGE, parent: {} } }, // a subframe
      { ...trustedEvent(), senderFrame: null }, // a frame that is gone
      { ...trustedEvent(), sender: electron.fakeContents() }, // another window's page
    ];
    for (const event of refused) {
      expect(await invoke(event, 'listPhotos', {}), JSON.stringify(event.senderFrame)).toEqual({ ok: false, error: 'Refused: request from an unexpected frame.' });
      expect(main.isTrustedSender(event as never)).toBe(false);
    }
    const pick = electron.state.ipcHandlers.get(IPC_CHANNELS.pickImportPaths)!;
    expect(await pick(refused[0], 'files')).toBeNull();
  });

  it('validates every API method over IPC and refuses bad payloads plainly', async () => {
    const invoke = electron.state.ipcHandlers.get(IPC_CHANNELS.invoke)!;
    // Made-up ids: every call below is refused by validation before the core runs.
    const cases = apiCases({ photo: 1, classTerm: 1, damageTerm: 2, tag: 3, otherTag: 4, region: 1, backup: 'catalog-20260101T000000000Z.sqlite', folder: '/photos', file: '/photos/a.jpg' });
    const failures: string[] = [];
    for (const m of apiMethods) {
      const bad: unknown[] = [{ bogus: 1 }, [], 'x', 42, ...wrongTypeMutations(m, cases[m].valid).map((x) => x.payload)];
      for (const payload of bad) {
        const r = (await invoke(trustedEvent(), m, payload)) as { ok: boolean; error?: string };
        if (r.ok || !r.error?.startsWith(`Invalid request for ${m}: `)) failures.push(`${m} ${JSON.stringify(payload).slice(0, 80)}: ${JSON.stringify(r).slice(0, 200)}`);
        else for (const p of errorMessageProblems(r.error, { serverPaths: [userData, appRoot, PROJECT_ROOT], request: payload })) failures.push(`${m}: ${p}`);
      }
    }
    expect(failures).toEqual([]);
    const missing = (await invoke(trustedEvent(), 'getPhoto', { id: MISSING_ID })) as { ok: boolean; error: string };
    expect(missing).toEqual({ ok: false, error: `No photo with id ${MISSING_ID} in this archive.` });
  });

  it('serves media only by opaque id through its privileged scheme', async () => {
    const handler = electron.state.protocolHandlers.get(MEDIA_SCHEME)!;
    for (const url of [`${MEDIA_SCHEME}://thumb/1`, `${MEDIA_SCHEME}://thumb/..%2fcatalog.sqlite`, `${MEDIA_SCHEME}://original/1`, `${MEDIA_SCHEME}://thumb/%2e%2e/%2e%2e/catalog.sqlite`]) {
      const r = (await handler(new Request(url))) as Response;
      expect(r.status, url).toBe(404);
    }
    expect(main.handleMediaRequest).toBe(handler);
    // The full-resolution kind: the same opaque ids, and media is only ever fetched.
    expect(((await handler(new Request(`${MEDIA_SCHEME}://full/..%2fcatalog.sqlite`))) as Response).status).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect(((await handler(new Request(`${MEDIA_SCHEME}://full/1`, { method, body: method === 'DELETE' ? null : 'x' }))) as Response).status, method).toBe(405);
    }
  });
});

describe('electron/main.ts: small hardening (issue 10, item 7)', () => {
  it('answers archive-media:// for GET and HEAD only', async () => {
    const handler = electron.state.protocolHandlers.get(MEDIA_SCHEME)!;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = (await handler(new Request(`${MEDIA_SCHEME}://thumb/1`, { method }))) as Response;
      expect(r.status, method).toBe(405);
    }
  });

  it('offers Toggle DevTools (and reload) in the View menu only in development, never in a packaged build', () => {
    const roles = (packaged: boolean) => {
      electron.state.packaged = packaged;
      try {
        const menu = main.buildMenu() as unknown as Array<{ label?: string; role?: string; submenu?: Array<{ role?: string }> }>;
        expect(menu.some((m) => m.role === 'viewMenu')).toBe(false); // Electron's own View menu always has DevTools
        const view = menu.find((m) => m.label === '&View')!;
        return view.submenu!.map((i) => i.role).filter(Boolean);
      } finally {
        electron.state.packaged = false;
      }
    };
    expect(roles(true)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(false)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('prints the catalogue PDF in a window whose own session denies every permission, to a new .pdf only', async () => {
    const { dialog } = await import('electron');
    const { ArchiveSession } = await import('../../electron/service/session');
    const archiveDir = tempDir('pdf-archive-');
    const from = new ArchiveSession(archiveDir, { host: 'electron' });
    const owner = new electron.BrowserWindow({});
    const outDir = tempDir('pdf-out-');
    const save = (filePath: string) => vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({ canceled: false, filePath });
    try {
      fs.writeFileSync(path.join(outDir, 'catalogue.pdf'), 'mine');
      save(path.join(outDir, 'catalogue.pdf'));
      await expect(main.printCataloguePdf(from, owner as never)).rejects.toThrow(/already exists; exports never replace anything/);
      expect(fs.readFileSync(path.join(outDir, 'catalogue.pdf'), 'utf8')).toBe('mine');
      save(path.join(outDir, '.bash_profile'));
      await expect(main.printCataloguePdf(from, owner as never)).rejects.toThrow(/starts with a dot/);
      fs.symlinkSync(path.join(outDir, 'elsewhere.pdf'), path.join(outDir, 'link.pdf'));
      save(path.join(outDir, 'link.pdf'));
      await expect(main.printCataloguePdf(from, owner as never)).rejects.toThrow(/already exists/);
      expect(fs.readdirSync(outDir).sort()).toEqual(['catalogue.pdf', 'link.pdf']);

      const before = electron.state.windows.length;
      save(path.join(outDir, 'report'));
      await main.printCataloguePdf(from, owner as never);
      expect(fs.readFileSync(path.join(outDir, 'report.pdf'), 'utf8')).toBe('%PDF-1.4 fake');
      expect(fs.readdirSync(outDir).sort()).toEqual(['catalogue.pdf', 'link.pdf', 'report.pdf']);
      const printer = electron.state.windows[before]!;
      expect(printer.options.webPreferences).toMatchObject({ javascript: false, partition: 'catalogue-pdf' });
      const ses = printer.webContents.session;
      const granted: boolean[] = [];
      ses.permissionRequest!(printer.webContents, 'media', (ok: boolean) => granted.push(ok));
      ses.permissionRequest!(printer.webContents, 'geolocation', (ok: boolean) => granted.push(ok));
      expect(granted).toEqual([false, false]);
      expect(ses.permissionCheck!(printer.webContents, 'clipboard-read', 'file://')).toBe(false);
      expect(ses.devicePermission!({ deviceType: 'usb' })).toBe(false);
    } finally {
      await from.close();
    }
  });
});

describe('electron/preload.ts', () => {
  it('exposes only the bridge, which forwards to the IPC channels (19)', async () => {
    await import('../../electron/preload');
    expect([...electron.state.exposed.keys()]).toEqual(['archiveHost']);
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

describe('packaging and sources', () => {
  it('flips the fuses in electron-builder.yml, which electron-builder 26 accepts (18)', async () => {
    const require = createRequire(import.meta.url);
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
    };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let config: Record<string, unknown>;
    try {
      config = await getConfig(PROJECT_ROOT, path.join(PROJECT_ROOT, 'electron-builder.yml'), null);
    } finally {
      log.mockRestore();
    }
    await validateConfiguration(config, { isEnabled: false }); // unknown keys would throw
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('never calls shell.openExternal and never loads file:// pages (14, 17)', () => {
    const files = ['electron', 'renderer/src', 'shared'].flatMap((dir) =>
      (fs.readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true }) as string[])
        .filter((f) => /\.(ts|tsx)$/.test(f))
        .map((f) => path.join(PROJECT_ROOT, dir, f)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/\bopenExternal\b|\bshell\s*\.\s*openPath\b/);
      expect(text, f).not.toMatch(/\.loadFile\(/);
    }
  });
});
