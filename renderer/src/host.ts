// The renderer's only door to the core: the API contract over Electron IPC or over HTTP.
import { apiMethods, ApiEvent, type ApiMethod, type ArchiveApi, type MediaKind } from '../../shared/api';
import { MEDIA_SCHEME, type BridgeResult, type ElectronHostBridge } from '../../shared/host';

export interface Host {
  kind: 'electron' | 'web';
  api: ArchiveApi;
  onEvent(listener: (e: ApiEvent) => void): () => void;
  mediaUrl(id: number, kind: MediaKind): string;
  /** Absolute URL of an added street map's bytes, by its opaque id (a PMTiles file, or an MBTiles file's tiles below it). */
  offlineMapUrl(id: string): string;
  /** Native file/folder pickers; null where the host has none (browser mode: paths are typed). */
  pickImportPaths: ((kind: 'files' | 'folders') => Promise<string[] | null>) | null;
  /** Paths of dropped files; null where the browser hides them. */
  pathForFile: ((file: File) => string) | null;
}

declare global {
  interface Window {
    archiveHost?: ElectronHostBridge;
  }
}

function buildApi(call: (method: ApiMethod, payload: unknown) => Promise<BridgeResult>): ArchiveApi {
  const entries = apiMethods.map((m) => [
    m,
    async (input: unknown) => {
      const r = await call(m, input);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    },
  ]);
  return Object.fromEntries(entries) as ArchiveApi;
}

function parseEvent(raw: unknown): ApiEvent | null {
  const r = ApiEvent.safeParse(raw);
  return r.success ? r.data : null;
}

/**
 * One event stream for all listeners: browsers allow only about six connections per host, and
 * every view that listens would otherwise hold one open.
 */
function webEvents(): Host['onEvent'] {
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | null = null;
  return (listener) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource('/api/events');
      source.onmessage = (m) => {
        const e = parseEvent(JSON.parse(m.data as string));
        if (e) for (const l of [...listeners]) l(e);
      };
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}

export function connectHost(): Host {
  const bridge = window.archiveHost;
  if (bridge) {
    return {
      kind: 'electron',
      api: buildApi((m, p) => bridge.invoke(m, p)),
      onEvent: (listener) =>
        bridge.onEvent((raw) => {
          const e = parseEvent(raw);
          if (e) listener(e);
        }),
      mediaUrl: (id, kind) => `${MEDIA_SCHEME}://${kind}/${id}`,
      // Served by the app:// handler itself (main.ts), same origin as the page.
      offlineMapUrl: (id) => new URL(`/maps/${id}`, window.location.href).href,
      pickImportPaths: (kind) => bridge.pickImportPaths(kind),
      pathForFile: (file) => bridge.pathForFile(file),
    };
  }
  return {
    kind: 'web',
    api: buildApi(async (method, payload) => {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload ?? {}),
      });
      const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as { value?: unknown; error?: string };
      return res.ok ? { ok: true, value: body.value } : { ok: false, error: body.error ?? `HTTP ${res.status}` };
    }),
    onEvent: webEvents(),
    mediaUrl: (id, kind) => `/media/${kind}/${id}`,
    offlineMapUrl: (id) => new URL(`/maps/${id}`, window.location.href).href,
    pickImportPaths: null,
    pathForFile: null,
  };
}
