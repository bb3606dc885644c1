// A tiny HTML template that escapes by default: every value interpolated into html`…` is escaped
// (text and double-quoted attributes alike) unless it is itself the result of html`…` or raw().
// The catalogue is built only with it, so no caption, note, label or file name can become markup.

const BRAND = Symbol('SafeHtml');

/** A fragment already built from escaped parts (or trusted, fixed text). */
export interface SafeHtml {
  readonly [BRAND]: true;
  readonly text: string;
}

function safe(text: string): SafeHtml {
  return { [BRAND]: true, text };
}

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === 'object' && v !== null && (v as { [BRAND]?: unknown })[BRAND] === true;
}

/** Escapes the five characters that matter in text and in quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** What may be interpolated: text and numbers are escaped; null/undefined/false render as nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return escapeHtml(v);
  if (isSafe(v)) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  throw new Error('Unsupported value in an HTML template.');
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return safe(out);
}

/**
 * Fixed text we wrote ourselves (the style sheet). Never pass data from the archive here; anything
 * that comes from a user or a file goes through html`…`.
 */
export function trusted(text: string): SafeHtml {
  return safe(text);
}
