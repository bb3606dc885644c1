// Albums (photos put there by hand) and saved searches (a stored query) in the sidebar. Clicking
// one shows it in the grid; the grid's selection can be added to or taken out of an album with the
// row's buttons or by dragging the selected tiles onto it.
import { useState } from 'react';
import type { Collection, PhotoQuery } from '../../../../shared/api';
import type { Host } from '../../host';
import { EMPTY_QUERY, isFiltered, sameQuery } from '../search/query';
import { draggedPhotos, isPhotoDrag } from './dnd';
import { NameForm } from './NameForm';

interface Props {
  host: Host;
  collections: Collection[];
  error: string | null;
  query: PhotoQuery;
  selectedIds: number[];
  onQuery(q: PhotoQuery): void;
  /** After any change: the list, the counts and possibly the grid are stale. */
  onChanged(): void;
  notify(text: string): void;
  onError(message: string): void;
}

type Editing = { mode: 'new-album' } | { mode: 'new-search' } | { mode: 'rename'; id: number } | { mode: 'delete'; id: number } | null;

const plural = (n: number) => `${n.toLocaleString()} photo${n === 1 ? '' : 's'}`;

export function CollectionsPanel({ host, collections, error, query, selectedIds, onQuery, onChanged, notify, onError }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  const run = async (work: () => Promise<string>) => {
    try {
      notify(await work());
      setEditing(null);
    } catch (e) {
      onError((e as Error).message);
    } finally {
      onChanged();
    }
  };

  const create = (name: string, kind: 'album' | 'search') =>
    run(async () => {
      const c = await host.api.createCollection(
        kind === 'album' ? { name, kind, photoIds: selectedIds } : { name, kind, query },
      );
      return kind === 'album' ? `Album "${c.name}" made with ${plural(c.count)}.` : `Search saved as "${c.name}".`;
    });
  const addTo = (c: Collection, ids: number[]) =>
    run(async () => {
      const after = await host.api.addToCollection({ id: c.id, photoIds: ids });
      return `Added ${plural(ids.length)} to "${c.name}" (now ${plural(after.count)}).`;
    });
  const removeFrom = (c: Collection, ids: number[]) =>
    run(async () => {
      const after = await host.api.removeFromCollection({ id: c.id, photoIds: ids });
      return `Took ${plural(ids.length)} out of "${c.name}" (now ${plural(after.count)}).`;
    });
  const resave = (c: Collection) =>
    run(async () => {
      const after = await host.api.updateCollection({ id: c.id, query });
      return `"${c.name}" now keeps the current search (${plural(after.count)}).`;
    });
  const rename = (c: Collection, name: string) =>
    run(async () => {
      await host.api.updateCollection({ id: c.id, name });
      return `Renamed to "${name}".`;
    });
  const remove = (c: Collection) =>
    run(async () => {
      await host.api.deleteCollection({ id: c.id });
      if (query.collectionId === c.id) onQuery({ ...query, collectionId: null });
      return `Deleted "${c.name}". Its photos stay in the archive.`;
    });

  const isActive = (c: Collection) => (c.kind === 'album' ? query.collectionId === c.id : !!c.query && sameQuery(c.query, query));
  const open = (c: Collection) => {
    if (c.kind === 'album') onQuery(query.collectionId === c.id ? { ...query, collectionId: null } : { ...EMPTY_QUERY, sort: query.sort, collectionId: c.id });
    else if (c.query) onQuery(isActive(c) ? { ...EMPTY_QUERY, sort: query.sort } : c.query);
  };

  return (
    <section className="collections" aria-label="Collections">
      <div className="sidebar-head">
        <h2>Collections</h2>
      </div>
      <div className="collection-actions">
        <button
          type="button"
          className="small"
          disabled={selectedIds.length === 0}
          title={selectedIds.length === 0 ? 'Select photos in the grid first' : `A new album with the ${plural(selectedIds.length)} selected`}
          onClick={() => setEditing({ mode: 'new-album' })}
        >
          New album from selection
        </button>
        <button type="button" className="small" disabled={!isFiltered(query)} title="Keep the current search and filters under a name" onClick={() => setEditing({ mode: 'new-search' })}>
          Save search
        </button>
      </div>
      {(editing?.mode === 'new-album' || editing?.mode === 'new-search') && (
        <NameForm
          label={editing.mode === 'new-album' ? 'Album name' : 'Saved search name'}
          initial={editing.mode === 'new-album' ? 'New album' : query.text.trim() || 'Saved search'}
          submit={editing.mode === 'new-album' ? 'Create album' : 'Save'}
          onSubmit={(name) => void create(name, editing.mode === 'new-album' ? 'album' : 'search')}
          onCancel={() => setEditing(null)}
        />
      )}
      {error && <p className="error small">Collections could not be read: {error}</p>}
      {collections.length === 0 && <p className="muted small">No albums or saved searches yet.</p>}
      <ul className="collection-list">
        {collections.map((c) => {
          const active = isActive(c);
          const canDrop = c.kind === 'album';
          return (
            <li
              key={c.id}
              className={`collection${dropTarget === c.id ? ' drop-target' : ''}`}
              data-collection-id={c.id}
              onDragOver={(e) => {
                if (!canDrop || !isPhotoDrag(e.dataTransfer)) return;
                e.preventDefault();
                e.stopPropagation();
                e.dataTransfer.dropEffect = 'copy';
                if (dropTarget !== c.id) setDropTarget(c.id);
              }}
              onDragLeave={() => setDropTarget((t) => (t === c.id ? null : t))}
              onDrop={(e) => {
                if (!canDrop || !isPhotoDrag(e.dataTransfer)) return;
                e.preventDefault();
                e.stopPropagation();
                setDropTarget(null);
                const ids = draggedPhotos(e.dataTransfer);
                if (ids.length > 0) void addTo(c, ids);
              }}
            >
              {editing?.mode === 'rename' && editing.id === c.id ? (
                <NameForm label="New name" initial={c.name} submit="Rename" onSubmit={(name) => void rename(c, name)} onCancel={() => setEditing(null)} />
              ) : editing?.mode === 'delete' && editing.id === c.id ? (
                <div className="collection-confirm" role="group" aria-label={`Delete ${c.name}?`}>
                  <span>
                    Delete {c.kind === 'album' ? 'album' : 'saved search'} “{c.name}”? The photos stay in the archive.
                  </span>
                  <div className="row">
                    <button type="button" className="small danger" onClick={() => void remove(c)}>
                      Delete
                    </button>
                    <button type="button" className="small" autoFocus onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </div>
                </div>
              ) : (
                <>
                  <button type="button" className="collection-open" aria-pressed={active} title={c.kind === 'album' ? 'Show this album' : 'Run this saved search'} onClick={() => open(c)}>
                    <span className="collection-kind" aria-hidden="true">
                      {c.kind === 'album' ? '▦' : '⌕'}
                    </span>
                    <span className="collection-name">{c.name}</span>
                    <span className="collection-count" aria-label={plural(c.count)}>
                      {c.count.toLocaleString()}
                    </span>
                  </button>
                  <span className="collection-tools">
                    {c.kind === 'album' && (
                      <>
                        <button type="button" className="icon small" disabled={selectedIds.length === 0} aria-label={`Add the selection to ${c.name}`} title="Add the selected photos" onClick={() => void addTo(c, selectedIds)}>
                          +
                        </button>
                        <button type="button" className="icon small" disabled={selectedIds.length === 0} aria-label={`Remove the selection from ${c.name}`} title="Take the selected photos out" onClick={() => void removeFrom(c, selectedIds)}>
                          −
                        </button>
                      </>
                    )}
                    {c.kind === 'search' && !active && isFiltered(query) && (
                      <button type="button" className="icon small" aria-label={`Save the current search as ${c.name}`} title="Replace with the current search and filters" onClick={() => void resave(c)}>
                        ⟳
                      </button>
                    )}
                    <button type="button" className="icon small" aria-label={`Rename ${c.name}`} title="Rename" onClick={() => setEditing({ mode: 'rename', id: c.id })}>
                      ✎
                    </button>
                    <button type="button" className="icon small" aria-label={`Delete ${c.name}`} title="Delete" onClick={() => setEditing({ mode: 'delete', id: c.id })}>
                      ×
                    </button>
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
