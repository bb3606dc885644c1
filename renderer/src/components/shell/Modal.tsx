// A modal dialog: takes the keyboard while open so keys pressed in it never reach the grid or the
// photo view behind it (their listeners sit on window; stopping the event at React's root keeps it
// from getting there), and closes with Esc.
import { useEffect, useRef, type ReactNode } from 'react';
import { isTextField } from './keys';
import './shell.css';

interface Props {
  title: string;
  onClose(): void;
  className?: string;
  /** Keys besides Esc that close it (e.g. '?' toggles the shortcuts sheet). */
  closeKeys?: string[];
  children: ReactNode;
}

export function Modal({ title, onClose, className, closeKeys, children }: Props) {
  const backdrop = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Focus inside the modal, so its keys start here rather than on the page behind.
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // A field that focused itself (autoFocus) keeps the focus.
    if (!backdrop.current?.contains(document.activeElement)) backdrop.current?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div
      ref={backdrop}
      className="modal-backdrop"
      tabIndex={-1}
      onKeyDown={(e) => {
        e.stopPropagation();
        // An inline editor that uses Esc to cancel itself marks itself so.
        const keeps = e.target instanceof Element && e.target.closest('[data-keeps-escape]');
        if ((e.key === 'Escape' && !keeps) || (closeKeys?.includes(e.key) && !isTextField(e.target))) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className={`modal app-modal ${className ?? ''}`} role="dialog" aria-modal="true" aria-label={title}>
        {children}
      </div>
    </div>
  );
}
