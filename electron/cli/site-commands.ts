// Sites from the command line, over the same core as the app: list them, add one, link or unlink
// photos. Edits go through the Editor in the catalogue's undo mode (one step each, undoable in the
// app), under the archive's writer lock.
import { z } from 'zod';
import { apiSchema, type Site } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { actorName } from '../catalog/custody/record';
import { Editor } from '../catalog/edits';
import { siteHandlers } from '../catalog/sites/changes';
import { listSites } from '../catalog/sites/store';
import { AnnotateUsageError } from './annotate-commands';

export const SITE_COMMANDS = new Set(['sites', 'site']);

export const SITE_USAGE = `  sites --archive <dir> [--json]
      Every site: name, kind, position with its precision, photos linked.
  site add --archive <dir> --name <text> [--kind building|vehicle|street|other] [--lat <deg> --lon <deg>]
           [--precision 10|100|1000] [--note <text>] [--json]
  site link|unlink <site id> <photo id>[,<id>...] --archive <dir> [--json]
      Add a site, or link photos to it (or unlink them); each is one undoable step in the history.`;

export const SITE_ARGS = {
  name: { type: 'string' },
  kind: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  precision: { type: 'string' },
} as const;

export interface SiteOptions {
  json: boolean;
  actor?: string;
  name?: string;
  kind?: string;
  lat?: string;
  lon?: string;
  precision?: string;
  note?: string;
}

/** sites and site commands that only read. */
export const siteCommandReads = (command: string): boolean => command === 'sites';

/** "50.1, 30.2 ±100 m", or "no position". */
function where(s: Site): string {
  if (s.lat === null || s.lon === null) return 'no position';
  return `${s.lat}, ${s.lon}${s.precision ? ` ±${s.precision >= 1000 ? `${s.precision / 1000} km` : `${s.precision} m`}` : ''}`;
}

const numberOrNull = (s: string | undefined) => (s === undefined ? null : Number(s));

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AnnotateUsageError(z.prettifyError(r.error));
  return r.data;
}

export async function siteCommand(archive: Archive, command: string, rest: string[], o: SiteOptions, out: NodeJS.WritableStream): Promise<number> {
  const print = (value: unknown, text: string) => out.write(o.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  if (command === 'sites') {
    const sites = listSites(archive.db);
    print(sites, sites.map((s) => `${s.id}\t${s.name}\t${s.kind}\t${where(s)}\t${s.photoCount} photo${s.photoCount === 1 ? '' : 's'}`).join('\n'));
    return 0;
  }
  const editor = new Editor(archive.db, () => o.actor?.trim() || actorName(archive.db), () => {}, 'catalogue');
  const api = siteHandlers(() => ({ db: archive.db, commit: (build, label) => editor.commit(build, label), changed: () => {} }));
  const [sub, siteText, idsText] = rest;
  if (sub === 'add') {
    const input = parse(apiSchema.createSite.input, {
      name: o.name ?? '', kind: o.kind ?? 'building', lat: numberOrNull(o.lat), lon: numberOrNull(o.lon), precision: numberOrNull(o.precision), notes: o.note ?? '',
    });
    const site = await api.createSite(input);
    print(site, `Site ${site.id} "${site.name}" added.`);
    return 0;
  }
  if (sub === 'link' || sub === 'unlink') {
    const input = parse(apiSchema.linkSitePhotos.input, {
      siteId: Number(siteText),
      photoIds: (idsText ?? '').split(',').filter(Boolean).map(Number),
      linked: sub === 'link',
    });
    const r = await api.linkSitePhotos(input);
    print(r, `${r.changed} photo${r.changed === 1 ? '' : 's'} ${sub}ed.`);
    return 0;
  }
  throw new AnnotateUsageError('site add --name <text> | site link <site id> <photo ids> | site unlink <site id> <photo ids>.');
}
