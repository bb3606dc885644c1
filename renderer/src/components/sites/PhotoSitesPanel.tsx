// The photo view's Sites tab: the sites and incidents this photo is linked to, linking it to more,
// and saying which site each of its regions shows (the burnt van in this photo is site "Van at
// checkpoint"). Each change is an undoable step.
import { useEffect, useState } from 'react';
import type { PhotoPlaces, Region } from '../../../../shared/api';
import type { Host } from '../../host';
import { dateRange, useSites } from './useSites';
import './sites.css';
import { FormError } from '../shell/FormError';

interface Props {
  host: Host;
  photoId: number;
  regions: Region[];
  version: number;
}

export function PhotoSitesPanel({ host, photoId, regions, version }: Props) {
  const { sites, incidents, version: sitesVersion } = useSites(host);
  const [places, setPlaces] = useState<PhotoPlaces | null>(null);
  const [siteId, setSiteId] = useState<number | ''>('');
  const [incidentId, setIncidentId] = useState<number | ''>('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host.api.getPhotoPlaces({ photoId }).then(
      (p) => live && setPlaces(p),
      (e: Error) => live && setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [host, photoId, version, sitesVersion]);
  const run = (work: Promise<unknown>) =>
    work.then(
      () => setProblem(null),
      (e: Error) => setProblem(e.message),
    );
  if (!places) return null;
  const linkedSites = new Set(places.sites.map((s) => s.id));
  const linkedIncidents = new Set(places.incidents.map((i) => i.id));
  const regionSite = new Map(places.regionSites.map((r) => [r.regionId, r.siteId]));
  return (
    <div className="photo-sites">
      <FormError error={problem} />
      <section aria-labelledby="photo-sites-heading">
        <h3 id="photo-sites-heading">Sites</h3>
        {places.sites.length === 0 ? (
          <p className="muted small">Not linked to a site.</p>
        ) : (
          <ul aria-label="Sites of this photo">
            {places.sites.map((s) => (
              <li key={s.id}>
                <span>{s.name}</span>
                <span className="muted small">{s.kind}</span>
                <button type="button" className="link" onClick={() => void run(host.api.linkSitePhotos({ siteId: s.id, photoIds: [photoId], linked: false }))}>
                  Unlink
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="row">
          <select aria-label="Site to link" value={siteId} onChange={(e) => setSiteId(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">{sites.length ? 'Choose a site…' : 'No sites yet (create them under Sites)'}</option>
            {sites.filter((s) => !linkedSites.has(s.id)).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={siteId === ''} onClick={() => siteId !== '' && void run(host.api.linkSitePhotos({ siteId, photoIds: [photoId], linked: true })).then(() => setSiteId(''))}>
            Link to site
          </button>
        </div>
      </section>
      {regions.length > 0 && sites.length > 0 && (
        <section aria-labelledby="region-sites-heading">
          <h3 id="region-sites-heading">Regions</h3>
          <ul>
            {regions.map((r) => (
              <li key={r.id}>
                <label className="row">
                  <span>{`R-${r.id} shows`}</span>
                  <select
                    aria-label={`Site shown by region R-${r.id}`}
                    value={regionSite.get(r.id) ?? ''}
                    onChange={(e) => void run(host.api.linkRegionSite({ regionId: r.id, siteId: e.target.value === '' ? null : Number(e.target.value) }))}
                  >
                    <option value="">no site</option>
                    {sites.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </label>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="photo-incidents-heading">
        <h3 id="photo-incidents-heading">Incidents</h3>
        {places.incidents.length === 0 ? (
          <p className="muted small">Not linked to an incident.</p>
        ) : (
          <ul aria-label="Incidents of this photo">
            {places.incidents.map((i) => (
              <li key={i.id}>
                <span>{i.name}</span>
                <span className="muted small">{dateRange(i)}</span>
                <button type="button" className="link" onClick={() => void run(host.api.linkIncidentPhotos({ incidentId: i.id, photoIds: [photoId], linked: false }))}>
                  Unlink
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="row">
          <select aria-label="Incident to link" value={incidentId} onChange={(e) => setIncidentId(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">{incidents.length ? 'Choose an incident…' : 'No incidents yet'}</option>
            {incidents.filter((i) => !linkedIncidents.has(i.id)).map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={incidentId === ''} onClick={() => incidentId !== '' && void run(host.api.linkIncidentPhotos({ incidentId, photoIds: [photoId], linked: true })).then(() => setIncidentId(''))}>
            Link to incident
          </button>
        </div>
      </section>
    </div>
  );
}
