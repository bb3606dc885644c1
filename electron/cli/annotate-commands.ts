// Annotating from the command line, over the same core as the app: tag, untag, set, region
// add|set|delete, history and problems. Every edit goes through the Editor in the catalogue's undo
// mode, so it is one step in the history (actor: --actor, else the user name from Settings, else the
// OS account) and can be undone in the app like any edit made there.
import os from 'node:os';
import type { BatchSummary, Geometry, Region, Severity, Term } from '../../shared/api';
import { Geometry as GeometrySchema, MetaField } from '../../shared/api';
import { createRegion, deleteRegion, describeBatch, planBatch, refuseAllSealed, updateRegion, type RegionInput } from '../catalog/annotate';
import type { Archive } from '../catalog/archive';
import { Editor } from '../catalog/edits';
import { listProblems } from '../catalog/photos';
import { listTerms } from '../catalog/vocabulary';
import { REVIEW_USAGE, reviewCommand, type ReviewOptions } from './review-commands';

export const ANNOTATE_COMMANDS = new Set(['tag', 'untag', 'set', 'region', 'history', 'problems', 'review']);

export const ANNOTATE_USAGE = `  tag <id>[,<id>...] <term...> --archive <dir> [--actor <name>] [--json]
  untag <id>[,<id>...] <term...> --archive <dir> [--actor <name>] [--json]
      Put terms on photos (or take them off). A term is named by its key (damage.fire,
      tag.places.україна), its label (case ignored; must be unambiguous) or its id.
  set <id>[,<id>...] <field> <value> --archive <dir> [--actor <name>] [--json]
      Set a descriptive field (${MetaField.options.join(', ')}); an empty value clears it.
  region add <photo id> (--rect x,y,w,h | --polygon x1,y1,x2,y2,x3,y3...) [--class <term>]
         [--damage <term>,<term>] [--severity 0-4|na] [--confidence certain|possible] [--note <text>]
  region set <region id> [--rect ... | --polygon ...] [--class <term>|none] [--damage ...|none]
         [--severity ...|none] [--confidence ...|none] [--note <text>]
  region delete <region id>
      Coordinates are normalized (0..1) to the displayed (upright) image.
  history <photo id> [--limit <n>] --archive <dir> [--json]
      The photo's history, newest first: when, who, what.
  problems --archive <dir> [--json]
      Import problems: files that could not be imported, duplicates, sidecars not used.
${REVIEW_USAGE}`;

export class AnnotateUsageError extends Error {}

export interface AnnotateOptions extends ReviewOptions {
  json: boolean;
  actor?: string;
  rect?: string;
  polygon?: string;
  class?: string;
  damage?: string;
  severity?: string;
  confidence?: string;
  note?: string;
  limit?: string;
}

type Out = NodeJS.WritableStream;

function userName(archive: Archive, actor: string | undefined): string {
  if (actor?.trim()) return actor.trim();
  const r = archive.db.prepare("SELECT value FROM settings WHERE key = 'userName'").get() as { value: string } | undefined;
  return r?.value ?? os.userInfo().username;
}

function positiveInt(s: string | undefined, what: string): number {
  const n = Number(s);
  if (s === undefined || !Number.isSafeInteger(n) || n < 1) throw new AnnotateUsageError(`${what} must be a positive whole number, not ${JSON.stringify(s ?? '')}.`);
  return n;
}

function idList(s: string | undefined): number[] {
  if (!s) throw new AnnotateUsageError('Give the photo id(s) first, e.g. 12 or 12,13,14.');
  return s.split(',').map((x) => positiveInt(x.trim(), 'A photo id'));
}

/** Finds a term by id, key or label (case-insensitive), among live terms of the allowed kinds. */
function termResolver(archive: Archive) {
  const terms = listTerms(archive.db).filter((t) => t.mergedInto === null);
  return (name: string, kinds: Array<Term['kind']>): Term => {
    const pool = terms.filter((t) => kinds.includes(t.kind));
    const n = name.normalize('NFC').trim();
    const byId = /^\d+$/.test(n) ? pool.find((t) => t.id === Number(n)) : undefined;
    if (byId) return byId;
    const byKey = pool.find((t) => t.key === n.toLowerCase() || t.key === n);
    if (byKey) return byKey;
    const byLabel = pool.filter((t) => t.label.normalize('NFC').toLocaleLowerCase() === n.toLocaleLowerCase());
    if (byLabel.length === 1) return byLabel[0]!;
    if (byLabel.length > 1) throw new AnnotateUsageError(`"${name}" is the label of ${byLabel.length} terms (${byLabel.map((t) => t.key).join(', ')}); name one by its key.`);
    throw new AnnotateUsageError(`No ${kinds.join(' or ')} term "${name}" in this archive's vocabulary (use its key, label or id).`);
  };
}

function numbers(s: string, what: string): number[] {
  const v = s.split(',').map((x) => Number(x.trim()));
  if (v.some((x) => !Number.isFinite(x) || x < 0 || x > 1)) throw new AnnotateUsageError(`${what} takes numbers from 0 to 1 separated by commas.`);
  return v;
}

function geometryOf(o: AnnotateOptions): Geometry | undefined {
  if (o.rect && o.polygon) throw new AnnotateUsageError('Give --rect or --polygon, not both.');
  let g: unknown;
  if (o.rect) {
    const v = numbers(o.rect, '--rect');
    if (v.length !== 4) throw new AnnotateUsageError('--rect takes x,y,w,h (four numbers).');
    g = { type: 'rect', x: v[0], y: v[1], w: v[2], h: v[3] };
  } else if (o.polygon) {
    const v = numbers(o.polygon, '--polygon');
    if (v.length < 6 || v.length % 2) throw new AnnotateUsageError('--polygon takes x,y pairs of at least three points.');
    g = { type: 'polygon', points: Array.from({ length: v.length / 2 }, (_, i) => [v[2 * i], v[2 * i + 1]]) };
  } else return undefined;
  const parsed = GeometrySchema.safeParse(g);
  if (!parsed.success) throw new AnnotateUsageError(`Not a valid region shape: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  return parsed.data;
}

const none = (s: string | undefined) => s !== undefined && s.trim().toLowerCase() === 'none';

function severityOf(s: string): Severity | null {
  if (none(s)) return null;
  const t = s.trim().toLowerCase();
  if (t === 'na') return 'na';
  if (/^[0-4]$/.test(t)) return Number(t) as Severity;
  throw new AnnotateUsageError('--severity takes 0, 1, 2, 3, 4, na or none.');
}

function confidenceOf(s: string): Region['confidence'] {
  if (none(s)) return null;
  const t = s.trim().toLowerCase();
  if (t === 'certain' || t === 'possible') return t;
  throw new AnnotateUsageError('--confidence takes certain, possible or none.');
}

/** The region fields given on the command line (undefined = not given). */
function regionPatch(archive: Archive, o: AnnotateOptions): Partial<Omit<RegionInput, 'photoId'>> {
  const term = termResolver(archive);
  return {
    geometry: geometryOf(o),
    classId: o.class === undefined ? undefined : none(o.class) ? null : term(o.class, ['class']).id,
    damageIds: o.damage === undefined ? undefined : none(o.damage) ? [] : o.damage.split(',').filter((d) => d.trim()).map((d) => term(d, ['damage']).id),
    severity: o.severity === undefined ? undefined : severityOf(o.severity),
    confidence: o.confidence === undefined ? undefined : confidenceOf(o.confidence),
    note: o.note,
  };
}

/** Sealed photos a batch left as they were, named after its result. */
function sealedNote(s: BatchSummary): string {
  return s.sealed ? ` Left unchanged, sealed: ${s.sealed.fileNames.join(', ')}${s.sealed.count > s.sealed.fileNames.length ? ` and ${s.sealed.count - s.sealed.fileNames.length} more` : ''}.` : '';
}

function print(out: Out, json: boolean, value: unknown, text: string): void {
  out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

export async function annotateCommand(archive: Archive, command: string, rest: string[], o: AnnotateOptions, out: Out): Promise<number> {
  const editor = new Editor(archive.db, () => userName(archive, o.actor), () => {}, 'catalogue');
  const term = termResolver(archive);
  switch (command) {
    case 'tag':
    case 'untag': {
      const [ids, ...names] = rest;
      if (names.length === 0) throw new AnnotateUsageError(`${command} needs photo id(s) and at least one term.`);
      const termIds = names.map((n) => term(n, ['class', 'damage', 'tag']).id);
      const input = { photoIds: idList(ids), addTagIds: command === 'tag' ? termIds : [], removeTagIds: command === 'untag' ? termIds : [], fields: {} };
      refuseAllSealed(archive.db, input);
      const { summary, changes } = planBatch(archive.db, input);
      editor.commit(changes, describeBatch(archive.db, input, summary));
      print(out, o.json, summary, `${command === 'tag' ? `${summary.tagsAdded} tag(s) added` : `${summary.tagsRemoved} tag(s) removed`} on ${summary.photos} photo(s).${sealedNote(summary)}`);
      return 0;
    }
    case 'set': {
      const [ids, field, ...value] = rest;
      const f = MetaField.safeParse(field);
      if (!f.success || value.length === 0) throw new AnnotateUsageError(`set needs photo id(s), a field (${MetaField.options.join(', ')}) and a value ("" clears it).`);
      const input = { photoIds: idList(ids), addTagIds: [], removeTagIds: [], fields: { [f.data]: value.join(' ') } };
      refuseAllSealed(archive.db, input);
      const { summary, changes } = planBatch(archive.db, input);
      editor.commit(changes, describeBatch(archive.db, input, summary));
      print(out, o.json, summary, `${f.data} changed on ${summary.fieldsChanged[f.data] ?? 0} of ${summary.photos} photo(s).${sealedNote(summary)}`);
      return 0;
    }
    case 'region': {
      const [sub, idText] = rest;
      if (rest.length !== 2) throw new AnnotateUsageError('region add <photo id> | region set <region id> | region delete <region id>.');
      if (sub === 'add') {
        const p = regionPatch(archive, o);
        if (!p.geometry) throw new AnnotateUsageError('region add needs --rect x,y,w,h or --polygon x1,y1,...');
        const r = createRegion(archive.db, editor, {
          photoId: positiveInt(idText, 'The photo id'), geometry: p.geometry, classId: p.classId ?? null, damageIds: p.damageIds ?? [],
          severity: p.severity ?? null, confidence: p.confidence ?? null, note: p.note ?? '',
        });
        print(out, o.json, r, `Region ${r.id} added to photo ${r.photoId}.`);
        return 0;
      }
      if (sub === 'set') {
        const r = updateRegion(archive.db, editor, positiveInt(idText, 'The region id'), regionPatch(archive, o));
        print(out, o.json, r, `Region ${r.id} changed.`);
        return 0;
      }
      if (sub === 'delete') {
        const id = positiveInt(idText, 'The region id');
        deleteRegion(archive.db, editor, id);
        print(out, o.json, { deleted: id }, `Region ${id} deleted.`);
        return 0;
      }
      throw new AnnotateUsageError(`Unknown region command "${sub ?? ''}" (add, set or delete).`);
    }
    case 'review': {
      if (rest.length !== 1) throw new AnnotateUsageError('review needs the photo id(s), e.g. review 12,13 --status sealed.');
      return reviewCommand(archive, editor, userName(archive, o.actor), idList(rest[0]), o, out, (m) => new AnnotateUsageError(m));
    }
    case 'history': {
      if (rest.length !== 1) throw new AnnotateUsageError('history needs one photo id.');
      const entries = editor.history(positiveInt(rest[0], 'The photo id'), o.limit ? positiveInt(o.limit, '--limit') : 500);
      print(out, o.json, entries, entries.map((h) => `${h.at}\t${h.actor}\t${h.action}\t${h.description}`).join('\n') || 'No history for this photo.');
      return 0;
    }
    case 'problems': {
      const problems = listProblems(archive.db);
      print(out, o.json, problems, problems.map((p) => `${p.kind}\t${p.path}\t${p.reason}`).join('\n') || 'No import problems.');
      return 0;
    }
    default:
      throw new AnnotateUsageError(`Unknown command "${command}".`);
  }
}
