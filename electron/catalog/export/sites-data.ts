// The sites and incidents an export carries (GeoJSON writes the sites; bags carry both, with their
// links): those linked to the exported photos, and when the whole archive is exported, every one.
// Links to photos outside the export (or withdrawn) are left out: they name nothing the reader has.
import type { Db } from '../db';
import { listIncidents, listSites, type IncidentState, type SiteState } from '../sites/store';

export interface ExportSite extends SiteState {
  id: number;
  /** Exported photos linked to the site, in capture-time order. */
  photoIds: number[];
  /** Regions of exported photos that show the site. */
  regions: Array<{ photoId: number; regionId: number }>;
}

export interface ExportIncident extends IncidentState {
  id: number;
  /** Exported photos linked to the incident, in capture-time order. */
  photoIds: number[];
}

export interface ExportSites {
  sites: ExportSite[];
  incidents: ExportIncident[];
}

export function collectSites(db: Db, photoIds: number[], wholeArchive: boolean): ExportSites {
  const order = new Map(photoIds.map((id, i) => [id, i]));
  const inExport = (id: number) => order.has(id);
  const byOrder = (a: number, b: number) => order.get(a)! - order.get(b)!;
  const sitePhotos = db.prepare('SELECT photo_id FROM site_photos WHERE site_id = ?').pluck();
  const siteRegions = db.prepare('SELECT r.photo_id AS photoId, r.id AS regionId FROM site_regions sr JOIN regions r ON r.id = sr.region_id WHERE sr.site_id = ? ORDER BY r.id');
  const incidentPhotos = db.prepare('SELECT photo_id FROM incident_photos WHERE incident_id = ?').pluck();
  const sites = listSites(db).flatMap((s): ExportSite[] => {
    const ids = (sitePhotos.all(s.id) as number[]).filter(inExport).sort(byOrder);
    if (!wholeArchive && ids.length === 0) return [];
    const regions = (siteRegions.all(s.id) as Array<{ photoId: number; regionId: number }>).filter((r) => inExport(r.photoId));
    const { photoCount, regionCount, ...own } = s;
    void photoCount;
    void regionCount;
    return [{ ...own, photoIds: ids, regions }];
  });
  const incidents = listIncidents(db).flatMap((i): ExportIncident[] => {
    const ids = (incidentPhotos.all(i.id) as number[]).filter(inExport).sort(byOrder);
    if (!wholeArchive && ids.length === 0) return [];
    const { photoCount, ...own } = i;
    void photoCount;
    return [{ ...own, photoIds: ids }];
  });
  return { sites, incidents };
}
