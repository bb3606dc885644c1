// The descriptive fields (IPTC Core names users know), labelled once for every form that edits them.
import type { FileDescriptive, MetaField } from '../../shared/api';

export interface MetaFieldSpec {
  label: string;
  group: 'Description' | 'Place' | 'Context';
  hint?: string;
  multiline?: boolean;
  /** The file's own IPTC/XMP value shown until the user writes one. */
  fromFile?: Exclude<keyof FileDescriptive, 'keywords'>;
}

export const META_FIELD_SPECS: Record<MetaField, MetaFieldSpec> = {
  title: { label: 'Title', group: 'Description', fromFile: 'title' },
  caption: { label: 'Caption', group: 'Description', fromFile: 'caption', multiline: true },
  creator: { label: 'Creator', group: 'Description', fromFile: 'creator', hint: 'Who took the photo' },
  credit: { label: 'Credit line', group: 'Description', fromFile: 'credit', hint: 'e.g. "Photo: IWPR"' },
  copyright: { label: 'Copyright', group: 'Description', fromFile: 'copyright' },
  sublocation: { label: 'Sublocation', group: 'Place', hint: 'Street, district' },
  city: { label: 'City', group: 'Place' },
  region: { label: 'Region / state', group: 'Place' },
  country: { label: 'Country', group: 'Place' },
  countryCode: { label: 'Country code', group: 'Place', hint: 'ISO 3166, e.g. TJ' },
  lat: { label: 'Latitude', group: 'Place' },
  lon: { label: 'Longitude', group: 'Place' },
  event: { label: 'Event / incident', group: 'Context' },
  source: { label: 'Source', group: 'Context' },
  provenance: { label: 'Provenance', group: 'Context', multiline: true },
};
