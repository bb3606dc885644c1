// The vocabulary editor: object classes (subtypes indented), damage types and tags, each renamable,
// recolourable, with a shortcut key, hideable and mergeable; terms can be added, and the whole
// vocabulary exported and imported as JSON. Hidden and merged terms are shown greyed only here.
import { useMemo, useState } from 'react';
import type { Term } from '../../../../shared/api';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { AddTermForm } from './AddTermForm';
import { MergeDialog } from './MergeDialog';
import { TermRow, type TermPatch } from './TermRow';
import { KIND_ORDER, KIND_TITLES, byIdMap, termTree, type TermKind } from './terms';
import { VocabularyTransfer } from './VocabularyTransfer';
import './vocabulary.css';

interface Props {
  host: Host;
  terms: Term[];
  onClose(): void;
}

type Notice = { kind: 'info' | 'error'; text: string } | null;

export function VocabularyScreen({ host, terms, onClose }: Props) {
  const [tab, setTab] = useState<TermKind>('class');
  const [notice, setNotice] = useState<Notice>(null);
  const [merging, setMerging] = useState<Term | null>(null);
  const byId = useMemo(() => byIdMap(terms), [terms]);
  const rows = useMemo(() => termTree(terms, tab), [terms, tab]);

  // Each edit goes to the core; the vocabulary-changed event then brings the new terms back.
  const guarded = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await action();
      return true;
    } catch (e) {
      setNotice({ kind: 'error', text: `${what}: ${(e as Error).message}` });
      return false;
    }
  };
  const update = (term: Term, patch: TermPatch) => {
    setNotice(null);
    return guarded(`Could not change “${term.label}”`, () => host.api.updateTerm({ id: term.id, ...patch }));
  };

  return (
    <Modal title="Vocabulary" onClose={onClose} className="vocabulary">
      <header className="vocab-header">
        <h2>Vocabulary</h2>
        <span className="spacer" />
        <VocabularyTransfer host={host} onNotice={(kind, text) => setNotice({ kind, text })} />
        <button type="button" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </header>
      <p className="muted small">
        Object classes and damage types describe regions; any term can also tag a whole photo. Hidden and merged terms are greyed here and offered nowhere else.
      </p>
      {notice && (
        <p className={notice.kind === 'error' ? 'vocab-notice error' : 'vocab-notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <div className="vocab-tabs" role="tablist" aria-label="Kinds of term">
        {KIND_ORDER.map((k) => {
          const count = terms.filter((t) => t.kind === k && t.mergedInto === null).length;
          return (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'active' : undefined} onClick={() => setTab(k)}>
              {`${KIND_TITLES[k]} (${count})`}
            </button>
          );
        })}
      </div>
      <div className="vocab-table-wrap" role="tabpanel" aria-label={KIND_TITLES[tab]}>
        {rows.length === 0 ? (
          <p className="muted">{tab === 'tag' ? 'No tags yet: add one below, or type a new one in the tag panel.' : 'None.'}</p>
        ) : (
          <table className="vocab-table">
            <thead>
              <tr>
                <th>Colour</th>
                <th>Label</th>
                <th>Key</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map(({ term, depth }) => (
                <TermRow
                  key={term.id}
                  term={term}
                  depth={depth}
                  terms={terms}
                  byId={byId}
                  onUpdate={(patch) => update(term, patch)}
                  onMerge={() => setMerging(term)}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <AddTermForm
        key={tab}
        terms={terms}
        defaultKind={tab}
        onAdd={(input) =>
          guarded('Could not add the term', async () => {
            const t = await host.api.addTerm(input);
            setTab(t.kind);
            setNotice({ kind: 'info', text: `Added “${t.label}”.` });
          })
        }
      />
      {merging && (
        <MergeDialog
          from={merging}
          terms={terms}
          onCancel={() => setMerging(null)}
          onMerge={async (intoId) => {
            const into = byId.get(intoId);
            // Success or failure, the notice says what happened and the dialog has done its job.
            await guarded(`Could not merge “${merging.label}”`, async () => {
              const r = await host.api.mergeTerms({ fromId: merging.id, intoId });
              setNotice({ kind: 'info', text: `Merged “${merging.label}” into “${into?.label ?? intoId}”: ${r.moved} use${r.moved === 1 ? '' : 's'} moved.` });
            });
            setMerging(null);
          }}
        />
      )}
    </Modal>
  );
}
