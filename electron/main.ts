// Electron main process: window, menus, dialogs, the app:// and media protocols and IPC wiring
// around the core. The only module besides preload.ts that imports 'electron'.
// docs/SECURITY.md walks through Electron's security checklist against this file.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session as electronSession, type IpcMainInvokeEvent, type MenuItemConstructorOptions, type WebContents } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ARCHIVE_LAYOUT } from './catalog/archive';
import { listBackups, restoreBackup } from './catalog/backup';
import { ArchiveLockedError } from './catalog/lock';
import { runExport } from './catalog/export';
import { checkExportDestination } from './catalog/export/destination';
import { writeAtomically } from './catalog/export/writer';
import { dispatch } from './service/dispatch';
import { MEDIA_METHODS, resolveMedia } from './service/media';
import { serveOfflineMap } from './catalog/offline-maps';
import { defaultArchiveDir } from './service/paths';
import { ArchiveSession } from './service/session';
import { ELECTRON_CSP, resolveRendererFile } from './web/static';
import { IPC_CHANNELS, MEDIA_SCHEME } from '../shared/host';
import { ExportOptions, type ApiEvent } from '../shared/api';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The renderer is served from its own privileged scheme, never from file:// (checklist item 17). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

// Every renderer is sandboxed, whatever its webPreferences say (checklist item 4).
app.enableSandbox();

// Must run before 'ready'. The page is app://renderer/index.html (standard + secure: a real origin,
// a secure context, no file:// privileges); images load from archive-media://<kind>/<id>, never
// from file paths. Neither scheme bypasses CSP, and neither answers cross-origin fetches (no corsEnabled).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let archiveSession: ArchiveSession | null = null;
let mainWindow: BrowserWindow | null = null;

// One app per user: a second launch quits at once and the first one comes to the front. (Other
// programs on the same archive, e.g. the browser host or a CLI import, are kept out by the archive's lock.)
export const isPrimaryInstance = app.requestSingleInstanceLock();
if (!isPrimaryInstance) app.quit();
else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
}

/** The built renderer: the only folder app:// serves from. */
export function rendererDir(): string {
  return path.join(app.getAppPath(), 'dist', 'renderer');
}

/** True for a URL of our own page's origin (app://renderer), whatever its path. */
export function isRendererUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** IPC is answered only for our own page in the main frame: not for other frames or navigated pages. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || event.sender !== mainWindow.webContents || frame.parent !== null) return false;
  return isRendererUrl(frame.url);
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

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * app://renderer/<path>: files of dist/renderer only (no traversal, no symlink out, no other host),
 * each with the page's Content Security Policy as a header (index.html carries it as a meta tag too).
 */
export async function handleAppRequest(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed.');
  const url = new URL(request.url);
  if (!isRendererUrl(url.href)) return refuse(404, 'Not found.');
  // Offline street maps, by opaque id: same origin as the page, so MapLibre's fetches need no CORS or CSP exception.
  if (url.pathname.startsWith('/maps/')) {
    if (!archiveSession) return refuse(404, 'No such map.');
    const r = await serveOfflineMap(archiveSession.current.db, url.pathname.split('/').slice(2), request.headers.get('range') ?? undefined);
    return new Response(request.method === 'HEAD' || !r.body ? null : new Uint8Array(r.body), { status: r.status, headers: { ...r.headers, 'X-Content-Type-Options': 'nosniff' } });
  }
  const found = resolveRendererFile(rendererDir(), url.pathname);
  if (!found) return refuse(404, 'Not found.');
  const body = request.method === 'HEAD' ? null : await fs.promises.readFile(found.file);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': found.contentType,
      'Content-Security-Policy': ELECTRON_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    },
  });
}

export async function handleMediaRequest(request: Request): Promise<Response> {
  if (!MEDIA_METHODS.has(request.method)) return refuse(405, 'Method not allowed.');
  const url = new URL(request.url);
  const file = archiveSession ? await resolveMedia(archiveSession.current, url.hostname, url.pathname.replace(/^\//, '')) : null;
  if (!file) return refuse(404, 'No such image.');
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
        { label: 'Import BagIt Package…', click: () => void importBagFromMenu() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send({ type: 'command', command: 'export' }) },
        { label: 'Export Catalogue as PDF…', click: () => void exportCataloguePdf() },
        { type: 'separator' },
        { label: 'Restore Catalogue Backup…', click: () => void restoreLatestFromMenu() },
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
    viewMenu(app.isPackaged),
    { role: 'windowMenu' },
  ]);
}

/** View: zoom and full screen; reload and DevTools only in development (not in packaged builds). */
export function viewMenu(packaged: boolean): MenuItemConstructorOptions {
  const dev: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return {
    label: '&View',
    submenu: [...dev, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
}

/** No permission (camera, geolocation, notifications, devices…) is ever granted in this session. */
export function denyAllPermissions(ses: Electron.Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Our page never navigates or opens windows: links, drops, window.open and middle-clicks are all refused. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-frame-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(): BrowserWindow {
  // Spelled out here (not a shared constant) so that the static scan (npm run scan:electron) sees them.
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Damage Archive',
    backgroundColor: '#16181c',
    webPreferences: {
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
    },
  });
  lockDown(win.webContents);
  void win.loadURL(RENDERER_URL);
  return win;
}

let printingPdf = false;

/**
 * File > Export Catalogue as PDF…: the whole archive's HTML catalogue (electron/catalog/export/html.ts),
 * written to a private temporary folder and printed by Chromium in a hidden window that runs no
 * script, has no preload, lives in its own in-memory session that loads nothing but that one file
 * (the page's previews are data: URIs), and cannot navigate. docs/SECURITY.md, "Catalogue PDF".
 */
async function exportCataloguePdf(): Promise<void> {
  if (!archiveSession || !mainWindow) return;
  if (printingPdf) {
    dialog.showErrorBox('A catalogue is being exported', 'Wait until the PDF being made is finished, then try again.');
    return;
  }
  printingPdf = true;
  try {
    await printCataloguePdf(archiveSession, mainWindow);
  } catch (err) {
    dialog.showErrorBox('Could not export the catalogue as PDF', err instanceof Error ? err.message : String(err));
  } finally {
    printingPdf = false;
  }
}

export async function printCataloguePdf(from: ArchiveSession, owner: BrowserWindow): Promise<void> {
  const chosen = await dialog.showSaveDialog(owner, { title: 'Export catalogue as PDF', defaultPath: 'catalogue.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (chosen.canceled || !chosen.filePath) return;
  // The export rules (docs/SECURITY.md, "Export destinations"): a new .pdf, no dot-files, never a replacement.
  const dest = checkExportDestination(/\.pdf$/i.test(chosen.filePath) ? chosen.filePath : `${chosen.filePath}.pdf`, 'pdf', from.current.dir);
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'damage-archive-pdf-'));
  let printer: BrowserWindow | null = null;
  try {
    const htmlFile = path.join(work, 'catalogue.html');
    const made = await runExport(from.current, {
      format: 'html', out: htmlFile, photoIds: null, options: ExportOptions.parse({}), jobId: 'catalogue-pdf', signal: new AbortController().signal,
      history: () => [], // the catalogue shows no history
      onProgress: (p) => owner.setProgressBar(p.total > 0 ? p.done / p.total : 2),
    });
    if (made.state !== 'done') throw new Error(made.message ?? 'The catalogue could not be made.');
    const pageUrl = pathToFileURL(htmlFile).href;
    printer = new BrowserWindow({
      show: false,
      webPreferences: {
        javascript: false,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        partition: 'catalogue-pdf', // no "persist:": in memory, shares nothing with the app's session
      },
    });
    lockDown(printer.webContents);
    denyAllPermissions(printer.webContents.session);
    printer.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== pageUrl && !details.url.startsWith('data:') }));
    await printer.loadURL(pageUrl);
    const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
    // Written under an unpredictable temporary name beside the destination and linked into place,
    // so a failure never leaves a half-written PDF there and an existing file is never replaced.
    await writeAtomically(dest, (tmp) => fs.promises.writeFile(tmp, pdf, { flag: 'wx' }));
  } finally {
    printer?.destroy();
    owner.setProgressBar(-1);
    await fs.promises.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * File > Import BagIt Package…: the bag's folder from the system picker, imported as a job. Its
 * progress, final message and (for a bag that fails its check) problem list reach the window as
 * 'import-progress' events, as for an import started there.
 */
async function importBagFromMenu(): Promise<void> {
  if (!archiveSession || !mainWindow) return;
  const r = await dialog.showOpenDialog(mainWindow, { title: 'Import a BagIt package (choose the bag folder, the one holding bagit.txt)', properties: ['openDirectory'] });
  const bag = r.filePaths[0];
  if (r.canceled || !bag || !archiveSession) return;
  try {
    await archiveSession.api.startBagImport({ path: bag });
  } catch (err) {
    dialog.showErrorBox('Could not import the bag', err instanceof Error ? err.message : String(err));
  }
}

async function restoreLatestFromMenu(): Promise<void> {
  if (!archiveSession || !mainWindow) return;
  const [latest] = await archiveSession.api.listBackups({});
  if (!latest) {
    dialog.showErrorBox('No backups', 'This archive has no catalogue backups yet.');
    return;
  }
  const { response } = await dialog.showMessageBox(mainWindow, {
    type: 'warning',
    buttons: ['Restore', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Replace the catalogue with the backup of ${new Date(latest.createdAt).toLocaleString()}?`,
    detail: 'Edits made since that backup are set aside (the replaced catalogue is kept in the backups folder). Settings lists older backups.',
  });
  if (response !== 0) return;
  try {
    await archiveSession.api.restoreBackup({ name: latest.name });
  } catch (err) {
    dialog.showErrorBox('Could not restore the backup', err instanceof Error ? err.message : String(err));
  }
}

/** Opens the archive; if its catalogue is damaged, offers to restore the newest backup first. */
async function openSession(dir: string): Promise<ArchiveSession> {
  try {
    return new ArchiveSession(dir, { host: 'electron' });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // Another program writing the archive is not damage: never offer to restore over it.
    if (err instanceof ArchiveLockedError || listBackups(dir).length === 0) throw err;
    const { response } = await dialog.showMessageBox({
      type: 'error',
      buttons: ['Restore the newest backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      message: `The catalogue of ${dir} could not be opened.`,
      detail: `${reason}\n\nThe damaged catalogue will be kept beside the backups.`,
    });
    if (response !== 0) throw err;
    restoreBackup(dir, null);
    return new ArchiveSession(dir, { host: 'electron' });
  }
}

export async function start(): Promise<void> {
  // No permission (camera, geolocation, notifications, devices…) is ever needed by the renderer.
  denyAllPermissions(electronSession.defaultSession);
  protocol.handle(APP_SCHEME, handleAppRequest);
  protocol.handle(MEDIA_SCHEME, handleMediaRequest);

  const dir = readLastArchive() ?? defaultArchiveDir(app.getPath('userData'));
  archiveSession = await openSession(dir);
  rememberArchive(archiveSession.current.dir);
  archiveSession.onEvent(send);
  registerIpc();
  Menu.setApplicationMenu(buildMenu());
  mainWindow = createMainWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.on('web-contents-created', (_e, contents) => lockDown(contents));
app.on('window-all-closed', () => {
  // Let a running backup or import step finish writing before the process ends.
  const closing = archiveSession?.close() ?? Promise.resolve();
  archiveSession = null;
  void closing.finally(() => app.quit());
});

if (isPrimaryInstance) {
  app.whenReady().then(start).catch((err: unknown) => {
    dialog.showErrorBox('Damage Archive could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
