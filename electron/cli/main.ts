// Command-line interface over the same core: batch imports, listings for scripts, verification.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKUPS_DIR, backupCatalog, restoreBackup } from '../catalog/backup';
import { BagInvalidError, importBag } from '../catalog/bag/import';
import { describeProblems, validateBag, type BagReport } from '../catalog/bag/validate';
import { Editor } from '../catalog/edits';
import { runExport } from '../catalog/export';
import { PROFILE_ARGS, PROFILE_USAGE, profileOptions } from './export-profile';
import { ExportFormat, PhotoQuery, type ExportOptions } from '../../shared/api';
import { searchIds, searchPhotos } from '../catalog/search/query';
import { relinkFolder } from '../catalog/relink';
import { openArchive, originalFile, type Archive } from '../catalog/archive';
import { runImport } from '../catalog/importer';
import { annotationsOf } from '../catalog/annotations';
import { getDetail, listAllRows } from '../catalog/photos';
import { listTerms } from '../catalog/vocabulary';
import { verifyArchive } from '../catalog/verify';

export const EXIT = { ok: 0, error: 1, usage: 2, importProblems: 3, verifyFailed: 4, notFound: 5, stillMissing: 6, bagInvalid: 7, cancelled: 130 } as const;

const USAGE = `Usage: npm run archive -- <command> [options]

Commands:
  import <path...> --archive <dir> [--copy] [--json]
      Import files and folders (recursively). --copy stores verified copies in <dir>/originals/,
      otherwise originals are referenced in place. Importing the same folder again finishes what
      is missing.
  list --archive <dir> [--json]
      Every catalogued file, in grid order. --json prints one JSON array.
  verify --archive <dir> [--json]
      Re-hash every original and report each changed or missing file.
  relink <folder> --archive <dir> [--json]
      Find originals that have gone missing in <folder> (recursively) by their SHA-256 and relink them.
  backup --archive <dir>
      Write a catalogue backup now (backups/ in the archive; they also happen on open and every N edits).
  restore [<backup name>] --archive <dir>
      Replace a damaged catalogue with a backup (the newest by default); the replaced file is kept.
  export <format> --archive <dir> --out <path> [--ids 1,2,3 | --query <text>] [--no-bom]
         [--organization <text>] [--contact <name>] [--description <text>]
${PROFILE_USAGE}
      Export the whole archive (or the listed photos, or those a text search finds) as bagit,
      xmp, coco, webanno, csv, html or images (redacted shared copies). The profile is share
      unless --profile full: only these photos' data, no absolute paths or account names.
      <path> must not exist; it appears only when the export is complete.
  verify-bag <dir> [--json]
      Validate a BagIt bag (RFC 8493, any bag, not only ours): bagit.txt, every payload and tag
      manifest's checksums, files missing from or not listed in the manifests, Payload-Oxum.
  import-bag <bag> --archive <dir> [--json]
      Validate a bag, import its originals (copied into the archive), and restore the vocabulary,
      tags, regions, descriptive metadata and history from its data/annotations/archive.json.
  search <text...> --archive <dir> [--json]
      The photos a text search finds (as the app's search box: words match by prefix, "quoted
      phrases" exactly, diacritics and case ignored), in grid order: id, file name, capture time.
  show <id> --archive <dir> [--json]
      One photo: its file and capture metadata, tags, regions (class, damage types, severity,
      confidence, geometry normalized to the displayed image) and descriptive metadata.

Exit codes: 0 success, 1 error, 2 bad usage, 3 import finished but some files could not be
imported, 4 verify found changed or missing originals, 5 no such photo, 6 originals still missing
after relink, 7 the bag is not valid (verify-bag, import-bag), 130 cancelled (Ctrl+C).`;

class UsageError extends Error {}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        archive: { type: 'string' },
        copy: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        ids: { type: 'string' },
        query: { type: 'string' },
        'no-bom': { type: 'boolean', default: false },
        organization: { type: 'string', default: '' },
        contact: { type: 'string', default: '' },
        description: { type: 'string', default: '' },
        help: { type: 'boolean', short: 'h', default: false },
        ...PROFILE_ARGS,
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    if (command === 'verify-bag') {
      if (rest.length !== 1) throw new UsageError('verify-bag needs one bag folder.');
      return await verifyBagCommand(rest[0]!, values.json, out, err);
    }
    if (!values.archive) throw new UsageError('--archive <dir> is required.');
    switch (command) {
      case 'import':
        if (rest.length === 0) throw new UsageError('import needs at least one file or folder.');
        return await withArchive(values.archive, (a) => importCommand(a, rest, values.copy, values.json, out, err));
      case 'list':
        return await withArchive(values.archive, (a) => listCommand(a, values.json, out));
      case 'verify':
        return await withArchive(values.archive, (a) => verifyCommand(a, values.json, out, err));
      case 'relink':
        if (rest.length !== 1) throw new UsageError('relink needs one folder to search.');
        return await withArchive(values.archive, (a) => relinkCommand(a, rest[0]!, values.json, out));
      case 'backup':
        return await withArchive(values.archive, async (a) => {
          const b = await backupCatalog(a.db, a.dir);
          out.write(`Backed up the catalogue to ${path.join(a.dir, BACKUPS_DIR, b.name)}\n`);
          return EXIT.ok;
        });
      case 'restore': {
        // No withArchive: the catalogue may be too damaged to open.
        const r = restoreBackup(path.resolve(values.archive), rest[0] ?? null);
        out.write(`Restored ${r.restored}.${r.setAside ? ` The replaced catalogue is kept as ${r.setAside}.` : ''}\n`);
        return EXIT.ok;
      }
      case 'export': {
        const format = ExportFormat.safeParse(rest[0]);
        if (rest.length !== 1 || !format.success) throw new UsageError(`export needs one format: ${ExportFormat.options.join(', ')}.`);
        if (!values.out) throw new UsageError('export needs --out <path>.');
        const ids = values.ids ? values.ids.split(',').map((x) => Number(x.trim())) : null;
        if (ids?.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new UsageError('--ids takes photo ids separated by commas, e.g. --ids 1,2,3.');
        if (ids && values.query !== undefined) throw new UsageError('export takes --ids or --query, not both.');
        const query = values.query !== undefined ? searchQuery(values.query) : null;
        const options = {
          bom: !values['no-bom'],
          sourceOrganization: values.organization,
          contactName: values.contact,
          externalDescription: values.description,
          ...profileOptions(values, (m) => new UsageError(m)),
        };
        return await withArchive(values.archive, (a) => {
          const chosen = query ? searchIds(a.db, query) : ids;
          if (chosen && chosen.length === 0) {
            err.write(`No photo matches --query ${JSON.stringify(values.query)}; nothing exported.\n`);
            return Promise.resolve(EXIT.notFound);
          }
          return exportCommand(a, format.data, path.resolve(values.out!), chosen, options, out, err);
        });
      }
      case 'import-bag':
        if (rest.length !== 1) throw new UsageError('import-bag needs one bag folder.');
        return await withArchive(values.archive, (a) => importBagCommand(a, rest[0]!, values.json, out, err));
      case 'search': {
        if (rest.length === 0) throw new UsageError('search needs the text to look for.');
        const query = searchQuery(rest.join(' '));
        return await withArchive(values.archive, async (a) => {
          const found = searchPhotos(a.db, query);
          if (values.json) out.write(`${JSON.stringify(found, null, 2)}\n`);
          else for (const p of found) out.write(`${p.id}\t${p.fileName}\t${p.takenAt ?? ''}\n`);
          return EXIT.ok;
        });
      }
      case 'show': {
        const id = Number(rest[0]);
        if (rest.length !== 1 || !Number.isSafeInteger(id) || id < 1) throw new UsageError('show needs one photo id (see list).');
        return await withArchive(values.archive, (a) => showCommand(a, id, values.json, out, err));
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    err.write(`Error: ${(e as Error).message}\n`);
    return EXIT.error;
  }
}

/** A text search as the app's search box runs it. */
function searchQuery(text: string): PhotoQuery {
  const q = PhotoQuery.safeParse({ text });
  if (!q.success) throw new UsageError('The search text is too long (500 characters at most).');
  return q.data;
}

async function withArchive(dir: string, fn: (a: Archive) => Promise<number>): Promise<number> {
  const archive = openArchive(dir);
  try {
    return await fn(archive);
  } finally {
    archive.close();
  }
}

async function importCommand(
  archive: Archive,
  paths: string[],
  copy: boolean,
  json: boolean,
  out: NodeJS.WritableStream,
  err: NodeJS.WriteStream | NodeJS.WritableStream,
): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const tty = 'isTTY' in err && err.isTTY;
  try {
    const result = await runImport(archive, paths, {
      mode: copy ? 'copy' : 'reference',
      signal: abort.signal,
      onProgress: (p) => {
        if (!tty || p.state === 'done' || p.state === 'cancelled') return;
        const eta = p.etaSeconds !== null ? `, about ${p.etaSeconds} s left` : '';
        const counts = p.state === 'previews' ? `${p.previewsDone}/${p.previewsTotal}` : `${p.done}/${p.total}`;
        err.write(`\r\x1b[K${p.state} ${counts}${eta}`);
      },
    });
    if (tty) err.write('\r\x1b[K');
    const problems = archive.db
      .prepare("SELECT source_path AS path, error FROM photos WHERE status = 'error' AND import_id = (SELECT max(id) FROM imports)")
      .all() as Array<{ path: string; error: string }>;
    if (json) out.write(`${JSON.stringify({ ...result, problems }, null, 2)}\n`);
    else {
      out.write(`${result.message}\n`);
      for (const p of problems) out.write(`  failed: ${p.path}: ${p.error}\n`);
    }
    if (result.state === 'cancelled') return EXIT.cancelled;
    return result.failed > 0 ? EXIT.importProblems : EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function listCommand(archive: Archive, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const rows = listAllRows(archive.db).map((r) => ({
    id: r.id,
    path: r.source_path,
    storedPath: r.stored_path,
    original: originalFile(archive.dir, r),
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    width: r.width,
    height: r.height,
    orientation: r.orientation,
    takenAt: r.taken_at,
    takenAtSource: r.taken_at_source,
    takenAtUtc: r.taken_at_utc,
    make: r.make,
    model: r.model,
    lens: r.lens,
    lat: r.gps_lat,
    lon: r.gps_lon,
    alt: r.gps_alt,
    status: r.status,
    error: r.error,
  }));
  if (json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const r of rows) {
    const what = r.status === 'error' ? `ERROR ${r.error}` : `${r.width}x${r.height} ${r.takenAt ?? 'no capture time'} ${[r.make, r.model].filter(Boolean).join(' ')}`;
    out.write(`${String(r.id).padStart(6)}  ${r.path}  ${what}\n`);
  }
  out.write(`${rows.length} file${rows.length === 1 ? '' : 's'}\n`);
  return EXIT.ok;
}

async function relinkCommand(archive: Archive, folder: string, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const editor = new Editor(archive.db, () => os.userInfo().username);
  const report = await relinkFolder(archive, path.resolve(folder), (photoId, from, to) =>
    editor.note('photo.relink', `Relinked original: ${from} → ${to}`, from, to, null, photoId),
  );
  if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const r of report.relinked) out.write(`relinked photo ${r.photoId}: ${r.from} -> ${r.to}\n`);
    out.write(`Searched ${report.scanned} files: ${report.relinked.length} relinked, ${report.stillMissing} still missing.\n`);
  }
  return report.stillMissing > 0 ? EXIT.stillMissing : EXIT.ok;
}

async function exportCommand(
  archive: Archive,
  format: ExportFormat,
  target: string,
  ids: number[] | null,
  options: ExportOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  for (const id of ids ?? []) {
    if (!getDetail(archive.db, id)) {
      err.write(`No photo with id ${id} in this archive.\n`);
      return EXIT.notFound;
    }
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const editor = new Editor(archive.db, () => os.userInfo().username);
    const r = await runExport(archive, {
      format,
      out: target,
      photoIds: ids,
      options,
      jobId: `cli-${Date.now()}`,
      signal: abort.signal,
      history: (photoId) => editor.history(photoId, 1_000_000),
      record: (photoId, action, description, value) => editor.note(action, description, null, value, null, photoId),
    });
    (r.state === 'done' ? out : err).write(`${r.message}\n`);
    return r.state === 'done' ? EXIT.ok : r.state === 'cancelled' ? EXIT.cancelled : EXIT.error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function showCommand(archive: Archive, id: number, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const photo = getDetail(archive.db, id);
  if (!photo || photo.status === 'error') {
    err.write(`No photo with id ${id} in this archive.\n`);
    return EXIT.notFound;
  }
  const terms = new Map(listTerms(archive.db).map((t) => [t.id, t]));
  const ref = (termId: number | null) => {
    const t = termId === null ? undefined : terms.get(termId);
    return t ? { id: t.id, key: t.key, label: t.label, kind: t.kind } : null;
  };
  const a = annotationsOf(archive.db, id);
  const shown = {
    ...photo,
    tags: a.tagIds.map(ref),
    regions: a.regions.map((r) => ({
      id: r.id,
      geometry: r.geometry,
      class: ref(r.classId),
      damage: r.damageIds.map(ref),
      severity: r.severity,
      confidence: r.confidence,
      note: r.note,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    metadata: a.meta,
  };
  if (json) {
    out.write(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT.ok;
  }
  out.write(`${photo.id}  ${photo.sourcePath}\n  ${photo.width}x${photo.height}  ${photo.capture?.raw ?? 'no capture time'}  ${[photo.make, photo.model].filter(Boolean).join(' ')}\n`);
  out.write(`  sha256 ${photo.sha256}\n`);
  if (shown.tags.length) out.write(`  tags: ${shown.tags.map((t) => t?.label).join(', ')}\n`);
  for (const [field, value] of Object.entries(a.meta)) out.write(`  ${field}: ${value}\n`);
  for (const r of shown.regions) {
    out.write(`  region ${r.id} (${r.geometry.type}): ${r.class?.label ?? 'no class'}; ${r.damage.map((d) => d?.label).join(', ') || 'no damage type'}; severity ${r.severity ?? '?'}; ${r.confidence ?? ''}\n`);
  }
  return EXIT.ok;
}

async function verifyCommand(archive: Archive, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const report = await verifyArchive(archive);
  if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const i of report.issues) err.write(`${i.problem.toUpperCase()}: ${i.path} (photo ${i.id}): ${i.detail}\n`);
    out.write(`Checked ${report.checked} originals: ${report.ok} unchanged, ${report.issues.length} changed or missing.\n`);
  }
  return report.issues.length > 0 ? EXIT.verifyFailed : EXIT.ok;
}

function printBagProblems(report: BagReport, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void {
  if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const line of describeProblems(report)) err.write(`${line}\n`);
    for (const w of report.warnings) err.write(`warning: ${w}\n`);
  }
}

async function verifyBagCommand(dir: string, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await validateBag(path.resolve(dir), { signal: abort.signal });
    printBagProblems(report, json, out, err);
    if (!json) {
      const what = `${report.payloadFiles} payload file${report.payloadFiles === 1 ? '' : 's'}, ${report.payloadBytes} bytes, manifests: ${report.algorithms.join(', ') || 'none'}`;
      out.write(report.valid ? `Valid bag: ${report.bag} (${what}).\n` : `NOT a valid bag: ${report.bag}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (${what}).\n`);
    }
    return report.valid ? EXIT.ok : EXIT.bagInvalid;
  } catch (e) {
    if (abort.signal.aborted) return EXIT.cancelled;
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function importBagCommand(archive: Archive, bag: string, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WriteStream | NodeJS.WritableStream): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const tty = 'isTTY' in err && err.isTTY;
  try {
    const r = await importBag(archive, path.resolve(bag), {
      actor: os.userInfo().username,
      signal: abort.signal,
      onStage: (stage) => tty && err.write(`\r\x1b[K${stage}…`),
      onImportProgress: (p) => tty && p.state !== 'done' && err.write(`\r\x1b[K${p.state} ${p.done}/${p.total}`),
    });
    if (tty) err.write('\r\x1b[K');
    if (json) out.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      out.write(`${r.message}\n`);
      for (const f of r.failed) out.write(`  failed: ${f.path}: ${f.reason}\n`);
      for (const w of r.warnings) err.write(`warning: ${w}\n`);
    }
    if (r.state === 'cancelled') return EXIT.cancelled;
    return r.failed.length > 0 ? EXIT.importProblems : EXIT.ok;
  } catch (e) {
    if (tty) err.write('\r\x1b[K');
    if (e instanceof BagInvalidError) {
      printBagProblems(e.report, json, out, err);
      err.write(`${e.message}\n`);
      return EXIT.bagInvalid;
    }
    if (abort.signal.aborted) return EXIT.cancelled;
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

// Run when executed directly (npm run archive), not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('electron/cli/main.ts')) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
