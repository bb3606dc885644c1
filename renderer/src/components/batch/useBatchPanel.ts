// Whether the batch panel ("Tag / describe…") is open beside the grid.
import { useCallback, useState } from 'react';

export function useBatchPanel(): { open: boolean; toggle(): void; close(): void } {
  const [open, setOpen] = useState(false);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const close = useCallback(() => setOpen(false), []);
  return { open, toggle, close };
}
