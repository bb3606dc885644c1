// How the browse bar lays the archive out: grid or map, sidebar open or closed. Both are
// remembered in localStorage, so the app opens as it was left.
import { useCallback, useState } from 'react';
import type { BrowseMode } from './BrowseBar';

const SIDEBAR_KEY = 'damage-archive.sidebar';
const MODE_KEY = 'damage-archive.browseMode';

export interface BrowseLayout {
  mode: BrowseMode;
  setMode(mode: BrowseMode): void;
  sidebar: boolean;
  setSidebar(open: boolean): void;
}

export function useBrowseLayout(): BrowseLayout {
  const [mode, setModeState] = useState<BrowseMode>(() => (localStorage.getItem(MODE_KEY) === 'map' ? 'map' : 'grid'));
  const [sidebar, setSidebarState] = useState(() => localStorage.getItem(SIDEBAR_KEY) !== '0');
  const setMode = useCallback((m: BrowseMode) => {
    localStorage.setItem(MODE_KEY, m);
    setModeState(m);
  }, []);
  const setSidebar = useCallback((open: boolean) => {
    localStorage.setItem(SIDEBAR_KEY, open ? '1' : '0');
    setSidebarState(open);
  }, []);
  return { mode, setMode, sidebar, setSidebar };
}
