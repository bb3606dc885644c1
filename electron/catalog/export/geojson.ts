// Sites as GeoJSON (RFC 7946): a FeatureCollection with one Feature per site, a Point at its position
// (geometry null when it has none), and properties in OpenStreetMap's damage:* style, so ground
// truth from photographs can be set beside satellite damage assessments. The grade crosswalk to the
// xBD and UNOSAT scales comes from SEVERITIES (shared/taxonomy.ts), the one table of it.
//
// How a site's damage is assessed from the archive:
// - basis: the regions linked to the site; when none is, every region of the site's photos.
// - damage:grade is the highest severity among them ("not assessable" and ungraded regions ignored);
//   damage:confidence is "possible" when every region giving that grade says "possible".
// - damage=yes when the grade is 1 or more or a damage type is named, damage=no when the grade is 0
//   and none is, absent when nothing was assessed.
// - damage:assessment_date is the latest capture day of the photos whose regions gave the grade.
// - damage:event / damage:date: the incidents linked to the site's photos (name; start, or start..end).
import fs from 'node:fs/promises';
import type { ExportOptions } from '../../../shared/api';
import { SEVERITIES, UNOSAT_POSSIBLY_DAMAGED } from '../../../shared/taxonomy';
import { GENERATOR_NAME, forEachPhoto } from './annotation-data';
import type { ExportPhoto, ExportRegion, ExportSet } from './collect';
import type { ExportIncident, ExportSite } from './sites-data';
import type { ExportWriter } from './writer';

type Properties = Record<string, string | number | boolean | null | string[] | number[] | Array<Record<string, unknown>>>;

export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Properties;
}

export interface GeoJsonDocument {
  type: 'FeatureCollection';
  name: string;
  generator: string;
  generated: string;
  features: GeoJsonFeature[];
}

/** YYYY-MM-DD of a capture time as the file states it ("2008:10:22 16:28:39"), or null. */
function captureDay(takenAt: string | null): string | null {
  const m = takenAt ? /^(\d{4})[:-](\d{2})[:-](\d{2})/.exec(takenAt) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export interface SiteAssessment {
  basis: 'site regions' | 'photo regions' | 'none';
  grade: (typeof SEVERITIES)[number] | null;
  confidence: 'certain' | 'possible' | null;
  damageTypes: Array<{ key: string; label: string }>;
  assessmentDate: string | null;
  /** Photos whose regions gave the grade. */
  gradedBy: number[];
}

/** What the exported regions say about one site (see the rules at the top of this file). */
export function assessSite(site: ExportSite, photos: ReadonlyMap<number, ExportPhoto>): SiteAssessment {
  const linked = new Set(site.regions.map((r) => r.regionId));
  const regions: Array<{ photo: ExportPhoto; region: ExportRegion }> = [];
  for (const id of site.photoIds) {
    const p = photos.get(id);
    for (const r of p?.regions ?? []) if (linked.size === 0 || linked.has(r.id)) regions.push({ photo: p!, region: r });
  }
  const basis = regions.length === 0 ? 'none' : linked.size ? 'site regions' : 'photo regions';
  const graded = regions.filter((x) => typeof x.region.severity === 'number');
  const top = graded.length ? Math.max(...graded.map((x) => x.region.severity as number)) : null;
  const atTop = graded.filter((x) => x.region.severity === top);
  const types = new Map<string, string>();
  for (const { region } of regions) for (const d of region.damage) types.set(d.key, d.label);
  const gradedBy = [...new Set(atTop.map((x) => x.photo.photo.id))];
  const days = (gradedBy.length ? gradedBy : site.photoIds).map((id) => captureDay(photos.get(id)?.photo.takenAt ?? null)).filter((d): d is string => d !== null);
  return {
    basis,
    grade: top === null ? null : SEVERITIES[top]!,
    confidence: top === null ? null : atTop.every((x) => x.region.confidence === 'possible') ? 'possible' : 'certain',
    damageTypes: [...types].map(([key, label]) => ({ key, label })),
    assessmentDate: days.length ? days.sort().at(-1)! : null,
    gradedBy,
  };
}

/** The damage:* and crosswalk properties of an assessment. */
export function damageProperties(a: SiteAssessment): Properties {
  const p: Properties = {};
  const anyType = a.damageTypes.length > 0;
  if ((a.grade && a.grade.value > 0) || anyType) p.damage = 'yes';
  else if (a.grade) p.damage = 'no';
  if (a.grade) {
    p['damage:grade'] = a.grade.label;
    p['damage:grade_value'] = a.grade.value;
    p['damage:confidence'] = a.confidence;
    p['damage:xbd'] = a.grade.xbd;
    p['damage:unosat'] = a.confidence === 'possible' && a.grade.value >= 2 ? UNOSAT_POSSIBLY_DAMAGED : a.grade.unosat;
    p['damage:ems98'] = a.grade.ems98 === '–' ? null : a.grade.ems98;
  }
  // Semicolon-separated, as OSM lists several values; the keys without their "damage." prefix.
  if (anyType) p['damage:observed'] = a.damageTypes.map((d) => d.key.replace(/^damage\./, '')).join(';');
  p['damage:basis'] = a.basis;
  if (a.assessmentDate) p['damage:assessment_date'] = a.assessmentDate;
  return p;
}

function eventProperties(site: ExportSite, incidents: ExportIncident[]): Properties {
  const mine = new Set(site.photoIds);
  const linked = incidents.filter((i) => i.photoIds.some((id) => mine.has(id)));
  if (linked.length === 0) return {};
  const date = (i: ExportIncident) => (i.startDate && i.endDate && i.endDate !== i.startDate ? `${i.startDate}..${i.endDate}` : (i.startDate ?? i.endDate));
  const dates = linked.map(date).filter((d): d is string => d !== null);
  return {
    'damage:event': linked.map((i) => i.name).join(';'),
    ...(dates.length ? { 'damage:date': dates.join(';') } : {}),
  };
}

export function buildGeoJson(set: ExportSet, options: Pick<ExportOptions, 'sourceOrganization'>): GeoJsonDocument {
  const photos = new Map(set.photos.map((p) => [p.photo.id, p]));
  const incidents = set.sites?.incidents ?? [];
  const source = ['ground photographs', options.sourceOrganization.trim()].filter(Boolean).join(', ');
  const features = (set.sites?.sites ?? []).map((site): GeoJsonFeature => {
    const a = assessSite(site, photos);
    return {
      type: 'Feature',
      id: site.uid,
      geometry: site.lat !== null && site.lon !== null ? { type: 'Point', coordinates: [site.lon, site.lat] } : null,
      properties: {
        name: site.name,
        'site:kind': site.kind,
        'site:precision_m': site.precision,
        ...(site.notes ? { note: site.notes } : {}),
        ...damageProperties(a),
        ...eventProperties(site, incidents),
        'source:damage': source,
        photo_count: site.photoIds.length,
        photo_ids: site.photoIds,
        photo_sha256: site.photoIds.map((id) => photos.get(id)?.photo.sha256 ?? '').filter(Boolean),
        region_ids: site.regions.map((r) => r.regionId),
      },
    };
  });
  return { type: 'FeatureCollection', name: 'Damage Archive sites', generator: GENERATOR_NAME, generated: set.generatedAt, features };
}

export const write: ExportWriter = async (set, target, ctx) => {
  await forEachPhoto(set, ctx, () => undefined);
  const doc = buildGeoJson(set, ctx.options);
  await fs.writeFile(target, `${JSON.stringify(doc, null, 1)}\n`, { encoding: 'utf8', flag: 'wx' });
};
