// Where an export may be written. Whoever holds the session (a browser tab, a script with the
// token) chooses the path, so the path alone must not let them plant a file that something else
// runs or loads: a CSV written to ~/.bash_profile runs its captions at the next login. Rules:
// - the name ends in the format's extension (a folder for bagit/xmp/images);
// - no part of the path starts with "." (no dot-files, nothing inside ~/.config, ~/.bashrc.d, …),
//   checked on the path as given and on the real path of its folder (symlinks resolved), except
//   the open archive's own folder, which may itself live under a dot-folder (the desktop app's
//   default is ~/.config/Damage Archive/Archive) and whose exports/ folder the dialog suggests;
// - it does not exist yet (not even as a symlink); writer.ts then creates it without following
//   links and never replaces anything.
import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../../shared/api';
import { InvalidRequestError } from '../errors';

/** What each destination must be: a file with one of these extensions, or a new folder. */
export type DestinationKind = ExportFormat | 'pdf';

export const DESTINATION_RULES: Readonly<Record<DestinationKind, { folder: true } | { folder: false; extension: string }>> = {
  bagit: { folder: true },
  xmp: { folder: true },
  images: { folder: true },
  coco: { folder: false, extension: '.json' },
  webanno: { folder: false, extension: '.jsonld' },
  csv: { folder: false, extension: '.csv' },
  html: { folder: false, extension: '.html' },
  geojson: { folder: false, extension: '.geojson' },
  pdf: { folder: false, extension: '.pdf' },
};

const LABEL: Readonly<Record<DestinationKind, string>> = {
  bagit: 'BagIt', xmp: 'XMP sidecar', images: 'shared copies', coco: 'COCO', webanno: 'Web Annotation', csv: 'CSV', html: 'HTML catalogue', geojson: 'GeoJSON', pdf: 'PDF',
};

/** The refusal a caller sees: a plain sentence naming the rule that was broken. */
export class DestinationRefused extends InvalidRequestError {}

/** The path's components (below `except`, when the path lies inside it) that start with ".". */
function dotParts(p: string, except: string | null): string[] {
  let rest = p;
  if (except) {
    const rel = path.relative(except, p);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) rest = rel;
  }
  return rest.split(/[\\/]+/).filter((s) => s.startsWith('.'));
}

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/** The real path of `p`'s nearest existing ancestor, joined with the parts that do not exist yet. */
function realParent(p: string): string {
  const missing: string[] = [];
  let dir = path.dirname(p);
  for (;;) {
    const real = realOrNull(dir);
    if (real) return path.join(real, ...missing.reverse());
    const up = path.dirname(dir);
    if (up === dir) return path.join(dir, ...missing.reverse());
    missing.push(path.basename(dir));
    dir = up;
  }
}

/**
 * Checks an export destination against the rules above and returns it as an absolute path, or
 * throws DestinationRefused with a sentence saying what to change. `archiveDir` is the open
 * archive's folder (dot parts of its own path are allowed), or null.
 */
export function checkExportDestination(out: string, kind: DestinationKind, archiveDir: string | null): string {
  const target = path.resolve(out);
  const name = path.basename(target);
  const rule = DESTINATION_RULES[kind];
  if (!name || name === path.parse(target).root) throw new DestinationRefused(`Choose a name for the ${LABEL[kind]} export, not ${target}.`);
  if (name.startsWith('.')) {
    throw new DestinationRefused(`The export's name "${name}" starts with a dot: hidden files and folders (such as .bash_profile) are never written. Choose a name without a leading dot.`);
  }
  if (!rule.folder && !name.toLowerCase().endsWith(rule.extension)) {
    throw new DestinationRefused(`A ${LABEL[kind]} export is a ${rule.extension} file: the name must end in ${rule.extension} (for example "${name}${rule.extension}").`);
  }
  const archive = archiveDir ? path.resolve(archiveDir) : null;
  const hidden = dotParts(path.dirname(target), archive);
  const realDir = realParent(target);
  const realArchive = archive ? (realOrNull(archive) ?? archive) : null;
  const hiddenReal = dotParts(realDir, realArchive);
  const dot = hidden[0] ?? hiddenReal[0];
  if (dot !== undefined) {
    throw new DestinationRefused(
      `Exports are not written inside hidden folders ("${dot}"${hidden.length === 0 ? `, where ${path.dirname(target)} really leads` : ''}): programs load files from such folders. Choose a folder whose path has no part starting with a dot.`,
    );
  }
  let exists = true;
  try {
    fs.lstatSync(target);
  } catch {
    exists = false;
  }
  if (exists) throw new DestinationRefused(`${target} already exists; exports never replace anything. Choose a new name.`);
  return target;
}
