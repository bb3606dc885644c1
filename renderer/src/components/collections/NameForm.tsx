// A one-field inline form for naming an album or a saved search (window.prompt does not exist in
// Electron). Enter submits, Esc cancels.
import { useState } from 'react';

interface Props {
  label: string;
  initial: string;
  submit: string;
  onSubmit(name: string): void;
  onCancel(): void;
}

export function NameForm({ label, initial, submit, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial);
  const trimmed = name.trim();
  return (
    <form
      className="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) onSubmit(trimmed);
      }}
    >
      <input
        type="text"
        aria-label={label}
        value={name}
        maxLength={200}
        autoFocus
        onFocus={(e) => e.target.select()}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="submit" className="small primary" disabled={!trimmed}>
        {submit}
      </button>
      <button type="button" className="small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
