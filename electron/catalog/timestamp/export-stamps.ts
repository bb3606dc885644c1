// Time-stamping during a bag export: the bag writer asks for its two stamps (the chain head it
// declares, its tag manifest) through an ExportStamper; the tokens go into the bag at once and into
// the catalogue only once the bag is in place (a cancelled export leaves no token behind). After the
// export's custody entries are written, the new chain head is stamped too. Offline, the first
// failure stops further asking (no second 30-second wait) and the export still completes, unstamped,
// with a message saying how to stamp it later.
import type { Archive } from '../archive';
import { chainHead } from '../custody/chain';
import type { ExportSet } from '../export/collect';
import { sha256Hex } from './rfc3161';
import { chainLabel, stampChainHead, storeToken, tsaUrlOf } from './store';
import { requestStamp, TsaError, type Stamp } from './tsa-client';

interface Made {
  subject: 'chain' | 'bag';
  historyId: number | null;
  digestSha256: string;
  stamp: Stamp;
}

export class ExportStamper {
  private failure: string | null = null;
  private readonly made: Made[] = [];
  constructor(
    private readonly url: string,
    private readonly signal: AbortSignal,
  ) {}

  /** A stamper when the archive has a TSA set and can record (not a read-only look), else null. */
  static for(archive: Archive, signal: AbortSignal): ExportStamper | null {
    if (archive.readOnly) return null;
    const url = tsaUrlOf(archive.db);
    return url === '' ? null : new ExportStamper(url, signal);
  }

  private async stamp(digestHex: string): Promise<Stamp | null> {
    if (this.failure) return null;
    try {
      return await requestStamp(this.url, digestHex, this.signal);
    } catch (e) {
      if (!(e instanceof TsaError) || this.signal.aborted) throw e;
      this.failure = e.message;
      return null;
    }
  }

  /** The token over the chain head the bag declares (null: not stamped). */
  async chainHeadToken(set: ExportSet): Promise<Buffer | null> {
    const head = set.custody?.chainHead;
    if (!head || head.historyId === null) return null;
    const s = await this.stamp(head.hash);
    if (!s) return null;
    this.made.push({ subject: 'chain', historyId: head.historyId, digestSha256: head.hash, stamp: s });
    return s.reply;
  }

  /** The token over the bag's tagmanifest-sha256.txt (null: not stamped). */
  async tagManifestToken(tagManifest: Buffer): Promise<Buffer | null> {
    const digest = sha256Hex(tagManifest);
    const s = await this.stamp(digest);
    if (!s) return null;
    this.made.push({ subject: 'bag', historyId: null, digestSha256: digest, stamp: s });
    return s.reply;
  }

  /**
   * Once the bag is in place and its custody entries written: stores the bag's tokens, stamps the
   * archive's new chain head, and says in one sentence what was time-stamped (or why not).
   */
  async finish(archive: Archive, out: string): Promise<string> {
    for (const m of this.made) {
      storeToken(archive.db, {
        subject: m.subject,
        historyId: m.historyId,
        label: m.subject === 'bag' ? `Bag ${out}: tagmanifest-sha256.txt` : chainLabel(m.historyId!),
        digestSha256: m.digestSha256,
        stamp: m.stamp,
      });
    }
    if (!this.failure && chainHead(archive.db).historyId !== null) {
      try {
        await stampChainHead(archive.db, this.signal);
      } catch (e) {
        if (!(e instanceof TsaError)) throw e;
        this.failure = e.message;
      }
    }
    if (this.failure) {
      return ` Not time-stamped: ${this.failure} To stamp this bag later: npm run archive -- timestamp --bag "${out}" --archive <archive>.`;
    }
    const by = this.made[0]?.stamp.facts.tsaSubject ?? new URL(this.url).host;
    return ` Time-stamped by ${by}: the bag's tag manifest, the chain head it declares, and the history chain head after the export.`;
  }
}
