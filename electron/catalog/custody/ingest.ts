// The first entry of every photo's record: where the file came from and what it was when it arrived.
import pkg from '../../../package.json';
import type { ImportMode } from '../../../shared/api';
import type { Db } from '../db';
import { actorName, recordCustody } from './record';

export interface IngestFacts {
  sourcePath: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  mode: ImportMode;
  storedPath: string | null;
}

/** Called inside the transaction that catalogues the photo, so the photo never exists without it. */
export function recordIngest(db: Db, photoId: number, f: IngestFacts): void {
  recordCustody(db, actorName(db), [
    {
      action: 'custody.ingest',
      description: `Ingested ${f.mode === 'copy' ? 'as a verified copy' : 'by reference'}: ${f.sourcePath} (${f.size} bytes, SHA-256 ${f.sha256})`,
      photoId,
      details: {
        sourcePath: f.sourcePath,
        size: f.size,
        mtime: new Date(f.mtimeMs).toISOString(),
        sha256: f.sha256,
        mode: f.mode,
        storedPath: f.storedPath,
        application: `${pkg.name} ${pkg.version}`,
      },
    },
  ]);
}
