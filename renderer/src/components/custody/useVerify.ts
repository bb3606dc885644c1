// State of one "Verify" run: progress from the core's verify-progress events, then the result.
import { useCallback, useEffect, useState } from 'react';
import type { VerifyResult } from '../../../../shared/api';
import type { Host } from '../../host';

export type VerifyState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; result: VerifyResult; finishedAt: Date }
  | { phase: 'failed'; message: string };

export function useVerify(host: Host): { state: VerifyState; start(): void } {
  const [state, setState] = useState<VerifyState>({ phase: 'idle' });
  useEffect(
    () =>
      host.onEvent((e) => {
        if (e.type === 'verify-progress') setState((s) => (s.phase === 'running' ? { phase: 'running', done: e.done, total: e.total } : s));
      }),
    [host],
  );
  const start = useCallback(() => {
    setState({ phase: 'running', done: 0, total: 0 });
    host.api.verifyArchive({}).then(
      (result) => setState({ phase: 'done', result, finishedAt: new Date() }),
      (e: Error) => setState({ phase: 'failed', message: e.message }),
    );
  }, [host]);
  return { state, start };
}
