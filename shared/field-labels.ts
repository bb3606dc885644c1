// What people call the descriptive fields, for every place that names them (forms, history lines).
import type { MetaField } from './api';

export const META_FIELD_LABELS: Record<MetaField, string> = {
  title: 'Title',
  caption: 'Caption',
  creator: 'Creator',
  credit: 'Credit line',
  copyright: 'Copyright',
  sublocation: 'Sublocation',
  city: 'City',
  region: 'Region / state',
  country: 'Country',
  countryCode: 'Country code',
  lat: 'Latitude',
  lon: 'Longitude',
  event: 'Event / incident',
  source: 'Source',
  provenance: 'Provenance',
};
