// Keeps the near-duplicate hashes of the open archive up to date: one background pass at a time,
// started when the archive opens and again after each import; a pass asked for while one runs is
// run once more afterwards.
import type { Archive } from '../catalog/archive';
import { hashPendingPhotos } from '../catalog/similar/hasher';
import { SimilarIndex } from '../catalog/similar/index';

export class SimilarHashing {
  readonly index: SimilarIndex;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly abort = new AbortController();
  pending = 0;

  constructor(
    private readonly archive: Archive,
    /** Told which photos gained near-duplicate pairs in a pass. */
    private readonly onPairs: (photoIds: number[]) => void,
  ) {
    this.index = new SimilarIndex(archive.db);
  }

  /** Starts a pass (or queues one more). */
  kick(): void {
    if (this.abort.signal.aborted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is running or queued (tests, the CLI). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async pass(): Promise<void> {
    const r = await hashPendingPhotos(this.archive, this.index, {
      signal: this.abort.signal,
      onProgress: (p) => {
        this.pending = p.total - p.done;
      },
    });
    this.pending = r.total - r.done;
    if (r.paired.length) this.onPairs(r.paired);
  }
}
