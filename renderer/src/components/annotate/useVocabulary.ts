// The archive's vocabulary, reloaded whenever it changes.
import { useEffect, useState } from 'react';
import type { Host } from '../../host';
import { makeVocabulary, type Vocabulary } from './terms';

export function useVocabulary(host: Host, version: number): { vocab: Vocabulary | null; error: string | null } {
  const [state, setState] = useState<{ vocab: Vocabulary | null; error: string | null }>({ vocab: null, error: null });
  useEffect(() => {
    let live = true;
    host.api
      .getVocabulary({})
      .then((terms) => live && setState({ vocab: makeVocabulary(terms), error: null }))
      .catch((e: Error) => live && setState((s) => ({ vocab: s.vocab, error: `Could not read the vocabulary: ${e.message}` })));
    return () => {
      live = false;
    };
  }, [host, version]);
  return state;
}
