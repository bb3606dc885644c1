// The sites and incidents a bag carries, brought into an archive without rewriting anything here
// (issue 10, as for terms and descriptive fields):
// - matched by uid: a site or incident that is already here keeps its own name, position, dates and
//   notes; where the bag's differ, the difference is reported as a conflict;
// - one that is not here is added as the bag has it;
// - links the bag has and this archive lacks are added (a photo to a site or incident, a region to a
//   site); a region that shows another site here keeps it, reported.
// Each addition is recorded in the history as the Editor records it (site.set, site.photo, …), by
// whoever imports, in the import's transaction; like the rest of a bag import it is not an undo step.
import type { Db } from '../db';
import type { BagIncident, BagPhoto, BagSite } from '../export/archive-json';
import { nextId, siteOfRegion, type IncidentState, type SiteState, writeIncident, writeIncidentPhoto, writeRegionSite, writeSite, writeSitePhoto } from '../sites/store';

export type SiteConflict = { type: 'site' | 'incident'; uid: string; name: string; differences: string[]; resolution: 'kept' };

export interface SitesImportResult {
  sites: { added: number; matched: number };
  incidents: { added: number; matched: number };
  links: number;
  conflicts: SiteConflict[];
}

interface Ctx {
  db: Db;
  actor: string;
  at: string;
  bagName: string;
  photoIds: Map<string, number>;
}

/** Each bag photo's region ids mapped to the region here with the same outline and creation time. */
function regionMap(db: Db, photos: BagPhoto[], photoIds: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const local = db.prepare('SELECT id, geometry, created_at FROM regions WHERE photo_id = ?');
  for (const p of photos) {
    const id = photoIds.get(p.sha256);
    if (id === undefined) continue;
    const here = new Map((local.all(id) as Array<{ id: number; geometry: string; created_at: string }>).map((r) => [`${r.created_at}\0${JSON.stringify(JSON.parse(r.geometry))}`, r.id]));
    for (const r of p.regions) {
      const match = here.get(`${r.createdAt}\0${JSON.stringify(r.geometry)}`);
      if (match !== undefined) out.set(`${p.sha256}\0${r.id}`, match);
    }
  }
  return out;
}

function differences(here: Record<string, unknown>, inBag: Record<string, unknown>, keys: string[]): string[] {
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : JSON.stringify(v));
  return keys.filter((k) => (here[k] ?? null) !== (inBag[k] ?? null)).map((k) => `${k} ${show(inBag[k])} in the bag, ${show(here[k])} here`);
}

export function restoreSites(db: Db, sites: BagSite[], incidents: BagIncident[], photos: BagPhoto[], photoIds: Map<string, number>, actor: string, bagName: string): SitesImportResult {
  const c: Ctx = { db, actor, at: new Date().toISOString(), bagName, photoIds };
  const result: SitesImportResult = { sites: { added: 0, matched: 0 }, incidents: { added: 0, matched: 0 }, links: 0, conflicts: [] };
  const regions = regionMap(db, photos, photoIds);
  const changeSet = () => (db.prepare('SELECT coalesce(max(change_set), 0) + 1 FROM history').pluck().get() as number);
  const record = (cs: number, action: string, description: string, photoId: number | null, entityId: number, old: unknown, next: unknown) =>
    db
      .prepare('INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(cs, c.at, c.actor, action, description, photoId, entityId, JSON.stringify(old), JSON.stringify(next));

  for (const b of sites) {
    const { photos: shas, regions: links, ...own } = b;
    const state: SiteState = own;
    const here = db.prepare('SELECT id, name, kind, lat, lon, precision_m AS precision, notes FROM sites WHERE uid = ?').get(b.uid) as
      | (Record<string, unknown> & { id: number; name: string })
      | undefined;
    const cs = changeSet();
    let siteId: number;
    let name: string;
    if (here) {
      siteId = here.id;
      name = here.name;
      result.sites.matched++;
      const diff = differences(here, state as unknown as Record<string, unknown>, ['name', 'kind', 'lat', 'lon', 'precision', 'notes']);
      if (diff.length) result.conflicts.push({ type: 'site', uid: b.uid, name: here.name, differences: diff, resolution: 'kept' });
    } else {
      siteId = nextId(db, 'sites');
      name = b.name;
      writeSite(db, siteId, state);
      record(cs, 'site.set', `Create site "${b.name}" (from bag ${c.bagName})`, null, siteId, null, state);
      result.sites.added++;
    }
    for (const sha of shas) {
      const photoId = photoIds.get(sha);
      if (photoId === undefined || db.prepare('SELECT 1 FROM site_photos WHERE site_id = ? AND photo_id = ?').get(siteId, photoId)) continue;
      writeSitePhoto(db, siteId, photoId, true);
      record(cs, 'site.photo', `Link photo ${photoId} to site "${name}" (from bag ${c.bagName})`, photoId, siteId, false, true);
      result.links++;
    }
    for (const l of links) {
      const regionId = regions.get(`${l.photo}\0${l.regionId}`);
      if (regionId === undefined) continue;
      const current = siteOfRegion(db, regionId);
      if (current === siteId) continue;
      if (current !== null) {
        const other = (db.prepare('SELECT name FROM sites WHERE id = ?').pluck().get(current) as string | undefined) ?? `site ${current}`;
        result.conflicts.push({ type: 'site', uid: b.uid, name, differences: [`region R-${regionId} shows "${name}" in the bag, "${other}" here`], resolution: 'kept' });
        continue;
      }
      const photoId = photoIds.get(l.photo)!;
      writeRegionSite(db, regionId, siteId);
      record(cs, 'site.region', `Region R-${regionId} shows site "${name}" (from bag ${c.bagName})`, photoId, regionId, null, siteId);
      result.links++;
    }
  }

  for (const b of incidents) {
    const { photos: shas, ...own } = b;
    const state: IncidentState = own;
    const here = db.prepare('SELECT id, name, start_date AS startDate, end_date AS endDate, description FROM incidents WHERE uid = ?').get(b.uid) as
      | (Record<string, unknown> & { id: number; name: string })
      | undefined;
    const cs = changeSet();
    let incidentId: number;
    let name: string;
    if (here) {
      incidentId = here.id;
      name = here.name;
      result.incidents.matched++;
      const diff = differences(here, state as unknown as Record<string, unknown>, ['name', 'startDate', 'endDate', 'description']);
      if (diff.length) result.conflicts.push({ type: 'incident', uid: b.uid, name: here.name, differences: diff, resolution: 'kept' });
    } else {
      incidentId = nextId(db, 'incidents');
      name = b.name;
      writeIncident(db, incidentId, state);
      record(cs, 'incident.set', `Create incident "${b.name}" (from bag ${c.bagName})`, null, incidentId, null, state);
      result.incidents.added++;
    }
    for (const sha of shas) {
      const photoId = photoIds.get(sha);
      if (photoId === undefined || db.prepare('SELECT 1 FROM incident_photos WHERE incident_id = ? AND photo_id = ?').get(incidentId, photoId)) continue;
      writeIncidentPhoto(db, incidentId, photoId, true);
      record(cs, 'incident.photo', `Link photo ${photoId} to incident "${name}" (from bag ${c.bagName})`, photoId, incidentId, false, true);
      result.links++;
    }
  }
  return result;
}
