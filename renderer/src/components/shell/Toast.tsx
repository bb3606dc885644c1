// A short message at the bottom of the window ("Undid: …") that goes away by itself.
import { useEffect } from 'react';
import './shell.css';

export interface ToastMessage {
  id: number;
  text: string;
}

export function Toast({ message, onDone }: { message: ToastMessage; onDone(): void }) {
  useEffect(() => {
    const t = setTimeout(onDone, 4000);
    return () => clearTimeout(t);
  }, [message.id, onDone]);
  return (
    <div className="toast" aria-live="polite" data-testid="toast">
      {message.text}
    </div>
  );
}
