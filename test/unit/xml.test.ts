import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlDocumentError, childElement, decodeXmlText, findElement, parseXml, type XmlElement } from '../../src/xml/parse-xml.js';

/** A plain-object view of the tree, to compare with toEqual. */
interface Shape {
  name: string;
  text: string;
  children: Shape[];
}
function shape(el: XmlElement): Shape {
  return { name: el.name, text: el.text, children: el.children.map(shape) };
}
/** The shape of an element without children. */
function leaf(name: string, text = ''): Shape {
  return { name, text, children: [] };
}

/** Escapes text so that a conforming XML parser gives it back exactly (CR included, which line-end normalisation would eat). */
function escapeForXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' })[c]!);
}

describe('parseXml: structure and namespaces', () => {
  it.each([
    {
      what: 'prefixed root and children (sts:)',
      doc: '<sts:AssumeRoleResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/"><sts:AssumeRoleResult><sts:Credentials><sts:AccessKeyId>AK</sts:AccessKeyId></sts:Credentials></sts:AssumeRoleResult></sts:AssumeRoleResponse>',
      expected: {
        name: 'AssumeRoleResponse',
        text: '',
        children: [{ name: 'AssumeRoleResult', text: '', children: [{ name: 'Credentials', text: '', children: [{ name: 'AccessKeyId', text: 'AK', children: [] }] }] }],
      },
    },
    { what: 'default namespace', doc: '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><RequestId>R1</RequestId></AssumeRoleResponse>', expected: { name: 'AssumeRoleResponse', text: '', children: [leaf('RequestId', 'R1')] } },
    { what: 'mixed prefixes and prefixed attributes', doc: '<a xmlns="u" xmlns:p="v" xmlns:q="w"><p:b p:attr="1">x</p:b><q:c/></a>', expected: { name: 'a', text: '', children: [leaf('b', 'x'), leaf('c')] } },
    { what: 'XML declaration, comments and processing instructions ignored', doc: '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a>x<!-- inner -->y<?pi z?></a>', expected: leaf('a', 'xy') },
    { what: 'whitespace kept exactly (no trimming)', doc: '<a> lead\ttab  two  </a>', expected: leaf('a', ' lead\ttab  two  ') },
    { what: 'mixed content keeps element order and concatenates text', doc: '<a>t1<b>1</b>t2<c>2</c>t3</a>', expected: { name: 'a', text: 't1t2t3', children: [leaf('b', '1'), leaf('c', '2')] } },
    {
      what: 'values that look like numbers and booleans stay strings',
      doc: '<a><n>0123</n><b>true</b><e>1e5</e><h>0x10</h></a>',
      expected: {
        name: 'a',
        text: '',
        children: [
          { name: 'n', text: '0123', children: [] },
          { name: 'b', text: 'true', children: [] },
          { name: 'e', text: '1e5', children: [] },
          { name: 'h', text: '0x10', children: [] },
        ],
      },
    },
    { what: 'repeated siblings stay separate, in order', doc: '<a><x>1</x><x>2</x><x>3</x></a>', expected: { name: 'a', text: '', children: ['1', '2', '3'].map((t) => ({ name: 'x', text: t, children: [] })) } },
    { what: 'self-closing element', doc: '<a/>', expected: leaf('a') },
    { what: 'CRLF in text normalised to LF (XML end-of-line handling)', doc: '<a>x\r\ny</a>', expected: leaf('a', 'x\ny') },
  ])('$what', ({ doc, expected }) => {
    expect(shape(parseXml(doc))).toEqual(expected);
  });

  it('findElement searches depth-first including the root; childElement looks only one level down', () => {
    const root = parseXml('<r><a><Code>deep</Code></a><Code>shallow</Code></r>');
    expect(findElement(root, 'r')).toBe(root);
    expect(findElement(root, 'Code')?.text).toBe('deep');
    expect(childElement(root, 'Code')?.text).toBe('shallow');
    expect(findElement(root, 'missing')).toBeUndefined();
    expect(childElement(root, 'missing')).toBeUndefined();
  });
});

describe('parseXml: entity and character references', () => {
  it.each([
    ['&amp;', '&'],
    ['&lt;', '<'],
    ['&gt;', '>'],
    ['&quot;', '"'],
    ['&apos;', "'"],
    ['&amp;amp;', '&amp;'],
    ['&amp;lt;', '&lt;'],
    ['&#65;', 'A'],
    ['&#x41;', 'A'],
    ['&#x6a;&#x6A;', 'jj'],
    ['&#9;&#10;&#13;', '\t\n\r'],
    ['&#xD;', '\r'],
    ['&#x1F600;', '\u{1F600}'],
    ['&#128512;', '\u{1F600}'],
    ['&#xE9;t&#233;', 'été'],
    ['&#x10FFFF;', '\u{10FFFF}'],
  ])('<a>%s</a> decodes to %j', (ref, out) => {
    expect(parseXml(`<a>${ref}</a>`).text).toBe(out);
    expect(decodeXmlText(ref)).toBe(out);
  });

  it('decodes references in the middle of text and several per value', () => {
    expect(parseXml('<k>a&amp;b&lt;c&gt;d&#x26;e</k>').text).toBe('a&b<c>d&e');
  });

  it('decodeXmlText returns text without & unchanged (same string)', () => {
    const s = 'plain text; no refs';
    expect(decodeXmlText(s)).toBe(s);
  });

  it('CDATA is kept verbatim: entities inside are not decoded, markup is not parsed', () => {
    expect(parseXml('<a><![CDATA[&amp; <b>x</b> &#65; &undeclared;]]></a>').text).toBe('&amp; <b>x</b> &#65; &undeclared;');
  });

  it('CDATA and decoded text concatenate in document order', () => {
    expect(parseXml('<a>x&amp;<![CDATA[&amp;]]>y</a>').text).toBe('x&&amp;y');
  });
});

describe('parseXml: refusals', () => {
  const billionLaughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    ' <!ENTITY lol "lol">',
    ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
    ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
    ' <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
    ']>',
    '<lolz>&lol9;</lolz>',
  ].join('\n');

  it.each([
    ['billion laughs', billionLaughs, /DOCTYPE or entity declaration/],
    ['DOCTYPE with internal ENTITY', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE or entity declaration/],
    ['external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>', /DOCTYPE or entity declaration/],
    ['bare DOCTYPE, lower case', '<!doctype html><a>x</a>', /DOCTYPE or entity declaration/],
    ['DOCTYPE with external DTD', '<!DOCTYPE a SYSTEM "http://example.com/a.dtd"><a>x</a>', /DOCTYPE or entity declaration/],
    ['undeclared entity', '<a>x &foo; y</a>', /undeclared entity/],
    ['HTML entity is not XML', '<a>&nbsp;</a>', /undeclared entity/],
    ['empty char ref', '<a>&#;</a>', /undeclared entity|malformed/],
    ['empty hex char ref', '<a>&#x;</a>', /undeclared entity|malformed/],
    ['char ref with too many digits', '<a>&#99999999;</a>', /undeclared entity|character/],
    ['char ref to NUL', '<a>&#0;</a>', /character reference/],
    ['char ref to a C0 control', '<a>&#x1;</a>', /character reference/],
    ['char ref to a surrogate', '<a>&#xD800;</a>', /character reference/],
    ['char ref to U+FFFE', '<a>&#xFFFE;</a>', /character reference/],
    ['char ref to U+FFFF', '<a>&#65535;</a>', /character reference/],
    ['char ref beyond U+10FFFF', '<a>&#x110000;</a>', /character reference/],
    ['unterminated entity', '<a>&amp</a>', /malformed|unterminated/],
    ['bare ampersand', '<a>a & b</a>', /malformed|unterminated/],
    ['truncated mid-element', '<a><b>x</b', /malformed/],
    ['truncated after open tag', '<AssumeRoleResponse><AssumeRoleResult>', /malformed/],
    ['truncated real body', '<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>AK', /malformed/],
    ['mismatched close tag', '<a><b></a>', /malformed/],
    ['two root elements', '<a></a><b></b>', /malformed|root/],
    ['trailing text after root', '<a>1</a>trailing', /malformed/],
    ['not XML at all', 'garbage', /malformed|root/],
    ['HTML error page', '<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>\n<br>', /malformed|root/],
    ['JSON', '{"Error":"x"}', /malformed|root/],
    ['empty string', '', /malformed|root/],
  ])('%s', (_what, doc, reason) => {
    let thrown: unknown;
    try {
      parseXml(doc);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(XmlDocumentError);
    expect((thrown as Error).message).toMatch(reason);
  });

  it('refusal messages never quote document content', () => {
    const secret = 'SECRETVALUE123';
    for (const doc of [`<a>${secret}&bogus;</a>`, `<a>${secret}`, `<!DOCTYPE ${secret}><a/>`, `<a>&#0;${secret}</a>`]) {
      expect(() => parseXml(doc)).toThrow(XmlDocumentError);
      try {
        parseXml(doc);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });

  it('decodeXmlText on its own refuses undeclared, invalid and unterminated references', () => {
    expect(() => decodeXmlText('&foo;')).toThrow(/undeclared entity/);
    expect(() => decodeXmlText('&#0;')).toThrow(/character reference/);
    expect(() => decodeXmlText('&#xDFFF;')).toThrow(/character reference/);
    expect(() => decodeXmlText('a &amp b')).toThrow(/unterminated/);
    expect(() => decodeXmlText('tail &')).toThrow(/unterminated/);
  });
});

describe('parseXml: properties', () => {
  // Characters XML 1.0 can carry: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
  const xmlChar = fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ';', '#', ' ', '\t', '\n', '\r', ']', '!', '[', '-', '?', '=', '/', 'x', 'A', '0') },
      { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((cp) => String.fromCodePoint(cp)) },
      { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((cp) => String.fromCodePoint(cp)) },
      { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((cp) => String.fromCodePoint(cp)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0x9f }).map((cp) => String.fromCodePoint(cp)) },
    );
  const xmlText = fc.array(xmlChar, { maxLength: 60 }).map((chars) => chars.join(''));

  it('any XML-escaped string round-trips exactly through parseXml', () => {
    fc.assert(
      fc.property(xmlText, (text) => {
        expect(parseXml(`<v>${escapeForXml(text)}</v>`).text).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips as a prefixed element inside an STS-shaped document, alongside siblings', () => {
    fc.assert(
      fc.property(xmlText, xmlText, (a, b) => {
        const doc =
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<sts:R xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/"><sts:Credentials><sts:AccessKeyId>${escapeForXml(a)}</sts:AccessKeyId>` +
          `<sts:SecretAccessKey>${escapeForXml(b)}</sts:SecretAccessKey></sts:Credentials></sts:R>`;
        const creds = childElement(parseXml(doc), 'Credentials');
        expect(creds && childElement(creds, 'AccessKeyId')?.text).toBe(a);
        expect(creds && childElement(creds, 'SecretAccessKey')?.text).toBe(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('numeric character references round-trip for every XML character (decimal and hex)', () => {
    const validCodePoint = fc.oneof(
      fc.constantFrom(0x9, 0xa, 0xd),
      fc.integer({ min: 0x20, max: 0xd7ff }),
      fc.integer({ min: 0xe000, max: 0xfffd }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
    );
    fc.assert(
      fc.property(validCodePoint, fc.boolean(), (cp, hex) => {
        const ref = hex ? `&#x${cp.toString(16)};` : `&#${cp};`;
        expect(parseXml(`<v>${ref}</v>`).text).toBe(String.fromCodePoint(cp));
      }),
      { numRuns: 3000 },
    );
  });

  it('any text containing a DOCTYPE declaration is refused before parsing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('<!DOCTYPE', '<!doctype', '<!ENTITY', '<!Entity'), (junk, decl) => {
        expect(() => parseXml(`${decl} x [${escapeForXml(junk)}]><a/>`)).toThrow(/DOCTYPE or entity declaration/);
      }),
      { numRuns: 300 },
    );
  });
});
