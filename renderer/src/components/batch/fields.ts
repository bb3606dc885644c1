// The descriptive fields a batch edit can set, with the names users know them by (IPTC Core).
import type { MetaField } from '../../../../shared/api';

/** Coordinates are per photo, never set in bulk. */
export type BatchField = Exclude<MetaField, 'lat' | 'lon'>;

export const BATCH_FIELDS: ReadonlyArray<{ field: BatchField; label: string; multiline?: boolean; hint?: string }> = [
  { field: 'title', label: 'Title' },
  { field: 'caption', label: 'Caption', multiline: true },
  { field: 'creator', label: 'Creator', hint: 'Who took the photo' },
  { field: 'credit', label: 'Credit line', hint: 'e.g. "Photo: IWPR"' },
  { field: 'copyright', label: 'Copyright' },
  { field: 'sublocation', label: 'Sublocation', hint: 'Street, district' },
  { field: 'city', label: 'City' },
  { field: 'region', label: 'Region / state' },
  { field: 'country', label: 'Country' },
  { field: 'countryCode', label: 'Country code', hint: 'ISO 3166, e.g. TJ' },
  { field: 'event', label: 'Event' },
  { field: 'source', label: 'Source' },
  { field: 'provenance', label: 'Provenance' },
];

export const FIELD_LABELS = Object.fromEntries(BATCH_FIELDS.map((f) => [f.field, f.label])) as Record<BatchField, string>;

/** Per field: text sets it on every selected photo, null clears it; fields left out stay as they are. */
export type FieldEdits = Partial<Record<BatchField, string | null>>;
