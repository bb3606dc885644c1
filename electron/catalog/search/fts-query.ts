// The search box's text as an FTS5 MATCH expression. Users type words and "quoted phrases"; they
// never type FTS5 syntax. Every term is therefore emitted as an FTS5 string (the only escape inside
// one is a doubled quote), so operators, column filters, NEAR(), '*', '^', ':' and '-' in the input
// are plain text and can never make the query fail.

/** unicode61 indexes letters and digits (and private-use characters); everything else separates. */
const SEARCHABLE = /[\p{L}\p{N}\p{Co}]/u;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Words become prefix terms ("khar" finds "Kharkiv"), quoted phrases must appear as written
 * (word order, adjacent). All terms must match (AND). An unclosed quote runs to the end of the text.
 * Returns null when the text has nothing searchable (only spaces or punctuation): no text filter.
 */
export function toMatchExpression(text: string): string | null {
  const terms: string[] = [];
  const re = /"([^"]*)"?|([^\s"]+)/g;
  for (const m of text.normalize('NFC').matchAll(re)) {
    const phrase = m[1];
    const word = m[2];
    if (phrase !== undefined) {
      if (SEARCHABLE.test(phrase)) terms.push(quote(phrase));
    } else if (word !== undefined && SEARCHABLE.test(word)) {
      terms.push(`${quote(word)}*`);
    }
  }
  return terms.length ? terms.join(' AND ') : null;
}
