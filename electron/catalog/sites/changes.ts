// Site and incident edits as Editor change sets: creating, editing and deleting them, and linking
// photos and regions. Each API call is one undoable step recorded in the history; the label says
// what happened in words ("Link 3 photos to site "Van at checkpoint"").
import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../../shared/api';
import type { Db } from '../db';
import { InvalidRequestError, NotFoundError } from '../errors';
import {
  findIncident,
  findSite,
  getIncident,
  getSite,
  incidentStateOf,
  isIncidentPhoto,
  isSitePhoto,
  nextId,
  siteOfRegion,
  siteStateOf,
  writeIncident,
  writeIncidentPhoto,
  writeRegionSite,
  writeSite,
  writeSitePhoto,
  type IncidentState,
  type SiteState,
} from './store';

export type SiteChange =
  | { action: 'site.set'; photoId: null; entityId: number; old: SiteState | null; new: SiteState | null }
  | { action: 'incident.set'; photoId: null; entityId: number; old: IncidentState | null; new: IncidentState | null }
  /** entityId is the site (or incident); old/new: whether the photo is linked. */
  | { action: 'site.photo' | 'incident.photo'; photoId: number; entityId: number; old: boolean; new: boolean }
  /** entityId is the region; old/new: the site it shows. */
  | { action: 'site.region'; photoId: number | null; entityId: number; old: number | null; new: number | null };

export function applySiteChange(db: Db, c: SiteChange, forward: boolean): void {
  switch (c.action) {
    case 'site.set':
      return writeSite(db, c.entityId, forward ? c.new : c.old);
    case 'incident.set':
      return writeIncident(db, c.entityId, forward ? c.new : c.old);
    case 'site.photo':
      return writeSitePhoto(db, c.entityId, c.photoId, forward ? c.new : c.old);
    case 'incident.photo':
      return writeIncidentPhoto(db, c.entityId, c.photoId, forward ? c.new : c.old);
    case 'site.region':
      return writeRegionSite(db, c.entityId, forward ? c.new : c.old);
  }
}

/** What the service gives the edits: the catalogue and a way to commit one step. */
export interface SiteEditContext {
  db: Db;
  commit(build: () => SiteChange[], label: () => string): number[];
  /** Photos whose links changed (the UI refreshes them). */
  changed(photoIds: number[]): void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const now = () => new Date().toISOString();

function requirePhotos(db: Db, ids: number[]): number[] {
  const unique = [...new Set(ids)];
  const found = new Set(
    db.prepare("SELECT id FROM photos WHERE status <> 'error' AND id IN (SELECT value FROM json_each(?))").pluck().all(JSON.stringify(unique)) as number[],
  );
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new NotFoundError(`No photo with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} in this archive.`);
  return unique;
}

function checkPosition(lat: number | null, lon: number | null): void {
  if ((lat === null) !== (lon === null)) throw new InvalidRequestError('Give both latitude and longitude, or neither.');
}

function checkRange(start: string | null, end: string | null): void {
  // Compared as text: the earliest day a partial date can mean against the latest day the other can.
  if (start !== null && end !== null && `${start}-01-01`.slice(0, 10) > `${end}-12-31`.slice(0, 10)) {
    throw new InvalidRequestError(`The incident cannot end (${end}) before it starts (${start}).`);
  }
}

/** The site and incident methods of the API, over a session's catalogue and editor. */
export function siteHandlers(ctx: () => SiteEditContext): Pick<
  ApiHandlers,
  'createSite' | 'updateSite' | 'deleteSite' | 'createIncident' | 'updateIncident' | 'deleteIncident' | 'linkSitePhotos' | 'linkIncidentPhotos' | 'linkRegionSite'
> {
  return {
    createSite: async (input) => {
      const { db, commit } = ctx();
      checkPosition(input.lat, input.lon);
      let id = 0;
      commit(
        () => {
          id = nextId(db, 'sites');
          const at = now();
          return [{ action: 'site.set', photoId: null, entityId: id, old: null, new: { uid: randomUUID(), ...input, createdAt: at, updatedAt: at } }];
        },
        () => `Create site "${input.name}"`,
      );
      return getSite(db, id);
    },
    updateSite: async ({ id, ...patch }) => {
      const { db, commit } = ctx();
      const before = getSite(db, id);
      const old = siteStateOf(before);
      const next: SiteState = { ...old, ...patch, updatedAt: now() };
      checkPosition(next.lat, next.lon);
      const same = (Object.keys(patch) as Array<keyof typeof patch>).every((k) => patch[k] === undefined || patch[k] === old[k]);
      if (!same) commit(() => [{ action: 'site.set', photoId: null, entityId: id, old, new: next }], () => `Edit site "${before.name}"`);
      return getSite(db, id);
    },
    deleteSite: async ({ id }) => {
      const c = ctx();
      const before = getSite(c.db, id);
      const photos = c.db.prepare('SELECT photo_id FROM site_photos WHERE site_id = ? ORDER BY photo_id').pluck().all(id) as number[];
      const regions = c.db.prepare('SELECT sr.region_id AS regionId, r.photo_id AS photoId FROM site_regions sr LEFT JOIN regions r ON r.id = sr.region_id WHERE sr.site_id = ?').all(id) as Array<{
        regionId: number;
        photoId: number | null;
      }>;
      // Links go first and come back last on undo, after the site they point at.
      const touched = c.commit(
        () => [
          ...regions.map((r): SiteChange => ({ action: 'site.region', photoId: r.photoId, entityId: r.regionId, old: id, new: null })),
          ...photos.map((p): SiteChange => ({ action: 'site.photo', photoId: p, entityId: id, old: true, new: false })),
          { action: 'site.set', photoId: null, entityId: id, old: siteStateOf(before), new: null },
        ],
        () => `Delete site "${before.name}"${photos.length ? ` (linked to ${plural(photos.length, 'photo')})` : ''}`,
      );
      c.changed(touched);
      return { deleted: true };
    },
    createIncident: async (input) => {
      const { db, commit } = ctx();
      checkRange(input.startDate, input.endDate);
      let id = 0;
      commit(
        () => {
          id = nextId(db, 'incidents');
          const at = now();
          return [{ action: 'incident.set', photoId: null, entityId: id, old: null, new: { uid: randomUUID(), ...input, createdAt: at, updatedAt: at } }];
        },
        () => `Create incident "${input.name}"`,
      );
      return getIncident(db, id);
    },
    updateIncident: async ({ id, ...patch }) => {
      const { db, commit } = ctx();
      const before = getIncident(db, id);
      const old = incidentStateOf(before);
      const next: IncidentState = { ...old, ...patch, updatedAt: now() };
      checkRange(next.startDate, next.endDate);
      const same = (Object.keys(patch) as Array<keyof typeof patch>).every((k) => patch[k] === undefined || patch[k] === old[k]);
      if (!same) commit(() => [{ action: 'incident.set', photoId: null, entityId: id, old, new: next }], () => `Edit incident "${before.name}"`);
      return getIncident(db, id);
    },
    deleteIncident: async ({ id }) => {
      const c = ctx();
      const before = getIncident(c.db, id);
      const photos = c.db.prepare('SELECT photo_id FROM incident_photos WHERE incident_id = ? ORDER BY photo_id').pluck().all(id) as number[];
      const touched = c.commit(
        () => [
          ...photos.map((p): SiteChange => ({ action: 'incident.photo', photoId: p, entityId: id, old: true, new: false })),
          { action: 'incident.set', photoId: null, entityId: id, old: incidentStateOf(before), new: null },
        ],
        () => `Delete incident "${before.name}"${photos.length ? ` (linked to ${plural(photos.length, 'photo')})` : ''}`,
      );
      c.changed(touched);
      return { deleted: true };
    },
    linkSitePhotos: async ({ siteId, photoIds, linked }) => {
      const c = ctx();
      const site = getSite(c.db, siteId);
      const ids = requirePhotos(c.db, photoIds).filter((p) => isSitePhoto(c.db, siteId, p) !== linked);
      // Unlinking a photo also unlinks its regions from the site: a region shows the site only in a photo of it.
      const regions = linked
        ? []
        : (c.db
            .prepare('SELECT sr.region_id AS regionId, r.photo_id AS photoId FROM site_regions sr JOIN regions r ON r.id = sr.region_id WHERE sr.site_id = ? AND r.photo_id IN (SELECT value FROM json_each(?))')
            .all(siteId, JSON.stringify(ids)) as Array<{ regionId: number; photoId: number }>);
      const touched = c.commit(
        () => [
          ...regions.map((r): SiteChange => ({ action: 'site.region', photoId: r.photoId, entityId: r.regionId, old: siteId, new: null })),
          ...ids.map((p): SiteChange => ({ action: 'site.photo', photoId: p, entityId: siteId, old: !linked, new: linked })),
        ],
        () => `${linked ? 'Link' : 'Unlink'} ${ids.length === 1 ? `photo ${ids[0]}` : plural(ids.length, 'photo')} ${linked ? 'to' : 'from'} site "${site.name}"`,
      );
      c.changed(touched);
      return { changed: ids.length };
    },
    linkIncidentPhotos: async ({ incidentId, photoIds, linked }) => {
      const c = ctx();
      const incident = getIncident(c.db, incidentId);
      const ids = requirePhotos(c.db, photoIds).filter((p) => isIncidentPhoto(c.db, incidentId, p) !== linked);
      const touched = c.commit(
        () => ids.map((p): SiteChange => ({ action: 'incident.photo', photoId: p, entityId: incidentId, old: !linked, new: linked })),
        () => `${linked ? 'Link' : 'Unlink'} ${ids.length === 1 ? `photo ${ids[0]}` : plural(ids.length, 'photo')} ${linked ? 'to' : 'from'} incident "${incident.name}"`,
      );
      c.changed(touched);
      return { changed: ids.length };
    },
    linkRegionSite: async ({ regionId, siteId }) => {
      const c = ctx();
      const region = c.db.prepare('SELECT photo_id FROM regions WHERE id = ?').get(regionId) as { photo_id: number } | undefined;
      if (!region) throw new NotFoundError(`No region with id ${regionId} in this archive.`);
      const site = siteId === null ? null : getSite(c.db, siteId);
      const old = siteOfRegion(c.db, regionId);
      if (old === siteId) return { siteId };
      const oldName = old === null ? null : (findSite(c.db, old)?.name ?? `site ${old}`);
      const changes: SiteChange[] = [{ action: 'site.region', photoId: region.photo_id, entityId: regionId, old, new: siteId }];
      // The region's photo is a photo of the site too.
      if (siteId !== null && !isSitePhoto(c.db, siteId, region.photo_id)) changes.push({ action: 'site.photo', photoId: region.photo_id, entityId: siteId, old: false, new: true });
      const touched = c.commit(
        () => changes,
        () => (site ? `Region R-${regionId} shows site "${site.name}"` : `Region R-${regionId} no longer shows site "${oldName}"`),
      );
      c.changed(touched);
      return { siteId };
    },
  };
}

/** Readable lines for a site or incident history entry (see custody/readable.ts). */
export function siteLines(db: Db, action: string, entityId: number | null, oldValue: unknown, newValue: unknown): string[] {
  const siteName = (id: unknown) => (typeof id === 'number' ? `"${findSite(db, id)?.name ?? `site ${id}`}"` : '(none)');
  switch (action) {
    case 'site.set':
    case 'incident.set': {
      const what = action === 'site.set' ? 'Site' : 'Incident';
      const o = oldValue as Record<string, unknown> | null;
      const n = newValue as Record<string, unknown> | null;
      if (!o && n) return [`${what} "${String(n.name)}" created`];
      if (o && !n) return [`${what} "${String(o.name)}" deleted`];
      if (!o || !n) return [];
      const keys = ['name', 'kind', 'lat', 'lon', 'precision', 'notes', 'startDate', 'endDate', 'description'];
      const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : String(v));
      return keys.filter((k) => k in n && o[k] !== n[k]).map((k) => `${what} "${String(o.name)}": ${k} ${show(o[k])} → ${show(n[k])}`);
    }
    case 'site.photo':
      return [`${newValue === true ? 'Linked to' : 'Unlinked from'} site ${siteName(entityId)}`];
    case 'incident.photo': {
      const name = entityId === null ? '' : (findIncident(db, entityId)?.name ?? `incident ${entityId}`);
      return [`${newValue === true ? 'Linked to' : 'Unlinked from'} incident "${name}"`];
    }
    case 'site.region':
      return [`Region R-${entityId ?? '?'}: site ${siteName(oldValue)} → ${siteName(newValue)}`];
    default:
      return [];
  }
}
