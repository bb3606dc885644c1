// Reading the vocabulary: terms in display order (subtypes under their parent), names with their
// parent for context, and which shortcut keys clash with each other or with the photo view's keys.
import type { Term } from '../../../../shared/api';
import { RESERVED_SHORTCUTS as RESERVED_KEYS } from '../../../../shared/taxonomy';

export type TermKind = Term['kind'];

export const KIND_ORDER: TermKind[] = ['class', 'damage', 'tag'];
export const KIND_TITLES: Record<TermKind, string> = { class: 'Object classes', damage: 'Damage types', tag: 'Tags' };
export const KIND_NAMES: Record<TermKind, string> = { class: 'object class', damage: 'damage type', tag: 'tag' };

export { RESERVED_KEYS };

/** Usable in pickers: neither hidden nor merged away. */
export function isActive(t: Term): boolean {
  return !t.hidden && t.mergedInto === null;
}

/** Terms of one kind, each parent followed by its subtypes (depth 1), in the vocabulary's order. */
export function termTree(terms: Term[], kind: TermKind): Array<{ term: Term; depth: number }> {
  const ofKind = terms.filter((t) => t.kind === kind);
  const ids = new Set(ofKind.map((t) => t.id));
  const children = new Map<number, Term[]>();
  for (const t of ofKind) {
    if (t.parentId !== null && ids.has(t.parentId)) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  }
  const out: Array<{ term: Term; depth: number }> = [];
  const visit = (t: Term, depth: number) => {
    out.push({ term: t, depth });
    for (const c of children.get(t.id) ?? []) visit(c, depth + 1);
  };
  for (const t of ofKind) if (t.parentId === null || !ids.has(t.parentId)) visit(t, 0);
  return out;
}

/** "Building › Residential (house, apartment block)": a subtype named with its parent. */
export function termPath(term: Term, byId: ReadonlyMap<number, Term>): string {
  const parent = term.parentId !== null ? byId.get(term.parentId) : undefined;
  return parent ? `${parent.label} › ${term.label}` : term.label;
}

export function byIdMap(terms: Term[]): Map<number, Term> {
  return new Map(terms.map((t) => [t.id, t]));
}

/** The ids of a term's subtypes, at any depth (a term cannot be merged into one of them). */
export function descendantIds(terms: Term[], id: number): Set<number> {
  const out = new Set<number>();
  let frontier = [id];
  while (frontier.length) {
    const next = terms.filter((t) => t.parentId !== null && frontier.includes(t.parentId) && !out.has(t.id)).map((t) => t.id);
    next.forEach((n) => out.add(n));
    frontier = next;
  }
  return out;
}

/** Why a shortcut key would not work for a term, or null when it is free. */
export function shortcutProblem(key: string, termId: number | null, terms: Term[]): string | null {
  if (RESERVED_KEYS[key]) return `"${key}" is the photo view's key for ${RESERVED_KEYS[key]}.`;
  const other = terms.find((t) => t.shortcut === key && t.id !== termId && t.mergedInto === null);
  return other ? `"${key}" is already the shortcut of "${other.label}".` : null;
}
