// Global undo/redo: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on macOS) anywhere except in text fields,
// where the browser's own text undo applies. Calls are chained so a held-down key undoes step by
// step, in order.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent, UndoState } from '../../../../shared/api';
import type { Host } from '../../host';
import { isTextField, primaryModifier } from './keys';

export interface UndoRedo {
  state: UndoState | null;
  reload(): void;
  undo(): void;
  redo(): void;
  /** Feeds the core's events in: an edit, undo or merge anywhere changes what can be undone. */
  handleEvent(e: ApiEvent): void;
}

export function useUndoRedo(host: Host, notify: (text: string) => void, onError: (message: string) => void): UndoRedo {
  const [state, setState] = useState<UndoState | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const reload = useCallback(() => {
    host.api.getUndoState({}).then(setState, () => setState(null));
  }, [host]);

  const run = useCallback(
    (step: () => Promise<string>) => {
      chain.current = chain.current
        .then(step)
        .then(notify, (e: Error) => onError(e.message))
        .finally(reload);
    },
    [notify, onError, reload],
  );

  const undo = useCallback(() => run(async () => {
    const r = await host.api.undo({});
    return r.undone ? `Undid: ${r.undone}` : 'Nothing to undo';
  }), [host, run]);
  const redo = useCallback(() => run(async () => {
    const r = await host.api.redo({});
    return r.redone ? `Redid: ${r.redone}` : 'Nothing to redo';
  }), [host, run]);

  useEffect(() => {
    reload();
    const onKey = (e: KeyboardEvent) => {
      // A component that handled the key itself (e.g. an editor with its own undo) prevents the default.
      if (e.defaultPrevented || isTextField(e.target) || !primaryModifier(e) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reload, undo, redo]);

  const handleEvent = useCallback(
    (e: ApiEvent) => {
      // A merge clears the undo steps (vocabulary-changed): the toolbar must say so at once.
      if (e.type === 'archive-changed' || e.type === 'annotations-changed' || e.type === 'vocabulary-changed') reload();
    },
    [reload],
  );

  return { state, reload, undo, redo, handleEvent };
}
