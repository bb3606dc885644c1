// Moves a vocabulary between archives as a JSON file: export downloads it, import reads a file the
// user picks, says what it would do, and applies it on confirmation (it adds and updates, never deletes).
import { useRef, useState } from 'react';
import { VocabularyFile } from '../../../../shared/api';
import type { Host } from '../../host';

interface Props {
  host: Host;
  onNotice(kind: 'info' | 'error', text: string): void;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function VocabularyTransfer({ host, onNotice }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; file: VocabularyFile } | null>(null);

  const exportFile = async () => {
    try {
      const file = await host.api.exportVocabulary({});
      download(`vocabulary-${new Date().toISOString().slice(0, 10)}.json`, `${JSON.stringify(file, null, 2)}\n`);
      onNotice('info', `Exported ${file.terms.length} terms.`);
    } catch (e) {
      onNotice('error', `Could not export: ${(e as Error).message}`);
    }
  };

  const read = async (f: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await f.text());
    } catch {
      onNotice('error', `${f.name} is not JSON.`);
      return;
    }
    const parsed = VocabularyFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      onNotice('error', `${f.name} is not a Damage Archive vocabulary file${issue ? ` (${issue.path.join('.') || 'file'}: ${issue.message})` : ''}.`);
      return;
    }
    setPending({ name: f.name, file: parsed.data });
  };

  const importFile = async () => {
    if (!pending) return;
    try {
      const r = await host.api.importVocabulary({ vocabulary: pending.file });
      onNotice('info', `Imported ${pending.name}: ${r.added} added, ${r.updated} updated.`);
    } catch (e) {
      onNotice('error', `Could not import ${pending.name}: ${(e as Error).message}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <button type="button" onClick={() => void exportFile()}>
        Export JSON
      </button>
      <button type="button" onClick={() => picker.current?.click()}>
        Import JSON…
      </button>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Vocabulary file to import"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = ''; // so picking the same file again still reports a change
          if (f) void read(f);
        }}
      />
      {pending && (
        <div className="import-confirm" role="group" aria-label="Confirm import">
          <span>{`${pending.name} holds ${pending.file.terms.length} terms. Terms this archive already has (same kind and key) take the file's label, colour, shortcut and visibility; the rest are added. Nothing is deleted.`}</span>
          <button type="button" className="primary" onClick={() => void importFile()}>
            Import
          </button>
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}
