// The one term picker's matching (issue 12, item 2): typed text finds existing terms of every kind
// first, by label start, word start or substring; Enter never turns a fragment into a new tag
// while an existing term is offered, nor silently takes a term that only contains the text.
import { describe, expect, it } from 'vitest';
import type { Term } from '../../shared/api';
import { DEFAULT_CLASSES, DEFAULT_DAMAGE, type DefaultTerm, type TermKind } from '../../shared/taxonomy';
import { canCreate, defaultActive, matchTerms } from '../../renderer/src/components/terms/termMatch';

const terms: Term[] = [];
const add = (kind: TermKind, t: DefaultTerm, parentId: number | null) => {
  const id = terms.length + 1;
  terms.push({ id, kind, key: t.key, label: t.label, parentId, colour: t.colour ?? null, shortcut: t.shortcut ?? null, hidden: false, mergedInto: null });
  for (const c of t.children ?? []) add(kind, c, id);
};
for (const t of DEFAULT_CLASSES) add('class', t, null);
for (const t of DEFAULT_DAMAGE) add('damage', t, null);
add('tag', { key: 'tag.zeta', label: 'zeta' }, null);
add('tag', { key: 'tag.kharkiv', label: 'Khárkiv' }, null);
const byId = new Map(terms.map((t) => [t.id, t]));
const find = (q: string) => matchTerms(q, terms, byId);

describe('term matching', () => {
  it('offers Minibus for "mini" and highlights it, with its kind', () => {
    const m = find('mini');
    expect(m[0]!.term.label).toBe('Minibus');
    expect(m[0]!.term.kind).toBe('class');
    expect(m[0]!.path).toBe('Vehicle › Minibus');
    expect(defaultActive(m, canCreate('mini', terms))).toBe(0);
  });

  it('offers the damage type "Fire / burn" for "fire" and "burn" (a word of the label)', () => {
    expect(find('fire')[0]!.term.key).toBe('damage.fire');
    const burn = find('burn');
    expect(burn[0]!.term.key).toBe('damage.fire');
    expect(defaultActive(burn, true)).toBe(0);
  });

  it('does not let Enter take "zeta" for "eta", nor create "eta" while zeta is offered', () => {
    const m = find('eta');
    expect(m.map((x) => x.term.label)).toContain('zeta');
    expect(canCreate('eta', terms)).toBe(true);
    expect(defaultActive(m, true)).toBe(-1);
  });

  it('highlights "Create tag" only when nothing matches', () => {
    expect(find('Khorog')).toEqual([]);
    expect(defaultActive([], canCreate('Khorog', terms))).toBe(0);
    expect(canCreate('ZETA', terms)).toBe(false);
  });

  it('ignores case and diacritics, and finds subtypes by their parent', () => {
    expect(find('kharkiv')[0]!.term.label).toBe('Khárkiv');
    const vehicle = find('vehicle');
    expect(vehicle[0]!.term.label).toBe('Vehicle');
    expect(vehicle.slice(1).every((x) => x.path.startsWith('Vehicle ›'))).toBe(true);
  });

  it('leaves out hidden and merged terms and the ones already chosen', () => {
    const zeta = terms.find((t) => t.label === 'zeta')!;
    expect(matchTerms('zeta', terms, byId, { exclude: new Set([zeta.id]) })).toEqual([]);
    const merged = terms.map((t) => (t.id === zeta.id ? { ...t, mergedInto: 1 } : t));
    expect(matchTerms('zeta', merged, byId)).toEqual([]);
  });
});
