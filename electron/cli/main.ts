// Command-line interface over the same core: batch imports, listings for scripts, verification.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKUPS_DIR, backupCatalog, restoreBackup } from '../catalog/backup';
import { BagInvalidError, importBag } from '../catalog/bag/import';
import { describeProblems, validateBag, type BagReport } from '../catalog/bag/validate';
import { Editor } from '../catalog/edits';
import { runExport } from '../catalog/export';
import { checkExportDestination, DestinationRefused } from '../catalog/export/destination';
import { PROFILE_ARGS, PROFILE_USAGE, profileOptions } from './export-profile';
import { ExportFormat, PhotoQuery, type ExportOptions } from '../../shared/api';
import { searchIds, searchPhotos } from '../catalog/search/query';
import { relinkFolder } from '../catalog/relink';
import { openArchive, originalFile, type Archive } from '../catalog/archive';
import { acquireWriterLock, ArchiveLockedError } from '../catalog/lock';
import { runImport } from '../catalog/importer';
import { annotationsOf } from '../catalog/annotations';
import { getDetail, listAllRows } from '../catalog/photos';
import { listTerms } from '../catalog/vocabulary';
import { NotFoundError, InvalidRequestError } from '../catalog/errors';
import { listProblems } from '../catalog/photos';
import { ANNOTATE_COMMANDS, ANNOTATE_USAGE, AnnotateUsageError, annotateCommand } from './annotate-commands';
import { REVIEW_ARGS } from './review-commands';
import { SITE_ARGS, SITE_COMMANDS, SITE_USAGE, siteCommand, siteCommandReads } from './site-commands';
import { CLOCK_USAGE, clockShiftCommand } from './clock-command';
import { verifyArchiveAndChain } from '../catalog/custody/verify-all';
import { actorName, relinkDescription } from '../catalog/custody/record';
import { buildCustodyReport, custodyReportHtml } from '../catalog/custody/report';
import { checkBagTimestamps } from '../catalog/timestamp/bag-tokens';
import { printTimestampChecks, TIMESTAMP_USAGE, timestampCommand } from './timestamp-commands';

export const EXIT = { ok: 0, error: 1, usage: 2, importProblems: 3, verifyFailed: 4, notFound: 5, stillMissing: 6, bagInvalid: 7, archiveInUse: 8, notTimestamped: 9, cancelled: 130 } as const;

const USAGE = `Usage: npm run archive -- <command> [options]

Commands:
  import <path...> --archive <dir> [--copy] [--json]
      Import files and folders (recursively). --copy stores verified copies in <dir>/originals/,
      otherwise originals are referenced in place. Importing the same folder again finishes what
      is missing.
  list --archive <dir> [--json]
      Every catalogued file, in grid order. --json prints one JSON array.
  verify --archive <dir> [--json]
      Re-hash every original and report each changed or missing file; recompute the history's
      hash chain and name the first entry that does not fit. Each photo's result is recorded.
  relink <folder> --archive <dir> [--json]
      Find originals that have gone missing in <folder> (recursively) by their SHA-256 and relink them.
  backup --archive <dir>
      Write a catalogue backup now (backups/ in the archive; they also happen on open and every N edits).
  restore [<backup name>] --archive <dir>
      Replace a damaged catalogue with a backup (the newest by default); the replaced file is kept.
  export <format> --archive <dir> --out <path> [--ids 1,2,3 | --query <text>] [--no-bom]
         [--organization <text>] [--contact <name>] [--description <text>] [--title <text>]
${PROFILE_USAGE}
      Export the whole archive (or the listed photos, or those a text search finds) as bagit,
      xmp, coco, webanno, csv, html, images (redacted shared copies) or geojson (sites). The profile is share
      unless --profile full: only these photos' data, no absolute paths or account names.
      <path> must not exist; it appears only when the export is complete. It ends in the format's
      extension (.json coco, .jsonld webanno, .csv, .html; bagit, xmp and images are folders) and
      no part of it starts with a dot (outside the archive's own folder).
  verify-bag <dir> [--json]
      Validate a BagIt bag (RFC 8493, any bag, not only ours): bagit.txt, every payload and tag
      manifest's checksums, files missing from or not listed in the manifests, Payload-Oxum.
  import-bag <bag> --archive <dir> [--json]
      Validate a bag, import its originals (copied into the archive), and restore the vocabulary,
      tags, regions, descriptive metadata and history from its data/annotations/archive.json.
  search <text...> --archive <dir> [--json]
      The photos a text search finds (as the app's search box: words match by prefix, "quoted
      phrases" exactly, diacritics and case ignored), in grid order: id, file name, capture time.
  custody <id...> --archive <dir> [--out <path>]
      The custody report of these photos: hashes, every custody event and edit in order with actor
      and time, the history chain check, time-stamp tokens. JSON on stdout, or with --out
      <path>.json and <path>.html (printable) written (neither may exist).
  show <id> --archive <dir> [--json]
      One photo: its file and capture metadata, tags, regions (class, damage types, severity,
      confidence, geometry normalized to the displayed image) and descriptive metadata.
${TIMESTAMP_USAGE}
${ANNOTATE_USAGE}
${SITE_USAGE}
${CLOCK_USAGE}

Relative paths are taken from the folder you ran the command in (npm run's INIT_CWD).

Exit codes: 0 success, 1 error, 2 bad usage, 3 import finished but some files could not be
imported, 4 verify found changed or missing originals or a broken history chain, 5 no such photo,
6 originals still missing after relink, 7 the bag is not valid (verify-bag, import-bag), 8 the
archive is open for writing by another program (import, import-bag, relink, backup, restore and the
annotating commands change the archive and need it to themselves; list, show, search, export,
custody and history read it and work beside it; verify works beside it too, but then cannot record
its result in the history), 9 no time-stamp could be made (time-stamping authority unreachable or
refusing; nothing was lost, try again), 130 cancelled (Ctrl+C). verify and verify-bag also check
every RFC 3161 time-stamp token (exit 4 and 7 when one does not fit).`;

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
        title: { type: 'string', default: '' },
        help: { type: 'boolean', short: 'h', default: false },
        actor: { type: 'string' },
        rect: { type: 'string' },
        polygon: { type: 'string' },
        class: { type: 'string' },
        damage: { type: 'string' },
        severity: { type: 'string' },
        confidence: { type: 'string' },
        note: { type: 'string' },
        limit: { type: 'string' },
        by: { type: 'string' },
        set: { type: 'string' },
        photo: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        tsa: { type: 'string' },
        bag: { type: 'string' },
        ...PROFILE_ARGS,
        ...REVIEW_ARGS,
        ...SITE_ARGS,
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  // npm run changes into the package folder; paths the user typed are relative to where they were.
  const here = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
  const takesPaths = new Set(['import', 'relink', 'verify-bag', 'import-bag']);
  const rest = command && takesPaths.has(command) ? args.map(here) : args;
  if (values.archive) values.archive = here(values.archive);
  if (values.out) values.out = here(values.out);
  if (values.bag) values.bag = here(values.bag);
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
    if (ANNOTATE_COMMANDS.has(command)) {
      const archiveDir = values.archive;
      const readOnly = command === 'history' || command === 'problems';
      return await withArchive(archiveDir, readOnly ? 'read' : `write ${command}`, (a) => annotateCommand(a, command, rest, values, out));
    }
    if (SITE_COMMANDS.has(command)) {
      return await withArchive(values.archive, siteCommandReads(command) ? 'read' : `write ${command}`, (a) => siteCommand(a, command, rest, values, out));
    }
    if (command === 'clock-shift') {
      return await withArchive(values.archive, values['dry-run'] ? 'read' : 'write clock-shift', (a) => clockShiftCommand(a, rest, values, out));
    }
    switch (command) {
      case 'import':
        if (rest.length === 0) throw new UsageError('import needs at least one file or folder.');
        return await withArchive(values.archive, 'write import', (a) => importCommand(a, rest, values.copy, values.json, out, err));
      case 'list':
        // A folder that is not an archive yet holds no photos; listing it creates nothing.
        if (!fs.existsSync(path.join(values.archive, 'catalog.sqlite'))) {
          out.write(values.json ? '[]\n' : '0 files\n');
          return EXIT.ok;
        }
        return await withArchive(values.archive, 'read', (a) => listCommand(a, values.json, out));
      case 'custody': {
        const ids = rest.map(Number);
        if (ids.length === 0 || ids.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new UsageError('custody needs one or more photo ids.');
        return await withArchive(values.archive, 'read', (a) => custodyCommand(a, ids, values.out ?? null, out, err));
      }
      case 'verify':
        // Each verify is a custody event in the history; beside another writer it still checks, unrecorded.
        try {
          return await withArchive(values.archive, 'write verify', (a) => verifyCommand(a, values.json, out, err));
        } catch (e) {
          if (!(e instanceof ArchiveLockedError)) throw e;
          err.write(`${e.message}\nVerifying read-only: the result is not recorded in the photos' history.\n`);
          return await withArchive(values.archive, 'read', (a) => verifyCommand(a, values.json, out, err));
        }
      case 'timestamp':
        if (rest.length) throw new UsageError('timestamp takes no positional arguments (the bag goes with --bag <dir>).');
        return await withArchive(values.archive, 'write timestamp', (a) => timestampCommand(a, { tsa: values.tsa, bag: values.bag, json: values.json }, out, err));
      case 'relink':
        if (rest.length !== 1) throw new UsageError('relink needs one folder to search.');
        return await withArchive(values.archive, 'write relink', (a) => relinkCommand(a, rest[0]!, values.json, out));
      case 'backup':
        return await withArchive(values.archive, 'write backup', async (a) => {
          const b = await backupCatalog(a.db, a.dir);
          out.write(`Backed up the catalogue to ${path.join(a.dir, BACKUPS_DIR, b.name)}\n`);
          return EXIT.ok;
        });
      case 'restore': {
        // No withArchive: the catalogue may be too damaged to open. But no other process may have it open.
        const dir = path.resolve(values.archive);
        // (A folder that does not exist has no backups: restoreBackup says so.)
        const lock = fs.existsSync(dir) ? acquireWriterLock(dir, { kind: 'cli', command: 'archive restore' }) : null;
        let r;
        try {
          r = restoreBackup(dir, rest[0] ?? null);
        } finally {
          lock?.release();
        }
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
          catalogueTitle: values.title,
          ...profileOptions(values, (m) => new UsageError(m)),
        };
        const run = (a: Archive) => {
          const chosen = query ? searchIds(a.db, query) : ids;
          if (chosen && chosen.length === 0) {
            err.write(`No photo matches --query ${JSON.stringify(values.query)}; nothing exported.\n`);
            return Promise.resolve(EXIT.notFound);
          }
          return exportCommand(a, format.data, path.resolve(values.out!), chosen, options, out, err);
        };
        // Each export is a custody event in the history; beside another writer it still exports, unrecorded.
        try {
          return await withArchive(values.archive, 'write export', run);
        } catch (e) {
          if (!(e instanceof ArchiveLockedError)) throw e;
          err.write(`${e.message}\nExporting read-only: the export is not recorded in the photos' history.\n`);
          return await withArchive(values.archive, 'read', run);
        }
      }
      case 'import-bag': {
        if (rest.length !== 1) throw new UsageError('import-bag needs one bag folder.');
        // An invalid bag must not leave a new, empty archive behind: check it before creating one.
        if (!fs.existsSync(values.archive)) {
          const report = await validateBag(rest[0]!);
          if (!report.valid) {
            printBagProblems(report, values.json, out, err);
            err.write(`The bag is not valid; nothing was imported and no archive was created at ${values.archive}.\n`);
            return EXIT.bagInvalid;
          }
        }
        return await withArchive(values.archive, 'write import-bag', (a) => importBagCommand(a, rest[0]!, values.json, out, err));
      }
      case 'search': {
        if (rest.length === 0) throw new UsageError('search needs the text to look for.');
        const query = searchQuery(rest.join(' '));
        return await withArchive(values.archive, 'read', async (a) => {
          const found = searchPhotos(a.db, query);
          if (values.json) out.write(`${JSON.stringify(found, null, 2)}\n`);
          else for (const p of found) out.write(`${p.id}\t${p.fileName}\t${p.takenAt ?? ''}\n`);
          return EXIT.ok;
        });
      }
      case 'show': {
        const id = Number(rest[0]);
        if (rest.length !== 1 || !Number.isSafeInteger(id) || id < 1) throw new UsageError('show needs one photo id (see list).');
        return await withArchive(values.archive, 'read', (a) => showCommand(a, id, values.json, out, err));
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (e instanceof AnnotateUsageError || e instanceof InvalidRequestError) {
      err.write(`${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof NotFoundError) {
      err.write(`${e.message}\n`);
      return EXIT.notFound;
    }
    err.write(`Error: ${(e as Error).message}\n`);
    return e instanceof ArchiveLockedError ? EXIT.archiveInUse : EXIT.error;
  }
}

/** A text search as the app's search box runs it. */
function searchQuery(text: string): PhotoQuery {
  const q = PhotoQuery.safeParse({ text });
  if (!q.success) throw new UsageError('The search text is too long (500 characters at most).');
  return q.data;
}

/** 'read': the catalogue opened read-only, beside any writer; 'write <command>': the archive's writer lock is taken. */
async function withArchive(dir: string, mode: 'read' | `write ${string}`, fn: (a: Archive) => Promise<number>): Promise<number> {
  const archive =
    mode === 'read' ? openArchive(dir, { readOnly: true }) : openArchive(dir, { holder: { kind: 'cli', command: `archive ${mode.slice('write '.length)}` } });
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
    const importId = (archive.db.prepare('SELECT max(id) AS id FROM imports').get() as { id: number }).id;
    const failed = archive.db
      .prepare("SELECT source_path AS path, error FROM photos WHERE status = 'error' AND import_id = ?")
      .all(importId) as Array<{ path: string; error: string }>;
    // And the sidecars of this import's photos that could not be used (listed under Import problems in the app).
    const ofThisImport = new Set((archive.db.prepare('SELECT id FROM photos WHERE import_id = ?').all(importId) as Array<{ id: number }>).map((r) => r.id));
    const sidecars = listProblems(archive.db).filter((p) => p.kind === 'sidecar' && p.photoId !== null && ofThisImport.has(p.photoId));
    const problems = [
      ...failed.map((p) => ({ kind: 'error' as const, path: p.path, error: p.error, photoId: null })),
      ...sidecars.map((p) => ({ kind: 'sidecar' as const, path: p.path, error: p.reason, photoId: p.photoId })),
    ];
    if (json) out.write(`${JSON.stringify({ ...result, problems }, null, 2)}\n`);
    else {
      out.write(`${result.message}\n`);
      for (const p of problems) out.write(`  ${p.kind === 'error' ? 'failed' : 'sidecar not used'}: ${p.path}: ${p.error}\n`);
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
  const editor = new Editor(archive.db, () => actorName(archive.db));
  const report = await relinkFolder(archive, path.resolve(folder), (photoId, from, to) =>
    editor.note('photo.relink', relinkDescription(archive.db, photoId, from, to), from, to, null, photoId),
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
  try {
    checkExportDestination(target, format, archive.dir);
  } catch (e) {
    if (!(e instanceof DestinationRefused)) throw e;
    err.write(`Cannot export to ${target}: ${e.message}\n`);
    return EXIT.usage;
  }
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
    const editor = new Editor(archive.db, () => actorName(archive.db));
    const r = await runExport(archive, {
      format,
      out: target,
      photoIds: ids,
      options,
      jobId: `cli-${Date.now()}`,
      signal: abort.signal,
      history: (photoId) => editor.history(photoId, 1_000_000),
      record: archive.readOnly ? undefined : (photoId, action, description, value) => editor.note(action, description, null, value, null, photoId),
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

async function custodyCommand(archive: Archive, ids: number[], target: string | null, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  for (const id of ids) {
    if (!getDetail(archive.db, id)) {
      err.write(`No photo with id ${id} in this archive.\n`);
      return EXIT.notFound;
    }
  }
  const editor = new Editor(archive.db, () => actorName(archive.db));
  const report = buildCustodyReport(archive.db, ids, (id) => editor.history(id, 1_000_000));
  if (target === null) {
    out.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const base = path.resolve(target).replace(/\.(json|html)$/i, '');
  // 'wx': never overwrite what is there.
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx' });
  fs.writeFileSync(`${base}.html`, custodyReportHtml(report), { flag: 'wx' });
  out.write(`Wrote ${base}.json and ${base}.html (${report.chain.ok ? 'history chain intact' : 'HISTORY CHAIN BROKEN'}).\n`);
  return report.chain.ok ? EXIT.ok : EXIT.verifyFailed;
}

async function verifyCommand(archive: Archive, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const report = await verifyArchiveAndChain(archive, actorName(archive.db));
  const chain = report.chain;
  if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const i of report.issues) err.write(`${i.problem.toUpperCase()}: ${i.path} (photo ${i.id}): ${i.detail}\n`);
    if (chain.firstBad) err.write(`HISTORY CHAIN BROKEN at entry ${chain.firstBad.historyId} (${chain.firstBad.problem}): ${chain.firstBad.detail}\n`);
    out.write(`Checked ${report.checked} originals: ${report.ok} unchanged, ${report.issues.length} changed or missing.\n`);
    out.write(
      chain.ok
        ? `History chain intact: ${chain.entries} entries, head ${chain.head.hash} (entry ${chain.head.historyId ?? 'none'}).\n`
        : `History chain broken: ${chain.entries} entries fit before entry ${chain.firstBad!.historyId}.\n`,
    );
    printTimestampChecks(report.timestamps, out, err);
  }
  return report.issues.length > 0 || !chain.ok || report.timestamps.some((t) => !t.ok) ? EXIT.verifyFailed : EXIT.ok;
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
    const timestamps = await checkBagTimestamps(report.bag);
    // --json: one document, the bag report with each token's check added.
    if (json) out.write(`${JSON.stringify({ ...report, timestamps }, null, 2)}\n`);
    else printBagProblems(report, json, out, err);
    if (!json) {
      const what = `${report.payloadFiles} payload file${report.payloadFiles === 1 ? '' : 's'}, ${report.payloadBytes} bytes, manifests: ${report.algorithms.join(', ') || 'none'}`;
      out.write(report.valid ? `Valid bag: ${report.bag} (${what}).\n` : `NOT a valid bag: ${report.bag}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (${what}).\n`);
      // A bag without tokens prints nothing more (its output stays one line, as scripts expect).
      printTimestampChecks(timestamps, out, err);
    }
    return report.valid && timestamps.every((t) => t.ok) ? EXIT.ok : EXIT.bagInvalid;
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
      actor: actorName(archive.db),
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
