// The descriptive fields a batch edit can set, with the names users know them by (IPTC Core).
import { META_FIELDS, type MetaField } from '../../../../shared/api';
import { META_FIELD_SPECS } from '../../metaFields';

/** Coordinates are per photo, never set in bulk. */
export type BatchField = Exclude<MetaField, 'lat' | 'lon'>;

export const BATCH_FIELDS: ReadonlyArray<{ field: BatchField; label: string; multiline?: boolean; hint?: string }> = META_FIELDS.filter(
  (f): f is BatchField => f !== 'lat' && f !== 'lon',
).map((field) => ({ field, ...META_FIELD_SPECS[field] }));

export const FIELD_LABELS = Object.fromEntries(BATCH_FIELDS.map((f) => [f.field, f.label])) as Record<BatchField, string>;

/** Per field: text sets it on every selected photo, null clears it; fields left out stay as they are. */
export type FieldEdits = Partial<Record<BatchField, string | null>>;
