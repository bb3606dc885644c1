// The left column: collections above, facet filters below, scrolling on its own. Keys pressed on
// its buttons stay here: arrows, Enter and Space must not also move the grid's cursor (the grid
// listens on the window).
import type { ReactNode } from 'react';
import './search.css';

const GRID_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Enter', ' ']);

export function Sidebar({ children }: { children: ReactNode }) {
  return (
    <aside
      id="sidebar"
      className="sidebar"
      aria-label="Collections and filters"
      onKeyDown={(e) => {
        if (GRID_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey) e.stopPropagation();
      }}
    >
      {children}
    </aside>
  );
}
