// The query the browse bar, search box and filters build, and the photos it finds (the grid's and
// the map's list). The list is read again when the query changes, and when an edit may have changed
// what the query finds (listVersion counts those re-reads).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent, PhotoQuery, PhotoSummary } from '../../../../shared/api';
import type { Host } from '../../host';
import { EMPTY_QUERY, clearAll, dependsOnAnnotations } from './query';

export interface Search {
  query: PhotoQuery;
  setQuery(query: PhotoQuery): void;
  setSearchText(text: string): void;
  /** No search text and no filters (the albums and terms of another archive mean nothing here). */
  clearQuery(): void;
  /** The photos found for the last query read (null before the first). */
  photos: PhotoSummary[] | null;
  /** The query those photos were found for, as JSON (the grid starts afresh for a new one). */
  resultsKey: string | null;
  /** How many photos the current query finds; null while it is still being read. */
  shown: number | null;
  /** Bumped each time the list is read again for the same query. */
  listVersion: number;
  reread(): void;
  /** An album or saved search was edited here: the list is read again if one is shown. */
  collectionEdited(): void;
  /** Feeds the core's events in (the shell holds the one event subscription). */
  handleEvent(e: ApiEvent): void;
}

/** onNewQuery: called whenever the query is set (the grid's cursor goes back to the top). */
export function useSearch(host: Host, onError: (message: string) => void, onNewQuery: () => void): Search {
  const [query, setQueryState] = useState<PhotoQuery>(EMPTY_QUERY);
  const queryRef = useRef(query);
  // What searchPhotos returned for the query (key: that query, as JSON).
  const [results, setResults] = useState<{ key: string; photos: PhotoSummary[] } | null>(null);
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    queryRef.current = query;
  }, [query]);

  useEffect(() => {
    let live = true;
    const key = JSON.stringify(query);
    host.api.searchPhotos(query).then(
      (p) => live && setResults({ key, photos: p }),
      (e: Error) => live && onError(`Could not search the archive: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [host, query, listVersion, onError]);

  const setQuery = useCallback(
    (q: PhotoQuery) => {
      setQueryState(q);
      onNewQuery();
    },
    [onNewQuery],
  );
  const setSearchText = useCallback((text: string) => setQuery({ ...queryRef.current, text }), [setQuery]);
  const clearQuery = useCallback(() => setQueryState((q) => clearAll(q)), []);
  const reread = useCallback(() => setListVersion((v) => v + 1), []);
  const collectionEdited = useCallback(() => {
    if (queryRef.current.collectionId !== null) reread();
  }, [reread]);

  const handleEvent = useCallback(
    (e: ApiEvent) => {
      switch (e.type) {
        case 'annotations-changed':
        case 'vocabulary-changed':
          // Only a query that looks at annotations can find other photos after an edit.
          if (dependsOnAnnotations(queryRef.current)) reread();
          return;
        case 'collections-changed':
          // An album's photos (or a saved search's) may be what the grid shows.
          collectionEdited();
          return;
        case 'archive-changed':
        case 'import-progress':
        case 'export-progress':
        case 'command':
          // The archive's own refresh says when these changed the photos.
          return;
        default:
          // Any other change the core announces: the list is read again.
          reread();
      }
    },
    [reread, collectionEdited],
  );

  const resultsKey = results?.key ?? null;
  const photos = results?.photos ?? null;
  const shown = photos && resultsKey === JSON.stringify(query) ? photos.length : null;
  return { query, setQuery, setSearchText, clearQuery, photos, resultsKey, shown, listVersion, reread, collectionEdited, handleEvent };
}
