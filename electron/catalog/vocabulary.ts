// The archive's own vocabulary: seeded from the default taxonomy, then edited by its users.
import type { Term, VocabularyFile } from '../../shared/api';
import { DEFAULT_CLASSES, DEFAULT_DAMAGE, type DefaultTerm, type TermKind } from '../../shared/taxonomy';
import type { Db } from './db';
import { ConflictError, InvalidRequestError, NotFoundError } from './errors';
import { refuseSealed } from './review/state';

interface TermRow {
  id: number;
  kind: TermKind;
  key: string;
  label: string;
  parent_id: number | null;
  colour: string | null;
  shortcut: string | null;
  hidden: number;
  merged_into: number | null;
  sort: number;
}

function toTerm(r: TermRow): Term {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    label: r.label,
    parentId: r.parent_id,
    colour: r.colour,
    shortcut: r.shortcut,
    hidden: r.hidden === 1,
    mergedInto: r.merged_into,
  };
}

/** Fills an empty vocabulary with the default taxonomy (new archives, and archives made before it existed). */
export function seedVocabulary(db: Db): void {
  if ((db.prepare('SELECT count(*) AS n FROM terms').get() as { n: number }).n > 0) return;
  const insert = db.prepare('INSERT INTO terms (kind, key, label, parent_id, colour, shortcut, sort) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let sort = 0;
  const add = (kind: TermKind, t: DefaultTerm, parent: number | null) => {
    const id = Number(insert.run(kind, t.key, t.label, parent, t.colour ?? null, t.shortcut ?? null, sort++).lastInsertRowid);
    for (const child of t.children ?? []) add(kind, child, id);
  };
  db.transaction(() => {
    for (const t of DEFAULT_CLASSES) add('class', t, null);
    for (const t of DEFAULT_DAMAGE) add('damage', t, null);
  })();
}

export function listTerms(db: Db): Term[] {
  return (db.prepare('SELECT * FROM terms ORDER BY kind, sort, id').all() as TermRow[]).map(toTerm);
}

export function getTerm(db: Db, id: number): Term {
  const r = db.prepare('SELECT * FROM terms WHERE id = ?').get(id) as TermRow | undefined;
  if (!r) throw new NotFoundError(`No term with id ${id} in this archive's vocabulary.`);
  return toTerm(r);
}

/** Checks that each id is a live (not merged) term of the expected kind. */
export function requireTerms(db: Db, ids: number[], kinds: TermKind[], role: string): void {
  for (const id of ids) {
    const t = getTerm(db, id);
    if (!kinds.includes(t.kind)) throw new InvalidRequestError(`Term ${id} ("${t.label}") is a ${t.kind} term and cannot be used as ${role}.`);
    if (t.mergedInto !== null) throw new InvalidRequestError(`Term ${id} ("${t.label}") was merged into term ${t.mergedInto}; use that one.`);
  }
}

/**
 * A key segment from a label, readable in any script: NFC (so "ї" stays one letter rather than "і"
 * plus a combining mark), lower case, letters, combining marks (needed by scripts such as Devanagari)
 * and digits kept, anything else a hyphen. "Україна" -> "україна", "Khárkiv" -> "khárkiv".
 */
function slug(label: string): string {
  return (
    label
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'term'
  );
}

function checkShortcut(db: Db, shortcut: string | null, exceptId: number | null): void {
  if (!shortcut) return;
  const other = db.prepare('SELECT id, label FROM terms WHERE shortcut = ? AND merged_into IS NULL AND id IS NOT ?').get(shortcut, exceptId) as
    | { id: number; label: string }
    | undefined;
  if (other) throw new ConflictError(`The key "${shortcut}" is already the shortcut of "${other.label}".`);
}

export function addTerm(
  db: Db,
  input: { kind: TermKind; label: string; parentId: number | null; colour: string | null; shortcut: string | null },
): Term {
  if (input.parentId !== null) {
    const parent = getTerm(db, input.parentId);
    if (parent.kind !== input.kind) throw new InvalidRequestError(`A ${input.kind} term cannot sit under the ${parent.kind} term "${parent.label}".`);
  }
  checkShortcut(db, input.shortcut, null);
  const twin = db
    .prepare('SELECT id FROM terms WHERE kind = ? AND parent_id IS ? AND lower(label) = lower(?) AND merged_into IS NULL')
    .get(input.kind, input.parentId, input.label) as { id: number } | undefined;
  if (twin) throw new ConflictError(`A ${input.kind} term named "${input.label}" already exists (term ${twin.id}).`);
  const parentKey = input.parentId !== null ? getTerm(db, input.parentId).key : input.kind === 'damage' ? 'damage' : input.kind === 'tag' ? 'tag' : '';
  let key = [parentKey, slug(input.label)].filter(Boolean).join('.');
  for (let n = 2; db.prepare('SELECT 1 FROM terms WHERE kind = ? AND key = ?').get(input.kind, key); n++) key = `${key.replace(/-\d+$/, '')}-${n}`;
  const sort = (db.prepare('SELECT coalesce(max(sort), 0) + 1 AS s FROM terms').get() as { s: number }).s;
  const id = Number(
    db
      .prepare('INSERT INTO terms (kind, key, label, parent_id, colour, shortcut, sort) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.kind, key, input.label, input.parentId, input.colour, input.shortcut, sort).lastInsertRowid,
  );
  return getTerm(db, id);
}

export function updateTerm(
  db: Db,
  input: { id: number; label?: string; colour?: string | null; shortcut?: string | null; hidden?: boolean },
): { before: Term; after: Term } {
  const before = getTerm(db, input.id);
  if (input.shortcut !== undefined) checkShortcut(db, input.shortcut, input.id);
  db.prepare(
    `UPDATE terms SET label = coalesce(@label, label), colour = CASE WHEN @setColour THEN @colour ELSE colour END,
       shortcut = CASE WHEN @setShortcut THEN @shortcut ELSE shortcut END, hidden = coalesce(@hidden, hidden) WHERE id = @id`,
  ).run({
    id: input.id,
    label: input.label ?? null,
    setColour: input.colour !== undefined ? 1 : 0,
    colour: input.colour ?? null,
    setShortcut: input.shortcut !== undefined ? 1 : 0,
    shortcut: input.shortcut ?? null,
    hidden: input.hidden === undefined ? null : input.hidden ? 1 : 0,
  });
  return { before, after: getTerm(db, input.id) };
}

/**
 * Moves every use of one term to another; the old term stays, marked merged, for history. Terms of
 * one kind merge freely. A term of another kind may be merged only where every use can move: a
 * stray free tag typed as "fire" on photos becomes the damage type "Fire / burn" as a photo tag
 * (any kind can tag a photo), but a region's object class cannot become a damage type, nor a term
 * with subtypes leave its tree.
 */
export function mergeTerms(db: Db, fromId: number, intoId: number): { from: Term; into: Term; moved: number; photoIds: number[] } {
  const from = getTerm(db, fromId);
  const into = getTerm(db, intoId);
  if (fromId === intoId) throw new InvalidRequestError('A term cannot be merged into itself.');
  if (from.mergedInto !== null) throw new InvalidRequestError(`"${from.label}" was already merged into term ${from.mergedInto}.`);
  if (from.kind !== into.kind) {
    const inRegions = db.prepare('SELECT EXISTS (SELECT 1 FROM regions WHERE class_id = @t) OR EXISTS (SELECT 1 FROM region_damage WHERE term_id = @t)').pluck().get({ t: fromId });
    const children = db.prepare('SELECT EXISTS (SELECT 1 FROM terms WHERE parent_id = ? AND merged_into IS NULL)').pluck().get(fromId);
    if (inRegions || children)
      throw new InvalidRequestError(
        `"${from.label}" is a ${from.kind} term ${inRegions ? 'used in regions' : 'with subtypes'} and "${into.label}" a ${into.kind} term; ` +
          'only a term used as photo tags alone can be merged into a term of another kind.',
      );
  }
  if (into.mergedInto !== null) throw new InvalidRequestError(`"${into.label}" was itself merged away; merge into term ${into.mergedInto}.`);
  const photoIds = (
    db
      .prepare(
        `SELECT photo_id FROM photo_tags WHERE term_id = @t
         UNION SELECT r.photo_id FROM regions r LEFT JOIN region_damage d ON d.region_id = r.id WHERE r.class_id = @t OR d.term_id = @t`,
      )
      .all({ t: fromId }) as Array<{ photo_id: number }>
  ).map((r) => r.photo_id);
  // A merge rewrites the term stored in each photo's annotations: sealed photos refuse it (a rename,
  // which changes only the label shown, does not touch them and is allowed).
  refuseSealed(db, photoIds, `merging "${from.label}" would change its annotations, which are read-only`);
  let moved = 0;
  moved += db.prepare('INSERT OR IGNORE INTO photo_tags (photo_id, term_id) SELECT photo_id, ? FROM photo_tags WHERE term_id = ?').run(intoId, fromId).changes;
  db.prepare('DELETE FROM photo_tags WHERE term_id = ?').run(fromId);
  moved += db.prepare('INSERT OR IGNORE INTO region_damage (region_id, term_id) SELECT region_id, ? FROM region_damage WHERE term_id = ?').run(intoId, fromId).changes;
  db.prepare('DELETE FROM region_damage WHERE term_id = ?').run(fromId);
  moved += db.prepare('UPDATE regions SET class_id = ? WHERE class_id = ?').run(intoId, fromId).changes;
  db.prepare('UPDATE terms SET parent_id = ? WHERE parent_id = ?').run(intoId, fromId);
  db.prepare('UPDATE terms SET merged_into = ?, hidden = 1, shortcut = NULL WHERE id = ?').run(intoId, fromId);
  return { from, into, moved, photoIds };
}

export function exportVocabulary(db: Db): VocabularyFile {
  const rows = db.prepare('SELECT * FROM terms WHERE merged_into IS NULL ORDER BY kind, sort, id').all() as TermRow[];
  const keyOf = new Map(rows.map((r) => [r.id, r.key]));
  return {
    format: 'damage-archive-vocabulary',
    version: 1,
    terms: rows.map((r) => ({
      kind: r.kind,
      key: r.key,
      label: r.label,
      parentKey: r.parent_id !== null ? (keyOf.get(r.parent_id) ?? null) : null,
      colour: r.colour,
      shortcut: r.shortcut,
      hidden: r.hidden === 1,
    })),
  };
}

/** Adds terms the archive lacks and updates those it has (matched by kind and key); never deletes. */
export function importVocabulary(db: Db, file: VocabularyFile): { added: number; updated: number } {
  let added = 0;
  let updated = 0;
  const find = db.prepare('SELECT id FROM terms WHERE kind = ? AND key = ?');
  // Parents first, so children can find them.
  const ordered = [...file.terms].sort((a, b) => a.key.split('.').length - b.key.split('.').length);
  for (const t of ordered) {
    const parent = t.parentKey ? (find.get(t.kind, t.parentKey) as { id: number } | undefined)?.id ?? null : null;
    const existing = find.get(t.kind, t.key) as { id: number } | undefined;
    // A shortcut already used by another term stays with that term.
    const shortcutFree = !t.shortcut || !db.prepare('SELECT 1 FROM terms WHERE shortcut = ? AND NOT (kind = ? AND key = ?)').get(t.shortcut, t.kind, t.key);
    const shortcut = shortcutFree ? t.shortcut : null;
    if (existing) {
      db.prepare('UPDATE terms SET label = ?, parent_id = ?, colour = ?, shortcut = ?, hidden = ? WHERE id = ?').run(
        t.label, parent, t.colour, shortcut, t.hidden ? 1 : 0, existing.id,
      );
      updated++;
    } else {
      const sort = (db.prepare('SELECT coalesce(max(sort), 0) + 1 AS s FROM terms').get() as { s: number }).s;
      db.prepare('INSERT INTO terms (kind, key, label, parent_id, colour, shortcut, hidden, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        t.kind, t.key, t.label, parent, t.colour, shortcut, t.hidden ? 1 : 0, sort,
      );
      added++;
    }
  }
  return { added, updated };
}
