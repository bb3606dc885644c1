// One photo's review state (status with who and when, sensitive flag) and the edits on it; reloads
// after every change event for the photo (an edit, undo/redo, another window).
import { useCallback, useEffect, useState } from 'react';
import type { PhotoReview, ReviewStatus } from '../../../../shared/api';
import type { Host } from '../../host';

export interface ReviewState {
  data: PhotoReview | null;
  error: string | null;
  setStatus(status: ReviewStatus): Promise<void>;
  unseal(reason: string): Promise<boolean>;
  setSensitive(sensitive: boolean): Promise<void>;
}

export function useReview(host: Host, photoId: number, version: number): ReviewState {
  const [loaded, setLoaded] = useState<PhotoReview | null>(null);
  const [error, setError] = useState<{ photoId: number; message: string } | null>(null);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let live = true;
    host.api.getReview({ photoId }).then(
      (r) => live && setLoaded(r),
      (e: Error) => live && setError({ photoId, message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [host, photoId, version, reloads]);

  const run = useCallback(
    async (input: { status?: ReviewStatus; sensitive?: boolean; unsealReason?: string }): Promise<boolean> => {
      setError(null);
      try {
        await host.api.setReview({ photoIds: [photoId], ...input });
        return true;
      } catch (e) {
        setError({ photoId, message: (e as Error).message });
        return false;
      } finally {
        setReloads((n) => n + 1);
      }
    },
    [host, photoId],
  );

  return {
    data: loaded?.photoId === photoId ? loaded : null,
    error: error?.photoId === photoId ? error.message : null,
    setStatus: async (status) => void (await run({ status })),
    unseal: (reason) => run({ status: 'reviewed', unsealReason: reason }),
    setSensitive: async (sensitive) => void (await run({ sensitive })),
  };
}
