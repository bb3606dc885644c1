// The sandboxed preload: exposes exactly the API bridge to the renderer, nothing of Node or Electron.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type BridgeResult, type ElectronHostBridge } from '../shared/host';

const bridge: ElectronHostBridge = {
  invoke: (method, payload) => ipcRenderer.invoke(IPC_CHANNELS.invoke, method, payload) as Promise<BridgeResult>,
  onEvent: (listener) => {
    const handler = (_e: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
    };
  },
  pickImportPaths: (kind) => ipcRenderer.invoke(IPC_CHANNELS.pickImportPaths, kind === 'files' ? 'files' : 'folders') as Promise<string[] | null>,
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('archiveHost', bridge);
