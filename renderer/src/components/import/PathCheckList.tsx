// What the core found at each typed import path, shown under the box before anything starts.
import type { PathCheck } from '../../../../shared/api';
import './import.css';

function summary(c: PathCheck): string {
  if (!c.ok) return `Cannot import: ${c.reason ?? 'unknown reason'}`;
  if (c.kind === 'file') return 'File, ready to import';
  const n = c.files ?? 0;
  return n === 0 ? 'Folder with no importable photos' : `Folder: ${n.toLocaleString()} photo${n === 1 ? '' : 's'} to import (subfolders included)`;
}

export function PathCheckList({ checks, error, pending }: { checks: PathCheck[] | null; error: string | null; pending: number }) {
  if (error) return <p className="error">{`Could not check the paths: ${error}`}</p>;
  if (!checks) return pending > 0 ? <p className="muted path-checking" aria-live="polite">Checking…</p> : null;
  return (
    <ul className="path-checks" aria-label="Path checks" aria-live="polite">
      {checks.map((c, i) => (
        <li key={`${i}:${c.input}`} className={c.ok ? (c.files === 0 ? 'warn' : 'ok') : 'bad'}>
          <span className="mark" aria-hidden="true">{c.ok ? (c.files === 0 ? '!' : '✓') : '✗'}</span>
          {/* Paths read left to right whatever the interface's direction. */}
          <bdi className="path" dir="ltr" title={c.path}>
            {c.path}
          </bdi>
          <span className="what">{summary(c)}</span>
        </li>
      ))}
    </ul>
  );
}
