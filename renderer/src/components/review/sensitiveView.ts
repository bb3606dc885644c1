// Which photos are shown veiled (blurred and greyed until clicked): those marked sensitive, or every
// photo when the archive's "Blur all photos until clicked" setting is on. What the user chose to see
// is kept in memory for this window only (never saved): after a reload everything is veiled again.
// One store for the grid and the photo view, so a photo shown in one is shown in the other.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Host } from '../../host';

let blurAll = false;
let revealed = new Set<number>();
let version = 0;
const listeners = new Set<() => void>();

function changed(): void {
  version++;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The Settings dialog calls this when the archive-wide setting is saved. */
export function setBlurAll(value: boolean): void {
  if (value === blurAll) return;
  blurAll = value;
  // Turning it on veils again what had been shown.
  if (value) revealed = new Set();
  changed();
}

export function revealPhoto(id: number): void {
  if (revealed.has(id)) return;
  revealed = new Set(revealed).add(id);
  changed();
}

export interface SensitiveView {
  blurAll: boolean;
  /** True while this photo is to be shown veiled. */
  veiled(p: { id: number; sensitive?: boolean }): boolean;
  reveal(id: number): void;
}

/** The veil state, with the archive's setting read once per host (and again when the archive changes). */
export function useSensitiveView(host: Host): SensitiveView {
  useSyncExternalStore(subscribe, () => version);
  const [archive, setArchive] = useState(0);
  useEffect(() => host.onEvent((e) => e.type === 'archive-changed' && setArchive((n) => n + 1)), [host]);
  useEffect(() => {
    let live = true;
    host.api.getSettings({}).then(
      (s) => live && setBlurAll(s.blurAll),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host, archive]);
  return {
    blurAll,
    veiled: (p) => (blurAll || p.sensitive === true) && !revealed.has(p.id),
    reveal: revealPhoto,
  };
}
