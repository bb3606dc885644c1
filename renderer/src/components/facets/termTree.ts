// Term facets (object classes, damage types) listed as the vocabulary's tree: each value under its
// parent (Minibus under Vehicle), siblings by count then label, as the server ranked them. A parent
// counts its subtypes' photos too (the core's roll-up), so the tree reads top-down.
import type { Term } from '../../../../shared/api';
import type { FacetItem } from './FacetGroup';

export function nestTermItems(items: FacetItem[], terms: ReadonlyMap<number, Term>): FacetItem[] {
  const listed = new Set(items.map((i) => i.value));
  // The nearest listed ancestor is a value's parent in the sidebar.
  const parentOf = (value: string): string | null => {
    const seen = new Set<number>();
    let t = terms.get(Number(value));
    while (t && t.parentId !== null && !seen.has(t.id)) {
      seen.add(t.id);
      if (listed.has(String(t.parentId))) return String(t.parentId);
      t = terms.get(t.parentId);
    }
    return null;
  };
  const children = new Map<string | null, FacetItem[]>();
  for (const i of items) {
    const p = parentOf(i.value);
    children.set(p, [...(children.get(p) ?? []), i]);
  }
  const out: FacetItem[] = [];
  const walk = (parent: string | null, depth: number, seen: Set<string>) => {
    for (const i of children.get(parent) ?? []) {
      if (seen.has(i.value)) continue;
      seen.add(i.value);
      out.push({ ...i, depth });
      walk(i.value, depth + 1, seen);
    }
  };
  walk(null, 0, new Set());
  return out;
}
