// How a typed text finds terms, for the one term picker (photo view tags, batch panel): the label
// matched by its start, by the start of any word in it ("burn" finds "Fire / burn"), then anywhere,
// the parent's label too ("vehicle" lists its subtypes). Case and diacritics are ignored.
import type { Term } from '../../../../shared/api';
import { isActive, termPath } from '../vocabulary/terms';

export type MatchRank = 'exact' | 'prefix' | 'word' | 'substring' | 'path';

export interface TermMatch {
  term: Term;
  path: string;
  rank: MatchRank;
  /** How many of the photos in hand carry it (the batch panel's "remove" list), else 0. */
  count: number;
}

const ORDER: Record<MatchRank, number> = { exact: 0, prefix: 1, word: 2, substring: 3, path: 4 };

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase().trim();
}

function rankOf(query: string, label: string, path: string): MatchRank | null {
  const l = fold(label);
  if (l === query) return 'exact';
  if (l.startsWith(query)) return 'prefix';
  if (l.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(query))) return 'word';
  if (l.includes(query)) return 'substring';
  if (fold(path).includes(query)) return 'path';
  return null;
}

/**
 * Existing terms for a typed text, best first: exact, label prefix, word prefix, substring, parent;
 * within a rank the ones on more of the photos in hand, then tags, classes, damage types, by label.
 * With nothing typed, the terms the photos in hand carry (if any are counted).
 */
export function matchTerms(
  query: string,
  terms: Term[],
  byId: ReadonlyMap<number, Term>,
  opts: { exclude?: ReadonlySet<number>; counts?: ReadonlyMap<number, number>; limit?: number } = {},
): TermMatch[] {
  const q = fold(query);
  const out: TermMatch[] = [];
  for (const t of terms) {
    if (!isActive(t) || opts.exclude?.has(t.id)) continue;
    const path = termPath(t, byId);
    const count = opts.counts?.get(t.id) ?? 0;
    if (!q) {
      if (count > 0) out.push({ term: t, path, rank: 'substring', count });
      continue;
    }
    const rank = rankOf(q, t.label, path);
    if (rank) out.push({ term: t, path, rank, count });
  }
  const kindOrder = { tag: 0, class: 1, damage: 2 } as const;
  out.sort((a, b) => ORDER[a.rank] - ORDER[b.rank] || b.count - a.count || kindOrder[a.term.kind] - kindOrder[b.term.kind] || a.term.label.localeCompare(b.term.label));
  return out.slice(0, opts.limit ?? 12);
}

/** A new tag may be offered when no live term has exactly this label. */
export function canCreate(query: string, terms: Term[]): boolean {
  const q = fold(query);
  return q !== '' && !terms.some((t) => isActive(t) && fold(t.label) === q);
}

/**
 * Which option Enter takes before the user moves: the best match when its label begins with what
 * was typed (or a word of it does: "fire" -> "Fire / burn"); never a match found only inside a word
 * ("eta" must not silently become "zeta"). "Create tag …" is highlighted only when no existing term
 * matches at all, so it is the one option shown: creating a term is never what Enter does while an
 * existing term is on offer. -1: nothing highlighted (Enter does nothing until the user moves).
 */
export function defaultActive(matches: TermMatch[], createOffered: boolean): number {
  const first = matches[0];
  if (first) return first.rank === 'exact' || first.rank === 'prefix' || first.rank === 'word' ? 0 : -1;
  return createOffered ? 0 : -1;
}
