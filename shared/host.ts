// What the Electron preload exposes to the renderer as window.archiveHost (contextBridge).
import type { ApiMethod } from './api';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface ElectronHostBridge {
  invoke(method: ApiMethod, payload: unknown): Promise<BridgeResult>;
  onEvent(listener: (event: unknown) => void): () => void;
  pickImportPaths(kind: 'files' | 'folders'): Promise<string[] | null>;
  /** Absolute path of a dropped file (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
}

/** Images are served by this custom protocol in Electron: archive-media://<kind>/<photo id>. */
export const MEDIA_SCHEME = 'archive-media';

export const IPC_CHANNELS = {
  invoke: 'archive:invoke',
  event: 'archive:event',
  pickImportPaths: 'archive:pick-import-paths',
} as const;
