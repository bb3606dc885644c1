// The vocabulary as the annotation UI needs it: lookups by id, colours inherited from parents,
// class terms grouped under their top-level class, shortcut keys, labels typed by users.
import type { Term } from '../../../../shared/api';

type TermKind = Term['kind'];

export interface Vocabulary {
  terms: Term[];
  byId: Map<number, Term>;
}

export function makeVocabulary(terms: Term[]): Vocabulary {
  return { terms, byId: new Map(terms.map((t) => [t.id, t])) };
}

/** Hidden and merged terms stay in the archive for history but are not offered in pickers. */
export function isPickable(t: Term): boolean {
  return !t.hidden && t.mergedInto === null;
}

/** A term's own colour, else the nearest ancestor's (subtypes inherit their class colour). */
export function termColour(vocab: Vocabulary, id: number | null): string | null {
  const seen = new Set<number>();
  let t = id === null ? undefined : vocab.byId.get(id);
  while (t && !seen.has(t.id)) {
    if (t.colour) return t.colour;
    seen.add(t.id);
    t = t.parentId === null ? undefined : vocab.byId.get(t.parentId);
  }
  return null;
}

export interface ClassOption {
  term: Term;
  depth: number;
}

export interface ClassGroup {
  root: Term;
  /** Descendants in tree order; depth 1 for direct subtypes. */
  options: ClassOption[];
}

/** Pickable class terms grouped under their top-level class, children in label order. */
export function classGroups(vocab: Vocabulary): ClassGroup[] {
  const classes = vocab.terms.filter((t) => t.kind === 'class' && isPickable(t));
  const children = new Map<number | null, Term[]>();
  for (const t of classes) {
    const parent = t.parentId !== null && classes.some((c) => c.id === t.parentId) ? t.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const walk = (id: number, depth: number, out: ClassOption[], seen: Set<number>) => {
    for (const c of children.get(id) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ term: c, depth });
      walk(c.id, depth + 1, out, seen);
    }
  };
  return (children.get(null) ?? []).map((root) => {
    const options: ClassOption[] = [];
    walk(root.id, 1, options, new Set([root.id]));
    return { root, options };
  });
}

export function termsOfKind(vocab: Vocabulary, kind: TermKind): Term[] {
  return vocab.terms.filter((t) => t.kind === kind && isPickable(t));
}

export function termByShortcut(vocab: Vocabulary, kind: TermKind, key: string): Term | undefined {
  return vocab.terms.find((t) => t.kind === kind && t.shortcut === key && isPickable(t));
}

/** The term a typed label names (case and surrounding spaces ignored), tags first. */
export function termByLabel(vocab: Vocabulary, label: string): Term | undefined {
  const wanted = label.trim().toLocaleLowerCase();
  const matches = vocab.terms.filter((t) => isPickable(t) && t.label.trim().toLocaleLowerCase() === wanted);
  return matches.find((t) => t.kind === 'tag') ?? matches[0];
}

/** "Residential (house, apartment block)" -> "Residential": short enough for a label on the image. */
export function shortLabel(label: string): string {
  return label.replace(/\s*\(.*\)\s*$/, '') || label;
}
