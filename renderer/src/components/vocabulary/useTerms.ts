// The archive's vocabulary for the shell's views (filters, batch panel, vocabulary screen), read
// when the app opens and again whenever the archive or its vocabulary changes.
import { useCallback, useEffect, useState } from 'react';
import type { ApiEvent, Term } from '../../../../shared/api';
import type { Host } from '../../host';

export function useTerms(host: Host, onError: (message: string) => void): { terms: Term[]; handleEvent(e: ApiEvent): void } {
  const [terms, setTerms] = useState<Term[]>([]);
  const loadTerms = useCallback(async () => {
    try {
      setTerms(await host.api.getVocabulary({}));
    } catch (e) {
      onError(`Could not read the vocabulary: ${(e as Error).message}`);
    }
  }, [host, onError]);

  useEffect(() => {
    // loadTerms() sets state only after its request resolves, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadTerms();
  }, [loadTerms]);

  const handleEvent = useCallback(
    (e: ApiEvent) => {
      if (e.type === 'archive-changed' || e.type === 'vocabulary-changed') void loadTerms();
    },
    [loadTerms],
  );
  return { terms, handleEvent };
}
