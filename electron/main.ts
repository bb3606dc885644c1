// Electron main process: window, menus, dialogs, the media protocol and IPC wiring around the core.
// The only module besides preload.ts that imports 'electron'.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session as electronSession, type IpcMainInvokeEvent, type WebPreferences } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ARCHIVE_LAYOUT } from './catalog/archive';
import { dispatch } from './service/dispatch';
import { resolveMedia } from './service/media';
import { defaultArchiveDir } from './service/paths';
import { ArchiveSession } from './service/session';
import { IPC_CHANNELS, MEDIA_SCHEME } from '../shared/host';
import type { ApiEvent } from '../shared/api';

const here = path.dirname(fileURLToPath(import.meta.url));

export const WEB_PREFERENCES: WebPreferences = {
  preload: path.join(here, 'preload.cjs'),
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
  spellcheck: false,
};

// Must run before 'ready': images load from archive-media://<kind>/<id>, never from file paths.
protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let archiveSession: ArchiveSession | null = null;
let mainWindow: BrowserWindow | null = null;

export function rendererIndex(): string {
  return path.join(app.getAppPath(), 'dist', 'renderer', 'index.html');
}

/** IPC is answered only for our own page in the main frame: not for other frames or navigated pages. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || event.sender !== mainWindow.webContents || frame.parent !== null) return false;
  return frame.url === pathToFileURL(rendererIndex()).href;
}

function settingsFile(): string {
  return path.join(app.getPath('userData'), 'settings.json');
}

function readLastArchive(): string | null {
  try {
    const s = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as { lastArchive?: unknown };
    return typeof s.lastArchive === 'string' && fs.existsSync(path.join(s.lastArchive, ARCHIVE_LAYOUT.catalog)) ? s.lastArchive : null;
  } catch {
    return null;
  }
}

function rememberArchive(dir: string): void {
  fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
  fs.writeFileSync(settingsFile(), JSON.stringify({ lastArchive: dir }, null, 2));
}

function send(event: ApiEvent): void {
  mainWindow?.webContents.send(IPC_CHANNELS.event, event);
}

export async function handleMediaRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = archiveSession ? await resolveMedia(archiveSession.current, url.hostname, url.pathname.replace(/^\//, '')) : null;
  if (!file) return new Response('No such image.', { status: 404 });
  return net.fetch(pathToFileURL(file).href);
}

export function registerIpc(): void {
  ipcMain.handle(IPC_CHANNELS.invoke, async (event, method: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: 'Refused: request from an unexpected frame.' };
    if (!archiveSession) return { ok: false, error: 'No archive is open.' };
    const r = await dispatch(archiveSession.api, method, payload);
    return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
  });
  ipcMain.handle(IPC_CHANNELS.pickImportPaths, async (event, kind: unknown) => {
    if (!isTrustedSender(event) || !mainWindow) return null;
    const properties: Array<'openFile' | 'openDirectory' | 'multiSelections'> =
      kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'];
    const r = await dialog.showOpenDialog(mainWindow, { title: 'Import photos', properties });
    return r.canceled ? null : r.filePaths;
  });
}

async function chooseArchive(create: boolean): Promise<void> {
  if (!mainWindow || !archiveSession) return;
  const r = await dialog.showOpenDialog(mainWindow, {
    title: create ? 'Choose an empty folder for the new archive' : 'Open an archive folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  const dir = r.filePaths[0];
  if (r.canceled || !dir) return;
  const hasCatalog = fs.existsSync(path.join(dir, ARCHIVE_LAYOUT.catalog));
  if (!create && !hasCatalog) {
    dialog.showErrorBox('Not an archive', `${dir} has no ${ARCHIVE_LAYOUT.catalog}. Use File > New Archive to start one there.`);
    return;
  }
  if (create && !hasCatalog && fs.readdirSync(dir).length > 0) {
    dialog.showErrorBox('Folder not empty', `Choose an empty folder for a new archive; ${dir} already holds files.`);
    return;
  }
  try {
    archiveSession.switchArchive(dir);
    rememberArchive(dir);
  } catch (err) {
    dialog.showErrorBox('Could not open the archive', err instanceof Error ? err.message : String(err));
  }
}

export function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  return Menu.buildFromTemplate([
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Archive…', accelerator: 'CmdOrCtrl+Shift+N', click: () => void chooseArchive(true) },
        { label: 'Open Archive…', accelerator: 'CmdOrCtrl+O', click: () => void chooseArchive(false) },
        { type: 'separator' },
        { label: 'Import Photos…', accelerator: 'CmdOrCtrl+I', click: () => send({ type: 'command', command: 'import' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        // Annotation undo/redo: the renderer decides (text fields keep their own undo).
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => send({ type: 'command', command: 'undo' }) },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: () => send({ type: 'command', command: 'redo' }) },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        // No Select All accelerator: Ctrl+A belongs to the page (grid selection, or the focused text field).
        { type: 'separator' },
        { label: 'Vocabulary…', click: () => send({ type: 'command', command: 'vocabulary' }) },
      ],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]);
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Damage Archive',
    backgroundColor: '#16181c',
    webPreferences: WEB_PREFERENCES,
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-redirect', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadFile(rendererIndex());
  return win;
}

export async function start(): Promise<void> {
  // No permission (camera, geolocation, notifications…) is ever needed by the renderer.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  electronSession.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(MEDIA_SCHEME, handleMediaRequest);

  const dir = readLastArchive() ?? defaultArchiveDir(app.getPath('userData'));
  archiveSession = new ArchiveSession(dir, { host: 'electron' });
  rememberArchive(archiveSession.current.dir);
  archiveSession.onEvent(send);
  registerIpc();
  Menu.setApplicationMenu(buildMenu());
  mainWindow = createMainWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.on('window-all-closed', () => {
  archiveSession?.close();
  archiveSession = null;
  app.quit();
});

app.whenReady().then(start).catch((err: unknown) => {
  dialog.showErrorBox('Damage Archive could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
