// The Sites place: every site and incident of the archive; a site's page with its photos in
// capture-time order, its incidents, and the before/after comparison; creating, editing and deleting
// sites and incidents, and linking the grid's selection to them. Every change is an undoable step.
import { useEffect, useMemo, useState } from 'react';
import type { Incident, SitePage } from '../../../../shared/api';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { BeforeAfter } from './BeforeAfter';
import { IncidentForm } from './IncidentForm';
import { SiteForm } from './SiteForm';
import { dateRange, precisionText, useSites } from './useSites';
import './sites.css';

interface Props {
  host: Host;
  /** The grid's selection: what "Link selection" links. */
  selectedIds: number[];
  onClose(): void;
  notify(text: string): void;
}

type Pane = { kind: 'site'; id: number } | { kind: 'new-site' } | { kind: 'incident'; id: number } | { kind: 'new-incident' } | null;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function SitesScreen({ host, selectedIds, onClose, notify }: Props) {
  const { sites, incidents, error, version } = useSites(host);
  const [picked, setPane] = useState<Pane>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The first site opens by itself, so the screen is never empty when there is something to show.
  const pane: Pane = picked ?? (sites[0] ? { kind: 'site', id: sites[0].id } : null);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      setFailure(null);
      if (done) notify(done);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };

  return (
    <Modal title="Sites and incidents" onClose={onClose} className="sites-screen">
      <header className="sites-header">
        <h2>Sites and incidents</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose} aria-label="Close">
          Close
        </button>
      </header>
      {(error || failure) && (
        <p className="error" role="alert">
          {failure ?? `Could not read the sites: ${error}`}
        </p>
      )}
      <div className="sites-body">
        <nav className="sites-list" aria-label="Sites and incidents">
          <div className="sites-list-head">
            <h3>Sites</h3>
            <button type="button" onClick={() => setPane({ kind: 'new-site' })}>
              New site…
            </button>
          </div>
          {sites.length === 0 && <p className="muted small">No sites yet. A site is a place you photograph: a building, a vehicle, a street.</p>}
          <ul>
            {sites.map((s) => (
              <li key={s.id}>
                <button type="button" className="site-item" aria-current={pane?.kind === 'site' && pane.id === s.id} onClick={() => setPane({ kind: 'site', id: s.id })}>
                  <span className="site-item-name">{s.name}</span>
                  <span className="muted small">{`${s.kind} · ${plural(s.photoCount, 'photo')}${s.lat === null ? ' · no position' : ''}`}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="sites-list-head">
            <h3>Incidents</h3>
            <button type="button" onClick={() => setPane({ kind: 'new-incident' })}>
              New incident…
            </button>
          </div>
          {incidents.length === 0 && <p className="muted small">No incidents yet. An incident is an event with a date range.</p>}
          <ul>
            {incidents.map((i) => (
              <li key={i.id}>
                <button type="button" className="site-item" aria-current={pane?.kind === 'incident' && pane.id === i.id} onClick={() => setPane({ kind: 'incident', id: i.id })}>
                  <span className="site-item-name">{i.name}</span>
                  <span className="muted small">{[dateRange(i), plural(i.photoCount, 'photo')].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sites-pane">
          {pane?.kind === 'new-site' && (
            <SiteForm
              submitLabel="Create site"
              onCancel={() => setPane(null)}
              onSubmit={async (f) => {
                const s = await host.api.createSite(f);
                setPane({ kind: 'site', id: s.id });
                notify(`Site "${s.name}" created.`);
              }}
            />
          )}
          {pane?.kind === 'new-incident' && (
            <IncidentForm
              submitLabel="Create incident"
              onCancel={() => setPane(null)}
              onSubmit={async (f) => {
                const i = await host.api.createIncident(f);
                setPane({ kind: 'incident', id: i.id });
                notify(`Incident "${i.name}" created.`);
              }}
            />
          )}
          {pane?.kind === 'site' && sites.some((s) => s.id === pane.id) && (
            <SitePane key={pane.id} host={host} id={pane.id} version={version} selectedIds={selectedIds} incidents={incidents} run={run} onDeleted={() => setPane(null)} />
          )}
          {pane?.kind === 'incident' && incidents.some((i) => i.id === pane.id) && (
            <IncidentPane key={pane.id} host={host} incident={incidents.find((i) => i.id === pane.id)!} selectedIds={selectedIds} run={run} onDeleted={() => setPane(null)} />
          )}
          {pane === null && sites.length === 0 && <p className="muted">Create a site, then link photos to it here (the grid's selection) or from a photo's Sites tab.</p>}
        </div>
      </div>
    </Modal>
  );
}

type Run = (work: () => Promise<unknown>, done?: string) => Promise<void>;

function SitePane({ host, id, version, selectedIds, incidents, run, onDeleted }: { host: Host; id: number; version: number; selectedIds: number[]; incidents: Incident[]; run: Run; onDeleted(): void }) {
  const [page, setPage] = useState<SitePage | null>(null);
  const [editing, setEditing] = useState(false);
  const [incidentId, setIncidentId] = useState<number | ''>('');
  useEffect(() => {
    let live = true;
    host.api.getSite({ id }).then(
      (p) => live && setPage(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host, id, version]);
  const siteRegionIds = useMemo(() => new Set(page?.regions.map((r) => r.regionId) ?? []), [page]);
  if (!page) return <p className="muted">Loading…</p>;
  const { site } = page;
  const linked = new Set(page.photos.map((p) => p.id));
  const toLink = selectedIds.filter((x) => !linked.has(x));
  const toUnlink = selectedIds.filter((x) => linked.has(x));
  return (
    <article className="site-page" aria-label={`Site ${site.name}`}>
      {editing ? (
        <SiteForm
          initial={site}
          submitLabel="Save"
          onCancel={() => setEditing(false)}
          onSubmit={async (f) => {
            await host.api.updateSite({ id, ...f });
            setEditing(false);
          }}
        />
      ) : (
        <header className="site-page-head">
          <div>
            <h3>{site.name}</h3>
            <p className="muted small">
              {[site.kind, site.lat === null || site.lon === null ? 'no position' : `${site.lat}, ${site.lon} ${precisionText(site.precision)}`.trim(), plural(page.photos.length, 'photo'), site.regionCount ? plural(site.regionCount, 'region') : '']
                .filter(Boolean)
                .join(' · ')}
            </p>
            {site.notes && <p className="site-notes">{site.notes}</p>}
            {page.incidents.length > 0 && <p className="small">Incidents: {page.incidents.map((i) => `${i.name}${dateRange(i) ? ` (${dateRange(i)})` : ''}`).join('; ')}</p>}
          </div>
          <span className="spacer" />
          <div className="site-actions">
            <button type="button" onClick={() => setEditing(true)}>
              Edit…
            </button>
            <button type="button" disabled={toLink.length === 0} title="Link the photos selected in the grid to this site" onClick={() => void run(() => host.api.linkSitePhotos({ siteId: id, photoIds: toLink, linked: true }), `${plural(toLink.length, 'photo')} linked to "${site.name}".`)}>
              {`Link selection${toLink.length ? ` (${toLink.length})` : ''}`}
            </button>
            <button type="button" disabled={toUnlink.length === 0} onClick={() => void run(() => host.api.linkSitePhotos({ siteId: id, photoIds: toUnlink, linked: false }), `${plural(toUnlink.length, 'photo')} unlinked from "${site.name}".`)}>
              {`Unlink selection${toUnlink.length ? ` (${toUnlink.length})` : ''}`}
            </button>
            <span className="site-incident-link">
              <select aria-label="Incident for the site's photos" value={incidentId} onChange={(e) => setIncidentId(e.target.value === '' ? '' : Number(e.target.value))}>
                <option value="">Incident…</option>
                {incidents.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
              <button type="button" disabled={incidentId === '' || page.photos.length === 0} title="Link all of this site's photos to the incident" onClick={() => incidentId !== '' && void run(() => host.api.linkIncidentPhotos({ incidentId, photoIds: page.photos.map((p) => p.id), linked: true }), 'Photos linked to the incident.')}>
                Link photos
              </button>
            </span>
            <button type="button" className="danger" onClick={() => window.confirm(`Delete site "${site.name}"? Its photos stay; the links go (Undo brings it back).`) && void run(async () => { await host.api.deleteSite({ id }); onDeleted(); }, `Site "${site.name}" deleted.`)}>
              Delete
            </button>
          </div>
        </header>
      )}
      {page.photos.length === 0 ? (
        <p className="muted">No photos linked yet: select photos in the grid and press “Link selection”, or use a photo's Sites tab.</p>
      ) : (
        <ol className="site-photos" aria-label="Photos of the site, in capture-time order">
          {page.photos.map((p) => (
            <li key={p.id} title={p.fileName}>
              {p.hasThumb ? <img src={host.mediaUrl(p.id, 'thumb')} alt={p.fileName} loading="lazy" /> : <div className="no-preview small">No preview</div>}
              <span className="small">{p.takenAt ?? 'undated'}</span>
            </li>
          ))}
        </ol>
      )}
      <BeforeAfter host={host} photos={page.photos} siteRegionIds={siteRegionIds} version={version} />
    </article>
  );
}

function IncidentPane({ host, incident, selectedIds, run, onDeleted }: { host: Host; incident: Incident; selectedIds: number[]; run: Run; onDeleted(): void }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <IncidentForm
        initial={incident}
        submitLabel="Save"
        onCancel={() => setEditing(false)}
        onSubmit={async (f) => {
          await host.api.updateIncident({ id: incident.id, ...f });
          setEditing(false);
        }}
      />
    );
  }
  return (
    <article className="site-page" aria-label={`Incident ${incident.name}`}>
      <header className="site-page-head">
        <div>
          <h3>{incident.name}</h3>
          <p className="muted small">{[dateRange(incident) || 'no dates', plural(incident.photoCount, 'photo')].join(' · ')}</p>
          {incident.description && <p className="site-notes">{incident.description}</p>}
        </div>
        <span className="spacer" />
        <div className="site-actions">
          <button type="button" onClick={() => setEditing(true)}>
            Edit…
          </button>
          <button type="button" disabled={selectedIds.length === 0} onClick={() => void run(() => host.api.linkIncidentPhotos({ incidentId: incident.id, photoIds: selectedIds, linked: true }), 'Selection linked to the incident.')}>
            {`Link selection${selectedIds.length ? ` (${selectedIds.length})` : ''}`}
          </button>
          <button type="button" disabled={selectedIds.length === 0} onClick={() => void run(() => host.api.linkIncidentPhotos({ incidentId: incident.id, photoIds: selectedIds, linked: false }), 'Selection unlinked from the incident.')}>
            Unlink selection
          </button>
          <button type="button" className="danger" onClick={() => window.confirm(`Delete incident "${incident.name}"? Its photos stay (Undo brings it back).`) && void run(async () => { await host.api.deleteIncident({ id: incident.id }); onDeleted(); }, `Incident "${incident.name}" deleted.`)}>
            Delete
          </button>
        </div>
      </header>
    </article>
  );
}
