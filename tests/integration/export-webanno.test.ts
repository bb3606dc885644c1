// W3C Web Annotation export: read back by two JSON-LD processors, the `jsonld` package (in safe mode,
// so no term is silently dropped) and Python's pyld, both expanding against the OFFICIAL W3C context
// (../shared/fixtures/standards/anno.jsonld, served offline for http://www.w3.org/ns/anno.jsonld),
// and checked as RDF a consumer would see it: annotations, bodies with their purposes, targets tied
// to the photo's SHA-256, selectors, creators, and the hostile caption and note intact.
import { DOMParser } from '@xmldom/xmldom';
import jsonld from 'jsonld';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebAnnotations } from '../../electron/catalog/export/webanno';
import { execFileSync } from 'node:child_process';
import {
  ANNOTATOR, HOSTILE_CAPTION, HOSTILE_NOTE, POLYGON, ROTATED, annotatedArchive, exportSetOf, exportVia, type AnnotatedArchive,
} from '../helpers/export-archive';
import { FIXTURES, tempDir } from '../helpers/fixtures';

const OA = 'http://www.w3.org/ns/oa#';
const AS = 'http://www.w3.org/ns/activitystreams#';
const DCTERMS = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const CONTEXT_URL = 'http://www.w3.org/ns/anno.jsonld';
const OFFICIAL_CONTEXT = path.join(FIXTURES, 'standards', 'anno.jsonld');

/** Serves the official context file for its URL and refuses everything else (tests run offline). */
async function officialContextOnly(url: string) {
  if (url !== CONTEXT_URL) throw new Error(`refusing to load ${url} (tests run offline)`);
  return { contextUrl: undefined, documentUrl: url, document: JSON.parse(fs.readFileSync(OFFICIAL_CONTEXT, 'utf8')) as object };
}

/** pyld's expansion of a file, with a loader serving only the official context fixture. */
function pyldExpand(file: string): Node[] {
  const script = [
    'import json, sys',
    'from pyld import jsonld',
    'ctx = json.load(open(sys.argv[2]))',
    'def loader(url, options={}):',
    `    if url != '${CONTEXT_URL}': raise Exception('refusing ' + url)`,
    "    return {'contextUrl': None, 'documentUrl': url, 'document': ctx}",
    'doc = json.load(open(sys.argv[1]))',
    "print(json.dumps(jsonld.expand(doc, {'documentLoader': loader})))",
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file, OFFICIAL_CONTEXT], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Node[];
}

type Node = Record<string, unknown>;
/** The values of an expanded property (always an array in expanded JSON-LD). */
const all = (n: Node | undefined, p: string): Node[] => (n?.[p] as Node[] | undefined) ?? [];
const one = (n: Node | undefined, p: string): Node | undefined => all(n, p)[0];
const text = (n: Node | undefined, p: string): unknown => one(n, p)?.['@value'];
const ids = (n: Node | undefined, p: string): unknown[] => all(n, p).map((v) => v['@id']);
const types = (n: Node | undefined): unknown => n?.['@type'];

let a: AnnotatedArchive;
let raw: string;
let doc: Node;
let annotations: Node[];
let sha: string;
let pyld: Node[];

beforeAll(async () => {
  a = await annotatedArchive();
  const out = path.join(tempDir('webanno-'), 'annotations.jsonld');
  expect(await exportVia(a, 'webanno', out)).toMatchObject({ state: 'done', message: `Exported 3 photos to ${out}.` });
  raw = fs.readFileSync(out, 'utf8');
  const expanded = (await jsonld.expand(JSON.parse(raw) as jsonld.JsonLdDocument, {
    documentLoader: officialContextOnly as unknown as jsonld.Options.DocLoader['documentLoader'],
    safe: true,
  } as jsonld.Options.Expand)) as Node[];
  expect(expanded).toHaveLength(1);
  doc = expanded[0]!;
  annotations = (one(one(doc, `${AS}first`), `${AS}items`)?.['@list'] as Node[] | undefined) ?? [];
  sha = (await a.session.api.getPhoto({ id: a.ids[ROTATED]! })).sha256!;
  pyld = pyldExpand(out);
});
afterAll(() => a?.close());

const ofRegion = (regionId: number) => {
  const found = annotations.filter((x) => ids(one(x, `${OA}hasTarget`), `${OA}hasSource`)[0] === `urn:sha256:${sha}` && one(x, `${OA}hasTarget`)?.[`${OA}hasSelector`]);
  // Region annotations are listed in the order the regions were drawn.
  const order = [a.regions.rect.id, a.regions.polygon.id, a.regions.unclassified.id];
  return found[order.indexOf(regionId)]!;
};
const bodies = (x: Node, purpose: string) => all(x, `${OA}hasBody`).filter((b) => ids(b, `${OA}hasPurpose`).includes(`${OA}${purpose}`));

describe('Web Annotation export', () => {
  it('expands the same in pyld as in jsonld, with every severity and confidence statement kept', () => {
    expect(pyld).toEqual(JSON.parse(JSON.stringify([doc])));
    const purposes = JSON.stringify(pyld).match(/"http:\/\/www\.w3\.org\/ns\/oa#assessing"/g) ?? [];
    // rect: severity + confidence; polygon: severity + confidence; unclassified: severity.
    expect(purposes).toHaveLength(5);
    expect(raw).not.toMatch(/"(purpose|motivation)": "assessing"/);
  });

  it('expands as JSON-LD into an annotation collection of oa:Annotations', () => {
    expect(types(doc)).toEqual([`${AS}OrderedCollection`]);
    expect(text(doc, `${AS}totalItems`)).toBe(annotations.length);
    // 3 regions + 2 photo tags + 1 caption, all on the rotated photo; the other photos have none.
    expect(annotations).toHaveLength(6);
    for (const x of annotations) {
      expect(types(x)).toEqual([`${OA}Annotation`]);
      expect(x['@id']).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ids(one(x, `${OA}hasTarget`), `${OA}hasSource`)).toEqual([`urn:sha256:${sha}`]);
    }
    expect(new Set(annotations.map((x) => x['@id'])).size).toBe(annotations.length);
    expect(text(one(doc, `${AS}generator`), `${FOAF}name`)).toBe('Damage Archive');
  });

  it('classifies a rectangle with class, damage types, severity, confidence and note, selected by a percent media fragment', () => {
    const x = ofRegion(a.regions.rect.id);
    expect(ids(x, `${OA}motivatedBy`)).toEqual([`${OA}classifying`]);
    expect(bodies(x, 'classifying').map((b) => text(b, `${RDF}value`))).toEqual([a.term('building.residential').label]);
    expect(bodies(x, 'tagging').map((b) => text(b, `${RDF}value`))).toEqual([a.term('damage.gunfire').label, a.term('damage.glazing').label]);
    expect(bodies(x, 'assessing').map((b) => text(b, `${RDF}value`))).toEqual(['severity: 3 severe', 'confidence: certain']);
    expect(bodies(x, 'describing').map((b) => text(b, `${RDF}value`))).toEqual([HOSTILE_NOTE]);
    for (const b of all(x, `${OA}hasBody`)) expect(types(b)).toEqual([`${OA}TextualBody`]);

    const selector = one(one(x, `${OA}hasTarget`), `${OA}hasSelector`);
    expect(types(selector)).toEqual([`${OA}FragmentSelector`]);
    expect(ids(selector, `${DCTERMS}conformsTo`)).toEqual(['http://www.w3.org/TR/media-frags/']);
    expect(text(selector, `${RDF}value`)).toBe('xywh=percent:10,20,30,25');

    const creator = one(x, `${DCTERMS}creator`);
    expect(types(creator)).toEqual([`${FOAF}Person`]);
    expect(text(creator, `${FOAF}name`)).toBe(ANNOTATOR);
    expect(text(x, `${DCTERMS}created`)).toBe(a.regions.rect.createdAt);
  });

  it('selects a polygon with an SVG made of numbers only, in the displayed image\'s pixels', () => {
    const x = ofRegion(a.regions.polygon.id);
    const selector = one(one(x, `${OA}hasTarget`), `${OA}hasSelector`);
    expect(types(selector)).toEqual([`${OA}SvgSelector`]);
    const svg = String(text(selector, `${RDF}value`));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"><polygon points="[\d., ]+"\/><\/svg>$/);
    const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement!;
    expect(root.getAttribute('viewBox')).toBe('0 0 1800 1200'); // upright: the stored file is 1200x1800
    const polygon = root.getElementsByTagName('polygon')[0]!;
    const points = polygon.getAttribute('points')!.split(' ').map((pt) => pt.split(',').map(Number));
    expect(points).toEqual(POLYGON.points.map(([px, py]) => [Math.round(px * 1800 * 100) / 100, Math.round(py * 1200 * 100) / 100]));
  });

  it('keeps a region without a class as an assessment, and tags and caption the whole photo', () => {
    const x = ofRegion(a.regions.unclassified.id);
    expect(ids(x, `${OA}motivatedBy`)).toEqual([`${OA}tagging`]);
    expect(bodies(x, 'classifying')).toEqual([]);
    expect(bodies(x, 'assessing').map((b) => text(b, `${RDF}value`))).toEqual(['severity: not assessable']);

    const whole = annotations.filter((y) => !one(y, `${OA}hasTarget`)?.[`${OA}hasSelector`]);
    const tags = whole.filter((y) => ids(y, `${OA}motivatedBy`)[0] === `${OA}tagging`);
    expect(tags.map((y) => text(one(y, `${OA}hasBody`), `${RDF}value`)).sort()).toEqual([a.freeTag.label, a.term('damage.fire').label].sort());
    for (const t of tags) {
      expect(text(one(t, `${DCTERMS}creator`), `${FOAF}name`)).toBe(ANNOTATOR);
      // When the tag was put on, from the history, typed as the context says.
      expect(one(t, `${DCTERMS}created`)).toMatchObject({ '@type': 'http://www.w3.org/2001/XMLSchema#dateTime', '@value': expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    }
    const caption = whole.find((y) => ids(y, `${OA}motivatedBy`)[0] === `${OA}describing`)!;
    expect(bodies(caption, 'describing').map((b) => text(b, `${RDF}value`))).toEqual([HOSTILE_CAPTION]);
    expect(text(one(caption, `${DCTERMS}creator`), `${FOAF}name`)).toBe(ANNOTATOR);
  });

  it('holds the hostile text only as JSON string values, and gives the same ids on every export', async () => {
    expect(raw).toContain(JSON.stringify(HOSTILE_CAPTION));
    expect(raw).toContain(JSON.stringify(HOSTILE_NOTE));
    // Markup appears only inside JSON strings: the users' own text (kept as it was typed) and SVG
    // selectors built from numbers alone.
    const strings: string[] = [];
    JSON.parse(raw, (_k, v: unknown) => (typeof v === 'string' && v.includes('<') && strings.push(v), v));
    expect(strings.filter((v) => !/^<svg [^>]*><polygon points="[\d., ]+"\/><\/svg>$/.test(v)).sort()).toEqual([HOSTILE_CAPTION, HOSTILE_NOTE].sort());
    const again = buildWebAnnotations(await exportSetOf(a)) as { id: string; first: { items: Array<{ id: string }> } };
    const first = JSON.parse(raw) as typeof again;
    expect(again.id).toBe(first.id);
    expect(again.first.items.map((i) => i.id)).toEqual(first.first.items.map((i) => i.id));
  });
});
