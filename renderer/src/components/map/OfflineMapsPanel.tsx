// Adding and removing offline street maps (PMTiles or MBTiles files the user brings), in Settings
// and in the map's Layers menu. The path is typed (or, in the desktop app, a file dropped here) and
// checked by the host: a file that is neither format is refused with the reason, and nothing is added.
import { useState } from 'react';
import type { OfflineMap } from '../../../../shared/api';
import type { Host } from '../../host';
import { useOfflineMaps, type OfflineMaps } from './useOfflineMaps';

interface Props {
  host: Host;
  offline: OfflineMaps;
  /** In the map's menu: frame this map's area. */
  onZoomTo?(m: OfflineMap): void;
}

const describe = (m: OfflineMap) =>
  `${m.container === 'pmtiles' ? 'PMTiles' : 'MBTiles'}, ${m.tileType === 'mvt' ? 'vector' : m.tileType.toUpperCase()} tiles, zoom ${m.minZoom}–${m.maxZoom}`;

export function OfflineMapsPanel({ host, offline, onZoomTo }: Props) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const add = async (p: string) => {
    if (!p.trim()) return;
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const m = await offline.add(p.trim());
      setAdded(`Added "${m.name}".`);
      setPath('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="offline-maps"
      onDragOver={(e) => host.pathForFile && e.preventDefault()}
      onDrop={(e) => {
        const f = e.dataTransfer.files[0];
        if (!f || !host.pathForFile) return;
        e.preventDefault();
        void add(host.pathForFile(f));
      }}
    >
      {offline.error && <p className="error small">{offline.error}</p>}
      {offline.maps && offline.maps.length === 0 && <p className="muted small">No street maps yet: the bundled world map shows country borders only.</p>}
      {offline.maps && offline.maps.length > 0 && (
        <ul className="offline-map-list" aria-label="Offline street maps">
          {offline.maps.map((m) => (
            <li key={m.id}>
              <label title={m.path}>
                <input type="checkbox" checked={!offline.hidden(m.id)} disabled={!m.present} onChange={(e) => offline.setHidden(m.id, !e.target.checked)} />
                <span className="offline-map-name">{m.name}</span>
              </label>
              <span className="muted small">{m.present ? describe(m) : 'file missing: ' + m.path}</span>
              <span className="offline-map-actions">
                {onZoomTo && (
                  <button type="button" disabled={!m.present} onClick={() => onZoomTo(m)}>
                    Zoom to
                  </button>
                )}
                <button type="button" aria-label={`Remove ${m.name}`} onClick={() => void offline.remove(m.id).catch((e: Error) => setError(e.message))}>
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="row offline-map-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add(path);
        }}
      >
        <input
          type="text"
          aria-label="Map file path"
          placeholder="Full path of a .pmtiles or .mbtiles file"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={busy || !path.trim()}>
          Add map
        </button>
      </form>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {added && <p className="muted small">{added}</p>}
      <p className="muted small">The file stays where it is and is read only; nothing is fetched from the internet.</p>
    </div>
  );
}

/** Settings > Offline maps. */
export function OfflineMapsSection({ host }: { host: Host }) {
  const offline = useOfflineMaps(host);
  return (
    <section className="offline-maps-section" aria-label="Offline maps">
      <h3>Offline maps</h3>
      <p className="muted small">Street-level maps of your region for the Map view: a PMTiles file (e.g. a Protomaps extract) or an MBTiles file.</p>
      <OfflineMapsPanel host={host} offline={offline} />
    </section>
  );
}
