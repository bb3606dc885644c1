// "Show regions": whether the grid draws region outlines on its thumbnails, remembered in localStorage.
import { useCallback, useState } from 'react';

const REGIONS_KEY = 'damage-archive.showRegions';

export function useShowRegions(): { showRegions: boolean; toggleRegions(): void } {
  const [showRegions, setShowRegions] = useState(() => localStorage.getItem(REGIONS_KEY) === '1');
  const toggleRegions = useCallback(() => {
    localStorage.setItem(REGIONS_KEY, showRegions ? '0' : '1');
    setShowRegions(!showRegions);
  }, [showRegions]);
  return { showRegions, toggleRegions };
}
