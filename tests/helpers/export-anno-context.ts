// The part of the W3C Web Annotation JSON-LD context (http://www.w3.org/ns/anno.jsonld) that our
// export uses, so tests can expand it with the `jsonld` package without the network. No npm package
// ships the official file, so this is written by hand: each term maps to the IRI the Web Annotation
// Data Model and Vocabulary (W3C Recommendations, 2017) give it. Facts encoded:
// - oa: = http://www.w3.org/ns/oa#; the model reuses Dublin Core (dc:format; dcterms: creator,
//   created, modified, issued, conformsTo), FOAF (Person, name), RDF (rdf:value), RDFS (label) and
//   Activity Streams 2 (generator, Application, OrderedCollection/-Page, first, items, totalItems,
//   startIndex).
// - id/type are @id/@type; body, target, source, selector, creator, generator, conformsTo and
//   first take IRIs; motivation and purpose take vocabulary terms (the motivations are oa: IRIs);
//   created/modified/generated are xsd:dateTime; items is an ordered list.
// - AnnotationCollection is as:OrderedCollection and AnnotationPage is as:OrderedCollectionPage;
//   Software is as:Application; `generated` is dcterms:issued.
export const ANNO_CONTEXT_URL = 'http://www.w3.org/ns/anno.jsonld';

export const OA = 'http://www.w3.org/ns/oa#';
export const AS = 'http://www.w3.org/ns/activitystreams#';
export const DCTERMS = 'http://purl.org/dc/terms/';
export const FOAF = 'http://xmlns.com/foaf/0.1/';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

const iri = (id: string) => ({ '@id': id, '@type': '@id' });
const vocab = (id: string) => ({ '@id': id, '@type': '@vocab' });
const dateTime = (id: string) => ({ '@id': id, '@type': 'xsd:dateTime' });

export const ANNO_CONTEXT_SUBSET = {
  '@context': {
    oa: OA,
    dc: 'http://purl.org/dc/elements/1.1/',
    dcterms: DCTERMS,
    foaf: FOAF,
    rdf: RDF,
    rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    as: AS,

    id: '@id',
    type: '@type',

    Annotation: 'oa:Annotation',
    AnnotationCollection: 'as:OrderedCollection',
    AnnotationPage: 'as:OrderedCollectionPage',
    TextualBody: 'oa:TextualBody',
    FragmentSelector: 'oa:FragmentSelector',
    SvgSelector: 'oa:SvgSelector',
    Person: 'foaf:Person',
    Software: 'as:Application',

    classifying: 'oa:classifying',
    tagging: 'oa:tagging',
    assessing: 'oa:assessing',
    describing: 'oa:describing',
    highlighting: 'oa:highlighting',

    body: iri('oa:hasBody'),
    target: iri('oa:hasTarget'),
    source: iri('oa:hasSource'),
    selector: iri('oa:hasSelector'),
    motivation: vocab('oa:motivatedBy'),
    purpose: vocab('oa:hasPurpose'),
    value: 'rdf:value',
    format: 'dc:format',
    conformsTo: iri('dcterms:conformsTo'),
    creator: iri('dcterms:creator'),
    created: dateTime('dcterms:created'),
    modified: dateTime('dcterms:modified'),
    generated: dateTime('dcterms:issued'),
    generator: iri('as:generator'),
    name: 'foaf:name',
    label: 'rdfs:label',
    total: { '@id': 'as:totalItems', '@type': 'xsd:nonNegativeInteger' },
    first: iri('as:first'),
    startIndex: { '@id': 'as:startIndex', '@type': 'xsd:nonNegativeInteger' },
    items: { '@id': 'as:items', '@type': '@id', '@container': '@list' },
  },
};

/** A jsonld documentLoader that serves only the Web Annotation context and refuses everything else. */
export async function offlineAnnoLoader(url: string) {
  if (url !== ANNO_CONTEXT_URL && url !== 'https://www.w3.org/ns/anno.jsonld') throw new Error(`refusing to load ${url} (tests run offline)`);
  return { contextUrl: undefined, documentUrl: url, document: ANNO_CONTEXT_SUBSET };
}
