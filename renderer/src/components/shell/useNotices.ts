// The shell's two ways of telling the user something: a toast that fades ("Undid: …") and an error
// banner that stays until dismissed.
import { useCallback, useState } from 'react';
import type { ToastMessage } from './Toast';

export interface Notices {
  toast: ToastMessage | null;
  notify(text: string): void;
  clearToast(): void;
  error: string | null;
  setError(message: string | null): void;
}

export function useNotices(): Notices {
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Each message gets a new id, so the same text twice still restarts the toast's timer.
  const notify = useCallback((text: string) => setToast((t) => ({ id: (t?.id ?? 0) + 1, text })), []);
  const clearToast = useCallback(() => setToast(null), []);
  return { toast, notify, clearToast, error, setError };
}
