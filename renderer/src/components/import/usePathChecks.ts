// The typed import paths checked by the core as the user types (after a short pause): whether each
// exists, can be read, is a file or a folder, and how many photos it holds.
import { useEffect, useState } from 'react';
import type { PathCheck } from '../../../../shared/api';
import type { Host } from '../../host';

export interface PathChecks {
  /** One per typed path, in order; null while the latest paths are being checked. */
  checks: PathCheck[] | null;
  error: string | null;
  /** Every path checked and importable. */
  ready: boolean;
}

const PAUSE_MS = 300;

export function usePathChecks(host: Host, paths: string[]): PathChecks {
  const key = JSON.stringify(paths);
  const [state, setState] = useState<{ key: string; checks: PathCheck[] | null; error: string | null }>({ key: '', checks: null, error: null });
  useEffect(() => {
    const list = JSON.parse(key) as string[];
    if (list.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      host.api.checkImportPaths({ paths: list }).then(
        (checks) => live && setState({ key, checks, error: null }),
        (e: Error) => live && setState({ key, checks: null, error: e.message }),
      );
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, key]);
  const current = state.key === key;
  const checks = current ? state.checks : null;
  return { checks, error: current ? state.error : null, ready: !!checks && checks.length > 0 && checks.every((c) => c.ok) };
}
