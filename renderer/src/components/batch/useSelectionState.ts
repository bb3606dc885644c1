// What the selected photos carry now: how many have each tag, and each field's shared value, so the
// batch panel can offer their tags for removal and show what a field holds before it is overwritten.
import { useEffect, useState } from 'react';
import type { PhotoAnnotations } from '../../../../shared/api';
import type { Host } from '../../host';
import { BATCH_FIELDS, type BatchField } from './fields';

/** Above this many photos the panel does not read each one (one request per photo). */
export const STATE_LIMIT = 200;

export const VARIES = Symbol('varies');

export interface SelectionState {
  /** Term id -> how many of the selected photos carry it. */
  tagCounts: ReadonlyMap<number, number>;
  /** The value every selected photo shares (null: all empty), or VARIES. */
  common: Partial<Record<BatchField, string | null | typeof VARIES>>;
}

function summarise(list: PhotoAnnotations[]): SelectionState {
  const tagCounts = new Map<number, number>();
  for (const a of list) for (const t of a.tagIds) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  const common: SelectionState['common'] = {};
  for (const { field } of BATCH_FIELDS) {
    const values = new Set(list.map((a) => a.meta[field] ?? null));
    common[field] = values.size === 1 ? [...values][0]! : VARIES;
  }
  return { tagCounts, common };
}

/** Null while loading, or when more than STATE_LIMIT photos are selected. */
export function useSelectionState(host: Host, photoIds: number[], version: number): SelectionState | null {
  const key = `${version}:${photoIds.join(',')}`;
  const [loaded, setLoaded] = useState<{ key: string; state: SelectionState } | null>(null);
  useEffect(() => {
    const ids = key.split(':')[1]!.split(',').filter(Boolean).map(Number);
    if (ids.length === 0 || ids.length > STATE_LIMIT) return;
    let live = true;
    void (async () => {
      const list: PhotoAnnotations[] = [];
      for (let i = 0; i < ids.length && live; i += 16) {
        list.push(...(await Promise.all(ids.slice(i, i + 16).map((photoId) => host.api.getAnnotations({ photoId })))));
      }
      if (live) setLoaded({ key, state: summarise(list) });
    })().catch(() => undefined); // Only a convenience: the batch edit works without it.
    return () => {
      live = false;
    };
  }, [host, key]);
  // While a newer version loads, the same photos' previous state is shown rather than nothing.
  const sameIds = loaded !== null && loaded.key.slice(loaded.key.indexOf(':')) === key.slice(key.indexOf(':'));
  return sameIds ? loaded.state : null;
}
