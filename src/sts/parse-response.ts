import { StsResponseError, StsServiceError, type StsCallContext } from '../errors.js';
import type { AssumedRoleUser, StsAction, StsResult, StsResultOf, TemporaryCredentials } from '../types.js';
import { XmlDocumentError, childElement, findElement, parseXml, type XmlElement } from '../xml/parse-xml.js';
import { headerValue } from '../http/header-value.js';

/** The parts of an HTTP answer the parser needs. */
export interface StsHttpAnswer {
  statusCode: number;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 date-time whose fields are all in range (JavaScript's Date would roll 02-30 over to March). */
function isRfc3339(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offH, offM] = m.slice(1).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 60 && offH! <= 23 && offM! <= 59;
}

function header(answer: StsHttpAnswer, name: string): string | undefined {
  return headerValue(answer.headers[name]);
}

function httpDate(answer: StsHttpAnswer): Date | undefined {
  const raw = header(answer, 'date');
  if (!raw) return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function contentTypeLabel(answer: StsHttpAnswer): string {
  const type = header(answer, 'content-type');
  return type ? type.split(';')[0]!.trim() : 'no content type';
}

/**
 * Turns an STS HTTP answer into a typed result, or throws a typed error.
 * @throws {@link StsServiceError} for an STS `ErrorResponse` or S3-style `Error` document
 * @throws {@link StsResponseError} for anything else that is not a valid answer
 */
export function parseStsResponse<A extends StsAction>(action: A, answer: StsHttpAnswer, context: StsCallContext): StsResultOf<A>;
export function parseStsResponse(action: StsAction, answer: StsHttpAnswer, context: StsCallContext): StsResult {
  const ok = answer.statusCode >= 200 && answer.statusCode < 300;
  let root: XmlElement;
  try {
    if (answer.body.trim() === '') throw new XmlDocumentError('an empty body');
    root = parseXml(answer.body);
  } catch (error) {
    const reason = error instanceof XmlDocumentError ? error.message : 'unreadable XML';
    const what = ok ? 'an invalid response' : `HTTP ${answer.statusCode}`;
    throw new StsResponseError(
      `${action} failed: ${what} from ${context.endpoint ?? 'the server'} with ${reason} (${contentTypeLabel(answer)})`,
      { statusCode: answer.statusCode, context, cause: error },
    );
  }
  if (root.name === 'ErrorResponse' || root.name === 'Error' || !ok) throw toServiceError(root, answer, context);

  const credentials = readCredentials(root, answer, context);
  const requestId = readRequestId(root, answer);
  const serverDate = httpDate(answer);
  const result = findElement(root, `${action}Result`) ?? root;
  const base = { ...credentials, requestId, serverDate };
  const text = (name: string): string | undefined => childElement(result, name)?.text;
  switch (action) {
    case 'AssumeRole':
      return {
        action,
        ...base,
        assumedRoleUser: readAssumedRoleUser(result),
        packedPolicySize: readCount(text('PackedPolicySize')),
        sourceIdentity: text('SourceIdentity') || undefined,
      };
    case 'AssumeRoleWithCustomToken':
      return { action, ...base, assumedUser: text('AssumedUser') };
    case 'AssumeRoleWithWebIdentity':
      return {
        action,
        ...base,
        subjectFromWebIdentityToken: text('SubjectFromWebIdentityToken'),
        assumedRoleUser: readAssumedRoleUser(result),
        audience: text('Audience') || undefined,
        provider: text('Provider') || undefined,
        packedPolicySize: readCount(text('PackedPolicySize')),
        sourceIdentity: text('SourceIdentity') || undefined,
      };
    case 'AssumeRoleWithClientGrants':
      return { action, ...base, subjectFromToken: text('SubjectFromToken'), assumedRoleUser: readAssumedRoleUser(result) };
    case 'AssumeRoleWithLDAPIdentity':
    case 'AssumeRoleWithCertificate':
      return { action, ...base };
  }
}

/** `AssumedRoleUser` with AWS's `AssumedRoleId` or MinIO's `AssumeRoleId`; undefined when the element is absent. */
function readAssumedRoleUser(result: XmlElement): AssumedRoleUser | undefined {
  const user = childElement(result, 'AssumedRoleUser');
  if (!user) return undefined;
  return {
    arn: childElement(user, 'Arn')?.text ?? '',
    assumedRoleId: (childElement(user, 'AssumedRoleId') ?? childElement(user, 'AssumeRoleId'))?.text ?? '',
  };
}

/** A non-negative whole number such as `PackedPolicySize`; undefined when absent or not a number (it is metadata only). */
function readCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) return undefined;
  return Number(text);
}

function readRequestId(root: XmlElement, answer: StsHttpAnswer): string | undefined {
  const fromBody = findElement(root, 'RequestId')?.text;
  return fromBody || header(answer, 'x-amz-request-id') || header(answer, 'x-amzn-requestid') || undefined;
}

function readCredentials(root: XmlElement, answer: StsHttpAnswer, context: StsCallContext): TemporaryCredentials {
  const fail = (field: string, problem: string): never => {
    throw new StsResponseError(`${context.action ?? 'STS call'} failed: the response from ${context.endpoint ?? 'the server'} ${problem}`, {
      statusCode: answer.statusCode,
      field,
      context,
    });
  };
  const creds = findElement(root, 'Credentials');
  if (!creds) return fail('Credentials', 'has no Credentials element');
  const field = (name: string): string => {
    const el = childElement(creds, name);
    if (!el || el.children.length > 0 || el.text === '') return fail(`Credentials.${name}`, `has no ${name} in Credentials`);
    return el.text;
  };
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  const sessionToken = field('SessionToken');
  const expirationText = field('Expiration');
  const expiration = new Date(expirationText);
  if (!isRfc3339(expirationText.trim()) || Number.isNaN(expiration.getTime())) {
    fail('Credentials.Expiration', 'has an Expiration that is not an RFC 3339 date-time');
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

function toServiceError(root: XmlElement, answer: StsHttpAnswer, context: StsCallContext): Error {
  // STS: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
  // S3:  <Error><Code/><Message/><Resource/><RequestId/><HostId/></Error>
  const error = root.name === 'Error' ? root : findElement(root, 'Error');
  const code = error ? childElement(error, 'Code')?.text.trim() : undefined;
  if (!error || !code) {
    return new StsResponseError(
      `${context.action ?? 'STS call'} failed: HTTP ${answer.statusCode} from ${context.endpoint ?? 'the server'} with an XML body that is not an STS error document`,
      { statusCode: answer.statusCode, context },
    );
  }
  return new StsServiceError({
    statusCode: answer.statusCode,
    stsCode: printable(code),
    serverMessage: printable(childElement(error, 'Message')?.text ?? ''),
    requestId: readRequestId(root, answer),
    errorType: childElement(error, 'Type')?.text || undefined,
    serverDate: httpDate(answer),
    context,
  });
}

/** Server text made safe for a terminal line: control characters replaced, length bounded. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}
