import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XmlDocumentError } from './xml-document-error.js';

/** A namespace-free view of one XML element: its local name, child elements and decoded text. */
export interface XmlElement {
  /** Local name, prefix removed. */
  readonly name: string;
  readonly children: readonly XmlElement[];
  /** Concatenated character data of this element (entity and character references decoded, CDATA verbatim). */
  readonly text: string;
}

// In a file of its own: the CLI's error mapping needs the class, not fast-xml-parser.
export { XmlDocumentError } from './xml-document-error.js';

const keep = (): void => undefined;

/**
 * Options chosen for the cost of each call as much as for the result: `jPath: false` spares building a path
 * string per element for callbacks we do not have, and an entity decoder that decodes nothing spares building
 * fast-xml-parser's own (its entity tables) for every document; entities are decoded by {@link decodeXmlText},
 * and documents that declare any are refused before parsing.
 */
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  preserveOrder: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  entityDecoder: { setExternalEntities: keep, addInputEntities: keep, reset: keep, setXmlVersion: keep, decode: (text) => text },
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is an error. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new XmlDocumentError('an unterminated entity reference');
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (m) {
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number.parseInt(m[2] ?? '', 10);
      if (isXmlChar(cp)) return String.fromCodePoint(cp);
      throw new XmlDocumentError('a character reference to a character XML does not allow');
    }
    throw new XmlDocumentError('an undeclared entity reference');
  });
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

type OrderedNode = Record<string, unknown>;

function build(name: string, nodes: unknown): XmlElement {
  const children: XmlElement[] = [];
  let text = '';
  if (!Array.isArray(nodes)) return { name, children, text };
  for (const node of nodes as OrderedNode[]) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#comment') continue;
      const value = node[key];
      if (key === '#text') text += decodeXmlText(String(value));
      else if (key === '#cdata') text += cdataText(value);
      else children.push(build(key, value));
    }
  }
  return { name, children, text };
}

function cdataText(value: unknown): string {
  let out = '';
  for (const node of Array.isArray(value) ? (value as OrderedNode[]) : []) {
    const text = node['#text'];
    if (typeof text === 'string' || typeof text === 'number') out += String(text);
  }
  return out;
}

/**
 * Parses an XML document into a namespace-free element tree.
 * Refuses DOCTYPE and entity declarations, malformed or truncated documents, and documents with no root element.
 * @throws {@link XmlDocumentError}
 */
export function parseXml(text: string): XmlElement {
  if (text.includes('<!') && /<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlDocumentError('a DOCTYPE or entity declaration (refused)');
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) throw new XmlDocumentError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}`);
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch {
    throw new XmlDocumentError('malformed XML');
  }
  const roots = build('#document', tree).children;
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) throw new XmlDocumentError('not exactly one root element');
  return root;
}

/** Depth-first search for the first element with local name `name` (the element itself included). */
export function findElement(root: XmlElement, name: string): XmlElement | undefined {
  if (root.name === name) return root;
  for (const child of root.children) {
    const found = findElement(child, name);
    if (found) return found;
  }
  return undefined;
}

/** The first direct child named `name`. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((c) => c.name === name);
}
