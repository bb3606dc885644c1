// Which of the shell's full-window dialogs is open (one at a time), and '?' to open the shortcuts
// sheet from anywhere but a text field (open dialogs keep their keys to themselves).
import { useEffect, useState } from 'react';
import { isTextField } from './keys';

export type ModalName = 'vocabulary' | 'shortcuts' | 'settings' | 'export';

export function useModal(): [ModalName | null, (modal: ModalName | null) => void] {
  const [modal, setModal] = useState<ModalName | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      e.preventDefault();
      setModal('shortcuts');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [modal, setModal];
}
