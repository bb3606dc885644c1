// Reading an XMP packet into the XMP data model (simple values, arrays, structures) keyed by
// namespace URI, so it does not matter which prefixes a writer chose or whether it wrote a property
// as an attribute or an element. Parsing is strict (@xmldom/xmldom, with every error fatal): a
// truncated or broken sidecar is reported, not half-read. DTD entities are never expanded.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { NS } from './xmp-ns';

export type XmpValue =
  | { kind: 'text'; text: string; lang: string | null }
  | { kind: 'array'; form: 'Bag' | 'Seq' | 'Alt'; items: XmpValue[] }
  | { kind: 'struct'; fields: XmpProps };

/** Properties by "namespaceURI localName" (see key()). */
export type XmpProps = Map<string, XmpValue>;

export function key(ns: string, name: string): string {
  return `${ns} ${name}`;
}

export class XmpSyntaxError extends Error {}

/** Deeper than any real XMP; a limit so a hostile file cannot exhaust the stack. */
const MAX_DEPTH = 40;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

export function parseXmp(xml: string): XmpProps {
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmpSyntaxError(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new XmpSyntaxError(`not well-formed XML (${cleanMessage(err)})`);
  }
  const rdf = findRdf(doc.documentElement);
  if (!rdf) throw new XmpSyntaxError('no rdf:RDF element: this is XML but not XMP');
  const props: XmpProps = new Map();
  for (const d of childElements(rdf)) {
    if (d.namespaceURI === NS.rdf && d.localName === 'Description') readDescription(d, props, 0);
  }
  return props;
}

/**
 * The text an XML fragment stands for: exifr hands over XMP values as they are written in the
 * packet ("&lt;img …", "A &amp;amp; B"), while every XMP reader (exiftool, Lightroom) sees the
 * decoded text. Decoded by xmldom (the five XML entities and character references; no DTD
 * entities). A value that is not well-formed XML text is returned unchanged.
 */
export function xmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmpSyntaxError(message);
      },
    }).parseFromString(`<v>${raw}</v>`, 'text/xml');
    const root = doc.documentElement;
    if (!root || childElements(root).length > 0) return raw; // markup, not text: keep it as found
    return textOf(root);
  } catch {
    return raw;
  }
}

function cleanMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  // xmldom wraps the reason ("Reporting fatalError \"…\" caused Error: …"); keep the reason.
  const inner = /"([^"]+)"/.exec(m);
  return (inner ? inner[1]! : m).replace(/\s+/g, ' ').slice(0, 300);
}

function findRdf(root: Element | null): Element | null {
  if (!root) return null;
  if (root.namespaceURI === NS.rdf && root.localName === 'RDF') return root;
  // <x:xmpmeta><rdf:RDF> (usual) or <x:xapmeta> (older writers): look one level down.
  return childElements(root).find((e) => e.namespaceURI === NS.rdf && e.localName === 'RDF') ?? null;
}

function childElements(e: Element): Element[] {
  const out: Element[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) out.push(c as Element);
  return out;
}

function textOf(e: Element): string {
  let s = '';
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_NODE) s += (c as unknown as { data: string }).data;
  return s;
}

function isSyntaxAttribute(ns: string | null, qname: string): boolean {
  return ns === NS.rdf || ns === NS.xmlns || ns === NS.xml || qname.startsWith('xmlns') || qname.startsWith('xml:');
}

/** Properties of an rdf:Description: its non-RDF attributes (short form) and its child elements. */
function readDescription(d: Element, into: XmpProps, depth: number): void {
  for (let i = 0; i < d.attributes.length; i++) {
    const a = d.attributes.item(i)!;
    if (isSyntaxAttribute(a.namespaceURI, a.name) || !a.namespaceURI) continue;
    into.set(key(a.namespaceURI, a.localName ?? a.name), { kind: 'text', text: a.value, lang: null });
  }
  for (const c of childElements(d)) {
    if (!c.namespaceURI) continue;
    into.set(key(c.namespaceURI, c.localName ?? c.nodeName), readValue(c, depth + 1));
  }
}

function lang(e: Element): string | null {
  return e.getAttributeNS(NS.xml, 'lang') || e.getAttribute('xml:lang') || null;
}

/** The value of a property element (or an rdf:li), per the RDF/XML forms XMP uses. */
function readValue(e: Element, depth: number): XmpValue {
  if (depth > MAX_DEPTH) throw new XmpSyntaxError(`structures nested more than ${MAX_DEPTH} deep`);
  const resource = e.getAttributeNS(NS.rdf, 'resource');
  if (resource) return { kind: 'text', text: resource, lang: null };
  const kids = childElements(e);
  if (e.getAttributeNS(NS.rdf, 'parseType') === 'Resource') {
    const fields: XmpProps = new Map();
    for (const c of kids) if (c.namespaceURI) fields.set(key(c.namespaceURI, c.localName ?? c.nodeName), readValue(c, depth + 1));
    return { kind: 'struct', fields };
  }
  const container = kids.find((c) => c.namespaceURI === NS.rdf && (c.localName === 'Bag' || c.localName === 'Seq' || c.localName === 'Alt'));
  if (container) {
    const items = childElements(container)
      .filter((li) => li.namespaceURI === NS.rdf && li.localName === 'li')
      .map((li) => {
        const v = readValue(li, depth + 1);
        return v.kind === 'text' && v.lang === null ? { ...v, lang: lang(li) } : v;
      });
    return { kind: 'array', form: container.localName as 'Bag' | 'Seq' | 'Alt', items };
  }
  const description = kids.find((c) => c.namespaceURI === NS.rdf && c.localName === 'Description');
  if (description) {
    const fields: XmpProps = new Map();
    readDescription(description, fields, depth);
    return { kind: 'struct', fields };
  }
  // A qualified simple value: <x:p><rdf:value>v</rdf:value><q:qual>…</q:qual></x:p>.
  const rdfValue = kids.find((c) => c.namespaceURI === NS.rdf && c.localName === 'value');
  if (rdfValue) return { kind: 'text', text: textOf(rdfValue), lang: lang(e) };
  // Short-form structure: <exif:Flash exif:Fired="False" exif:Mode="2"/>, or child property elements.
  const fieldAttrs: XmpProps = new Map();
  for (let i = 0; i < e.attributes.length; i++) {
    const a = e.attributes.item(i)!;
    if (isSyntaxAttribute(a.namespaceURI, a.name) || !a.namespaceURI) continue;
    fieldAttrs.set(key(a.namespaceURI, a.localName ?? a.name), { kind: 'text', text: a.value, lang: null });
  }
  if (fieldAttrs.size > 0 || kids.length > 0) {
    for (const c of kids) if (c.namespaceURI) fieldAttrs.set(key(c.namespaceURI, c.localName ?? c.nodeName), readValue(c, depth + 1));
    return { kind: 'struct', fields: fieldAttrs };
  }
  return { kind: 'text', text: textOf(e), lang: lang(e) };
}

// ---- Reading values ----

export function field(props: XmpProps | undefined, ns: string, name: string): XmpValue | undefined {
  return props?.get(key(ns, name));
}

/** One text: a simple value, the x-default (else first) of a Lang Alt, or the first item of a list. */
export function textValue(v: XmpValue | undefined): string | null {
  if (!v) return null;
  if (v.kind === 'text') return v.text;
  if (v.kind === 'struct') return null;
  if (v.form === 'Alt') {
    const preferred = v.items.find((i) => i.kind === 'text' && i.lang === 'x-default') ?? v.items[0];
    return textValue(preferred);
  }
  return textValue(v.items[0]);
}

/** Every text in a list (or the single value). */
export function textList(v: XmpValue | undefined): string[] {
  if (!v) return [];
  if (v.kind === 'text') return [v.text];
  if (v.kind === 'struct') return [];
  return v.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
}

/** The structures in a list (or the single structure). */
export function structList(v: XmpValue | undefined): XmpProps[] {
  if (!v) return [];
  if (v.kind === 'struct') return [v.fields];
  if (v.kind === 'text') return [];
  return v.items.flatMap((i) => (i.kind === 'struct' ? [i.fields] : []));
}

export function structValue(v: XmpValue | undefined): XmpProps | undefined {
  return v?.kind === 'struct' ? v.fields : undefined;
}

/** A number written as text ("0.25"); null when absent or not a finite number. */
export function numberValue(v: XmpValue | undefined): number | null {
  const t = textValue(v)?.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}
