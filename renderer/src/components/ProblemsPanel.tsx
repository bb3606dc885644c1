// Files that could not be imported, duplicates, XMP sidecars that could not be used and other (non-image) files, each with its reason.
import { useEffect, useState } from 'react';
import type { ImportProblem } from '../../../shared/api';
import type { Host } from '../host';

const PROBLEM_KINDS: Record<ImportProblem['kind'], string> = { error: 'Not imported', duplicate: 'Duplicate', sidecar: 'Sidecar not used', other: 'Other file' };

export function ProblemsPanel({ host, onClose, version }: { host: Host; onClose(): void; version: number }) {
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  useEffect(() => {
    void host.api.listProblems({}).then(setProblems);
  }, [host, version]);
  return (
    <section className="problems" aria-label="Import problems">
      <header>
        <h2>Import problems</h2>
        {problems !== null && problems.length > 0 && (
          <button type="button" title="Clear the list; failed entries are withdrawn (reinstate them under the Withdrawn filter). Recorded in the history." onClick={() => void host.api.clearProblems({}).then(() => setProblems([]))}>
            Clear list
          </button>
        )}
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {problems === null ? (
        <p>Loading…</p>
      ) : problems.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.kind}-${p.path}-${i}`} className={p.kind}>
              <span className="problem-kind">{PROBLEM_KINDS[p.kind]}</span>
              <span className="problem-path">{p.path}</span>
              <span className="problem-reason">{p.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
