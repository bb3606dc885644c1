// The site and incident methods of the API over a session's archive and editor: reads straight from
// the catalogue, edits as Editor steps (sites/changes.ts), and a 'sites-changed' event after each.
import type { ApiEvent, ApiHandlers } from '../../shared/api';
import { requirePhoto } from '../catalog/annotations';
import type { Db } from '../catalog/db';
import type { Editor } from '../catalog/edits';
import { siteHandlers } from '../catalog/sites/changes';
import { listIncidents, listSites, photoPlaces, sitePage } from '../catalog/sites/store';

type SiteMethods =
  | 'listSites' | 'listIncidents' | 'getSite' | 'getPhotoPlaces' | 'createSite' | 'updateSite' | 'deleteSite'
  | 'createIncident' | 'updateIncident' | 'deleteIncident' | 'linkSitePhotos' | 'linkIncidentPhotos' | 'linkRegionSite';

export interface SitesApiHost {
  db(): Db;
  editor(): Editor;
  emit(e: ApiEvent): void;
}

/** History actions of site edits: an undo or redo of one of these changes the Sites view. */
export const isSiteAction = (action: string): boolean => /^(site|incident)\./.test(action);

export function sitesApi(host: SitesApiHost): Pick<ApiHandlers, SiteMethods> {
  const edits = siteHandlers(() => ({
    db: host.db(),
    commit: (build, label) => host.editor().commit(build, label),
    changed: (photoIds) => {
      if (photoIds.length) host.emit({ type: 'annotations-changed', photoIds });
    },
  }));
  // Every edit tells the Sites view to reload, whatever it touched.
  const announced = Object.fromEntries(
    Object.entries(edits).map(([name, fn]) => [
      name,
      async (input: never) => {
        const r = await (fn as (i: never) => Promise<unknown>)(input);
        host.emit({ type: 'sites-changed' });
        return r;
      },
    ]),
  ) as unknown as typeof edits;
  return {
    ...announced,
    listSites: async () => listSites(host.db()),
    listIncidents: async () => listIncidents(host.db()),
    getSite: async ({ id }) => sitePage(host.db(), id),
    getPhotoPlaces: async ({ photoId }) => {
      requirePhoto(host.db(), photoId);
      return photoPlaces(host.db(), photoId);
    },
  };
}
