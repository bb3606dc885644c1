// Sites and incidents as stored (migrations/0016_sites.sql): the one place that maps their rows onto
// the API types, and the writes the Editor applies (forwards and backwards) for their change sets.
import type { Incident, PhotoPlaces, Site, SiteKind, SitePage, SitePrecision } from '../../../shared/api';
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { toSummary } from '../photos';

/** A site's own fields, as a change set stores them (links are changes of their own). */
export interface SiteState {
  uid: string;
  name: string;
  kind: SiteKind;
  lat: number | null;
  lon: number | null;
  precision: SitePrecision | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentState {
  uid: string;
  name: string;
  startDate: string | null;
  endDate: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

interface SiteRow {
  id: number;
  uid: string;
  name: string;
  kind: SiteKind;
  lat: number | null;
  lon: number | null;
  precision_m: SitePrecision | null;
  notes: string;
  created_at: string;
  updated_at: string;
  photo_count: number;
  region_count: number;
}

interface IncidentRow {
  id: number;
  uid: string;
  name: string;
  start_date: string | null;
  end_date: string | null;
  description: string;
  created_at: string;
  updated_at: string;
  photo_count: number;
}

// Withdrawn photos and regions that are deleted (their link kept for an undo) are not counted.
const SITE_SELECT = `SELECT s.*,
  (SELECT count(*) FROM site_photos sp JOIN photos p ON p.id = sp.photo_id WHERE sp.site_id = s.id AND p.withdrawn_at IS NULL) AS photo_count,
  (SELECT count(*) FROM site_regions sr JOIN regions r ON r.id = sr.region_id WHERE sr.site_id = s.id) AS region_count
  FROM sites s`;
const INCIDENT_SELECT = `SELECT i.*,
  (SELECT count(*) FROM incident_photos ip JOIN photos p ON p.id = ip.photo_id WHERE ip.incident_id = i.id AND p.withdrawn_at IS NULL) AS photo_count
  FROM incidents i`;

function toSite(r: SiteRow): Site {
  return {
    id: r.id, uid: r.uid, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon, precision: r.precision_m, notes: r.notes,
    createdAt: r.created_at, updatedAt: r.updated_at, photoCount: r.photo_count, regionCount: r.region_count,
  };
}

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id, uid: r.uid, name: r.name, startDate: r.start_date, endDate: r.end_date, description: r.description,
    createdAt: r.created_at, updatedAt: r.updated_at, photoCount: r.photo_count,
  };
}

export function siteStateOf(s: Site): SiteState {
  return { uid: s.uid, name: s.name, kind: s.kind, lat: s.lat, lon: s.lon, precision: s.precision, notes: s.notes, createdAt: s.createdAt, updatedAt: s.updatedAt };
}

export function incidentStateOf(i: Incident): IncidentState {
  return { uid: i.uid, name: i.name, startDate: i.startDate, endDate: i.endDate, description: i.description, createdAt: i.createdAt, updatedAt: i.updatedAt };
}

export function listSites(db: Db): Site[] {
  return (db.prepare(`${SITE_SELECT} ORDER BY s.name COLLATE NOCASE, s.id`).all() as SiteRow[]).map(toSite);
}

export function listIncidents(db: Db): Incident[] {
  // Latest first; undated ones after the dated.
  return (db.prepare(`${INCIDENT_SELECT} ORDER BY i.start_date IS NULL, i.start_date DESC, i.name COLLATE NOCASE, i.id`).all() as IncidentRow[]).map(toIncident);
}

export function findSite(db: Db, id: number): Site | null {
  const r = db.prepare(`${SITE_SELECT} WHERE s.id = ?`).get(id) as SiteRow | undefined;
  return r ? toSite(r) : null;
}

export function getSite(db: Db, id: number): Site {
  const s = findSite(db, id);
  if (!s) throw new NotFoundError(`No site with id ${id} in this archive.`);
  return s;
}

export function findIncident(db: Db, id: number): Incident | null {
  const r = db.prepare(`${INCIDENT_SELECT} WHERE i.id = ?`).get(id) as IncidentRow | undefined;
  return r ? toIncident(r) : null;
}

export function getIncident(db: Db, id: number): Incident {
  const i = findIncident(db, id);
  if (!i) throw new NotFoundError(`No incident with id ${id} in this archive.`);
  return i;
}

/** The photos of a site in capture-time order (undated last), as the grid lists them. */
export function sitePhotoIds(db: Db, siteId: number): number[] {
  return db
    .prepare(
      `SELECT p.id FROM site_photos sp JOIN photos p ON p.id = sp.photo_id
       WHERE sp.site_id = ? AND p.status <> 'error' AND p.withdrawn_at IS NULL
       ORDER BY p.taken_sort IS NULL, p.taken_sort, p.file_name, p.id`,
    )
    .pluck()
    .all(siteId) as number[];
}

export function sitePage(db: Db, id: number): SitePage {
  const site = getSite(db, id);
  const photos = db
    .prepare(
      `SELECT p.id, p.file_name, p.width, p.height, p.taken_at, p.status, p.has_thumb, p.missing_since, p.media_kind
       FROM site_photos sp JOIN photos p ON p.id = sp.photo_id
       WHERE sp.site_id = ? AND p.status <> 'error' AND p.withdrawn_at IS NULL
       ORDER BY p.taken_sort IS NULL, p.taken_sort, p.file_name, p.id`,
    )
    .all(id) as Parameters<typeof toSummary>[0][];
  const incidents = (
    db
      .prepare(
        `${INCIDENT_SELECT} WHERE i.id IN (SELECT ip.incident_id FROM incident_photos ip JOIN site_photos sp ON sp.photo_id = ip.photo_id WHERE sp.site_id = ?)
         ORDER BY i.start_date IS NULL, i.start_date, i.id`,
      )
      .all(id) as IncidentRow[]
  ).map(toIncident);
  const regions = db
    .prepare('SELECT r.id AS regionId, r.photo_id AS photoId FROM site_regions sr JOIN regions r ON r.id = sr.region_id WHERE sr.site_id = ? ORDER BY r.id')
    .all(id) as Array<{ regionId: number; photoId: number }>;
  return { site, photos: photos.map(toSummary), incidents, regions };
}

export function photoPlaces(db: Db, photoId: number): PhotoPlaces {
  return {
    sites: (db.prepare(`${SITE_SELECT} WHERE s.id IN (SELECT site_id FROM site_photos WHERE photo_id = ?) ORDER BY s.name COLLATE NOCASE, s.id`).all(photoId) as SiteRow[]).map(toSite),
    incidents: (db.prepare(`${INCIDENT_SELECT} WHERE i.id IN (SELECT incident_id FROM incident_photos WHERE photo_id = ?) ORDER BY i.start_date, i.id`).all(photoId) as IncidentRow[]).map(
      toIncident,
    ),
    regionSites: db
      .prepare('SELECT sr.region_id AS regionId, sr.site_id AS siteId FROM site_regions sr JOIN regions r ON r.id = sr.region_id WHERE r.photo_id = ? ORDER BY sr.region_id')
      .all(photoId) as Array<{ regionId: number; siteId: number }>,
  };
}

export function siteOfRegion(db: Db, regionId: number): number | null {
  return (db.prepare('SELECT site_id FROM site_regions WHERE region_id = ?').pluck().get(regionId) as number | undefined) ?? null;
}

export function isSitePhoto(db: Db, siteId: number, photoId: number): boolean {
  return db.prepare('SELECT 1 FROM site_photos WHERE site_id = ? AND photo_id = ?').get(siteId, photoId) !== undefined;
}

export function isIncidentPhoto(db: Db, incidentId: number, photoId: number): boolean {
  return db.prepare('SELECT 1 FROM incident_photos WHERE incident_id = ? AND photo_id = ?').get(incidentId, photoId) !== undefined;
}

/** The id a new site or incident gets: never one an undo could still bring back (like region ids). */
export function nextId(db: Db, table: 'sites' | 'incidents'): number {
  const action = table === 'sites' ? '%site.set' : '%incident.set';
  return (
    db
      .prepare(`SELECT max(coalesce((SELECT max(id) FROM ${table}), 0), coalesce((SELECT max(entity_id) FROM history WHERE action LIKE ?), 0)) + 1`)
      .pluck()
      .get(action) as number
  );
}

// ---- Writes the Editor applies ----

export function writeSite(db: Db, id: number, s: SiteState | null): void {
  if (s === null) {
    db.prepare('DELETE FROM sites WHERE id = ?').run(id);
    return;
  }
  db.prepare(
    `INSERT INTO sites (id, uid, name, kind, lat, lon, precision_m, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET uid = excluded.uid, name = excluded.name, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
       precision_m = excluded.precision_m, notes = excluded.notes, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  ).run(id, s.uid, s.name, s.kind, s.lat, s.lon, s.precision, s.notes, s.createdAt, s.updatedAt);
}

export function writeIncident(db: Db, id: number, s: IncidentState | null): void {
  if (s === null) {
    db.prepare('DELETE FROM incidents WHERE id = ?').run(id);
    return;
  }
  db.prepare(
    `INSERT INTO incidents (id, uid, name, start_date, end_date, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET uid = excluded.uid, name = excluded.name, start_date = excluded.start_date, end_date = excluded.end_date,
       description = excluded.description, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  ).run(id, s.uid, s.name, s.startDate, s.endDate, s.description, s.createdAt, s.updatedAt);
}

export function writeSitePhoto(db: Db, siteId: number, photoId: number, linked: boolean): void {
  if (linked) db.prepare('INSERT OR IGNORE INTO site_photos (site_id, photo_id) VALUES (?, ?)').run(siteId, photoId);
  else db.prepare('DELETE FROM site_photos WHERE site_id = ? AND photo_id = ?').run(siteId, photoId);
}

export function writeIncidentPhoto(db: Db, incidentId: number, photoId: number, linked: boolean): void {
  if (linked) db.prepare('INSERT OR IGNORE INTO incident_photos (incident_id, photo_id) VALUES (?, ?)').run(incidentId, photoId);
  else db.prepare('DELETE FROM incident_photos WHERE incident_id = ? AND photo_id = ?').run(incidentId, photoId);
}

export function writeRegionSite(db: Db, regionId: number, siteId: number | null): void {
  if (siteId === null) db.prepare('DELETE FROM site_regions WHERE region_id = ?').run(regionId);
  else db.prepare('INSERT INTO site_regions (region_id, site_id) VALUES (?, ?) ON CONFLICT(region_id) DO UPDATE SET site_id = excluded.site_id').run(regionId, siteId);
}
