/**
 * Property-based fuzzing (fast-check) of everything that turns untrusted text into typed values:
 * the XML reader, the STS response parser, input validation, Retry-After, the retry classifier and
 * redaction. Thousands of generated cases; each property states what must hold for all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/cli/redact.js';
import { StsResponseError, StsServiceError, isStsCredsError } from '../../src/errors.js';
import { parseStsResponse, type StsHttpAnswer } from '../../src/sts/parse-response.js';
import { normalizePolicy, validateDurationSeconds } from '../../src/sts/validate.js';
import { redactUrl } from '../../src/transport/redact-request.js';
import { backoffDelayMs, parseRetryAfter, retryPolicy, transientReason } from '../../src/transport/retry-policy.js';
import { XmlDocumentError, decodeXmlText, parseXml } from '../../src/xml/parse-xml.js';
import { assumeRoleSuccessBody, customTokenSuccessBody, stsErrorBody, xmlEscape } from '../helpers/fake-sts.js';
import { STS_ACTIONS } from '../../src/sts/registry.js';

const RUNS = { numRuns: 2_000 };
const context = { action: 'AssumeRole', endpoint: 'http://127.0.0.1:9000' };
const XML = { 'content-type': 'application/xml' };

/** Runs the parser; returns 'ok', or the typed error's class name; anything else fails the property. */
function outcome(answer: StsHttpAnswer, action: 'AssumeRole' | 'AssumeRoleWithCustomToken' = 'AssumeRole'): string {
  try {
    parseStsResponse(STS_ACTIONS[action], answer, { ...context, action });
    return 'ok';
  } catch (error) {
    if (error instanceof StsResponseError || error instanceof StsServiceError) {
      expect(error.message.length).toBeLessThan(2_000);
      expect(error.message).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/); // nothing that could drive a terminal
      return error.name;
    }
    throw error;
  }
}

/** Characters XML 1.0 allows in text, CR excluded (XML normalises line ends; STS values never hold CR). */
const xmlChar = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...'abcXYZ019/+=-_.~ <>&"\'\t\n') },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', '€', '😀', '\u2028', '\u00a0', '\ufffd', 'ﬀ') },
);
const xmlText = (minLength = 0) => fc.array(xmlChar, { minLength, maxLength: 40 }).map((a) => a.join('').replace(/\r/g, ''));
const STATUS = fc.constantFrom(200, 201, 204, 400, 403, 404, 429, 500, 502, 503);

describe('the STS parser never does anything but return or throw a typed error', () => {
  it('for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), STATUS, (body, statusCode) => {
        outcome({ statusCode, headers: XML, body });
      }),
      RUNS,
    );
  });

  it('for random trees of STS element names, text, entities, CDATA and comments', () => {
    const names = fc.constantFrom('AssumeRoleResponse', 'AssumeRoleResult', 'Credentials', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'ErrorResponse', 'Error', 'Code', 'Message', 'RequestId', 'x:Credentials');
    const leaf = fc.oneof(
      xmlText().map(xmlEscape),
      fc.constantFrom('&amp;', '&lt;', '&#65;', '&#x1F600;', '&#0;', '&#xD800;', '&bogus;', '&', '<![CDATA[a]]>', '<!-- c -->', '<?pi x?>', ']]>'),
    );
    const tree = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(names, fc.array(tie('node'), { maxLength: 4 })).map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
      ),
    }));
    fc.assert(
      fc.property(tree.node, STATUS, fc.boolean(), (doc, statusCode, prolog) => {
        outcome({ statusCode, headers: XML, body: `${prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${doc}` });
      }),
      RUNS,
    );
  });
});

describe('credentials survive the trip through XML exactly', () => {
  const expiration = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}Z`);

  it('every field is the exact string sent, whatever characters it holds (escaped by entities); a credential with a control character is refused', () => {
    const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
    fc.assert(
      fc.property(xmlText(1), xmlText(1), xmlText(1), expiration, xmlText(1), (accessKeyId, secretAccessKey, sessionToken, exp, assumedUser) => {
        const body = customTokenSuccessBody({ accessKeyId, secretAccessKey, sessionToken, expiration: exp, assumedUser });
        const answer = { statusCode: 200, headers: XML, body };
        if ([accessKeyId, secretAccessKey, sessionToken].some((v) => control.test(v))) {
          expect(outcome(answer, 'AssumeRoleWithCustomToken')).toBe('StsResponseError');
          return;
        }
        const result = parseStsResponse(STS_ACTIONS.AssumeRoleWithCustomToken, answer, context);
        expect(result).toMatchObject({ accessKeyId, secretAccessKey, sessionToken, assumedUser });
        expect(result.expiration.toISOString().slice(0, 19)).toBe(exp.slice(0, 19));
      }),
      RUNS,
    );
  });

  it('the same when a value comes as CDATA or as character references', () => {
    const asCdata = (v: string) => `<![CDATA[${v}]]>`;
    const asRefs = (v: string) => [...v].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
    fc.assert(
      fc.property(xmlText(1).filter((v) => !v.includes(']]>') && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v)), fc.boolean(), (secret, cdata) => {
        const body = assumeRoleSuccessBody({ secretAccessKey: 'PLACEHOLDER' }).replace('PLACEHOLDER', () => (cdata ? asCdata(secret) : asRefs(secret)));
        expect(parseStsResponse(STS_ACTIONS.AssumeRole, { statusCode: 200, headers: XML, body }, context).secretAccessKey).toBe(secret);
      }),
      RUNS,
    );
  });

  it('no proper prefix of a valid answer is ever accepted (truncation is always caught)', () => {
    const body = assumeRoleSuccessBody();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), (cut) => {
        expect(outcome({ statusCode: 200, headers: XML, body: body.slice(0, cut) })).toBe('StsResponseError');
      }),
      { numRuns: Math.min(2_000, body.length) },
    );
  });

  it('a DOCTYPE or ENTITY declaration anywhere is refused, in any letter case', () => {
    const body = assumeRoleSuccessBody();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length }), fc.constantFrom('<!DOCTYPE r>', '<!doctype r [<!ENTITY a "b">]>', '<!ENTITY x SYSTEM "file:///etc/passwd">', '<!DocType x>'), (at, decl) => {
        const doc = body.slice(0, at) + decl + body.slice(at);
        try {
          parseStsResponse(STS_ACTIONS.AssumeRole, { statusCode: 200, headers: XML, body: doc }, context);
          expect.unreachable('accepted a DOCTYPE');
        } catch (error) {
          expect(error).toBeInstanceOf(StsResponseError);
          expect((error as Error).message).toMatch(/DOCTYPE or entity declaration/);
        }
      }),
      RUNS,
    );
  });

  it('random one-character mutations give a typed error or a result with the original shape', () => {
    const body = assumeRoleSuccessBody();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), fc.string({ unit: 'binary', minLength: 0, maxLength: 2 }), (at, replacement) => {
        outcome({ statusCode: 200, headers: XML, body: body.slice(0, at) + replacement + body.slice(at + 1) });
      }),
      RUNS,
    );
  });

  it('error documents become StsServiceError with a printable, bounded code and message', () => {
    fc.assert(
      fc.property(xmlText(1).filter((c) => c.trim() !== ''), fc.string({ unit: 'binary', maxLength: 800 }).map((m) => m.replace(/[^\t\n\u0020-\ud7ff\ue000-\ufffd]/g, '')), fc.constantFrom(400, 403, 500, 503), (code, message, status) => {
        try {
          parseStsResponse(STS_ACTIONS.AssumeRole, { statusCode: status, headers: XML, body: stsErrorBody(code, message) }, context);
          expect.unreachable('an error document was accepted');
        } catch (error) {
          expect(error).toBeInstanceOf(StsServiceError);
          const e = error as StsServiceError;
          expect(e.statusCode).toBe(status);
          expect(e.serverMessage.length).toBeLessThanOrEqual(501);
          expect(e.serverMessage).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(e.stsCode).not.toMatch(/[\u0000-\u001f]/);
        }
      }),
      RUNS,
    );
  });
});

describe('the XML reader', () => {
  it('decodes what xmlEscape encodes, for any text', () => {
    fc.assert(
      fc.property(xmlText(), (text) => {
        expect(decodeXmlText(xmlEscape(text))).toBe(text);
      }),
      RUNS,
    );
  });

  it('refuses character references to characters XML forbids, and accepts the rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x11_0000 }), (cp) => {
        const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        const decode = () => decodeXmlText(`&#x${cp.toString(16)};`);
        if (allowed) expect(decode()).toBe(String.fromCodePoint(cp));
        else expect(decode).toThrow(XmlDocumentError);
      }),
      RUNS,
    );
  });

  it('throws only XmlDocumentError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        try {
          parseXml(text);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlDocumentError);
        }
      }),
      RUNS,
    );
  });
});

describe('input validation', () => {
  it('DurationSeconds: whole numbers in range pass as their decimal string; everything else is a validation error', () => {
    const limits = { min: 900, max: 31_536_000 };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double(), fc.constantFrom(899, 900, 31_536_000, 31_536_001, Number.NaN, Infinity, -0)), (n) => {
        const ok = Number.isInteger(n) && n >= limits.min && n <= limits.max;
        try {
          expect(validateDurationSeconds(n, limits, context)).toBe(String(n));
          expect(ok).toBe(true);
        } catch (error) {
          expect(ok).toBe(false);
          expect(isStsCredsError(error) && error.code).toBe('ERR_STS_INVALID_INPUT');
        }
      }),
      RUNS,
    );
  });

  it('policies: any JSON object comes back minified; any other text is a validation error', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({ min: 0, max: 4 }), (policy, indent) => {
        expect(JSON.parse(normalizePolicy(JSON.stringify(policy, null, indent), context)!)).toEqual(JSON.parse(JSON.stringify(policy)));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        let json = true;
        try {
          JSON.parse(text);
        } catch {
          json = false;
        }
        fc.pre(!json);
        expect(() => normalizePolicy(text, context)).toThrow(expect.objectContaining({ code: 'ERR_STS_INVALID_INPUT' }) as Error);
      }),
      RUNS,
    );
  });
});

describe('retry inputs', () => {
  it('Retry-After is undefined or a non-negative whole number of milliseconds, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()), fc.nat().map(String)), fc.integer({ min: 0, max: 4e12 }), (value, now) => {
        const ms = parseRetryAfter(value, now);
        if (ms !== undefined) {
          expect(Number.isSafeInteger(ms) || ms === Infinity || ms >= 0).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('backoff stays within [0, cap] for any attempt and any random source', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 1_000 }), fc.double(), fc.nat({ max: 10_000 }), fc.nat({ max: 100_000 }), (attempt, r, base, cap) => {
        const delay = backoffDelayMs(attempt, { ...retryPolicy({ retryBaseDelayMs: base, retryMaxDelayMs: cap }), random: () => r });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
        expect(Number.isInteger(delay)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the classifier never throws, for any error-like value', () => {
    fc.assert(fc.property(fc.anything(), (value) => void transientReason(value)), RUNS);
  });
});

describe('redaction', () => {
  const secret = fc.string({ unit: 'grapheme', minLength: 4, maxLength: 30 }).filter((s) => !s.includes('*'));

  it('a remembered secret never survives, wherever it sits in the text', () => {
    fc.assert(
      fc.property(secret, fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), fc.nat({ max: 3 }), (s, before, after, times) => {
        const r = new Redactor();
        r.add(s);
        expect(r.redact(`${before}${s.repeat(times + 1)}${after}`)).not.toContain(s);
      }),
      RUNS,
    );
  });

  it('query values outside the allowlist never survive redactUrl', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 4, maxLength: 30 }), fc.constantFrom('Token', 'WebIdentityToken', 'LDAPPassword', 'X-Amz-Signature', 'Anything'), (value, name) => {
        const url = new URL('http://127.0.0.1:9000/');
        url.searchParams.set('Action', 'AssumeRoleWithCustomToken');
        url.searchParams.set(name, value);
        const shown = redactUrl(url);
        expect(decodeURIComponent(shown.replace(/\+/g, ' '))).not.toContain(`${name}=${value}`);
        expect(shown).toContain(`${name}=***`);
      }),
      RUNS,
    );
  });
});
