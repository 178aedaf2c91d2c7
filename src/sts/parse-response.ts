import { StsResponseError, StsServiceError, serviceErrorMessage, type StsCallContext } from '../errors.js';
import { headerValue } from '../http/header-value.js';
import { escapeControl, hasControl, serverText } from '../text/server-text.js';
import type { AssumedRoleUser, TemporaryCredentials } from '../types.js';
import { readErrorDocument } from '../xml/error-document.js';
import { XmlDocumentError, childElement, findElement, parseXml, type XmlElement } from '../xml/parse-xml.js';
import type { AnyStsActionSpec, ResultOf, ResultReader } from './action.js';

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
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth &&
    Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 60 && Number(m[7] ?? 0) <= 23 && Number(m[8] ?? 0) <= 59
  );
}

function header(answer: StsHttpAnswer, name: string): string | undefined {
  return headerValue(answer.headers[name]);
}

/** The HTTP `Date` of an answer, when it has a valid one. */
export function httpDate(answer: StsHttpAnswer): Date | undefined {
  const raw = header(answer, 'date');
  if (!raw) return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The media type of an answer, for messages ("text/html"), with control characters escaped. */
export function contentTypeLabel(answer: StsHttpAnswer): string {
  const type = header(answer, 'content-type');
  return type ? escapeControl(type.split(';')[0]!.trim()).slice(0, 100) : 'no content type';
}

/**
 * Turns an STS HTTP answer into a typed result, or throws a typed error.
 * @param spec - the action's description (`STS_ACTIONS.AssumeRole`)
 * @param secrets - what the call sent that must never come back in an error (password, token, secret key)
 * @throws {@link StsServiceError} for an STS `ErrorResponse` or S3-style `Error` document
 * @throws {@link StsResponseError} for anything else that is not a valid answer
 */
export function parseStsResponse<S extends AnyStsActionSpec>(spec: S, answer: StsHttpAnswer, context: StsCallContext, secrets: readonly string[] = []): ResultOf<S> {
  const root = parseAnswer(spec.name, answer, context);
  const error = root.name === 'ErrorResponse' || root.name === 'Error' || answer.statusCode < 200 || answer.statusCode >= 300;
  if (error) throw toServiceError(root, answer, context, secrets);

  const credentials = readCredentials(root, answer, context);
  const serverDate = httpDate(answer);
  if (serverDate !== undefined && credentials.expiration.getTime() <= serverDate.getTime()) {
    // Judged by the server's own clock, so a wrong local clock cannot cause this.
    throw new StsResponseError(
      `${spec.name} failed: the response from ${context.endpoint ?? 'the server'} has credentials that expired at ` +
        `${credentials.expiration.toISOString()}, before the server's own time ${serverDate.toISOString()}`,
      { statusCode: answer.statusCode, field: 'Credentials.Expiration', context },
    );
  }
  const result = findElement(root, `${spec.name}Result`) ?? root;
  return {
    action: spec.name,
    ...credentials,
    requestId: readRequestId(root, answer),
    serverDate,
    ...spec.readResult(resultReader(result)),
  } as ResultOf<S>;
}

/** The root element of an answer's XML body. @throws {@link StsResponseError} when there is none */
function parseAnswer(action: string, answer: StsHttpAnswer, context: StsCallContext): XmlElement {
  try {
    if (answer.body.trim() === '') throw new XmlDocumentError('an empty body');
    return parseXml(answer.body);
  } catch (error) {
    const reason = error instanceof XmlDocumentError ? error.message : 'unreadable XML';
    const ok = answer.statusCode >= 200 && answer.statusCode < 300;
    const what = ok ? 'an invalid response' : `HTTP ${answer.statusCode}`;
    throw new StsResponseError(
      `${action} failed: ${what} from ${context.endpoint ?? 'the server'} with ${reason} (${contentTypeLabel(answer)})`,
      { statusCode: answer.statusCode, context, cause: error },
    );
  }
}

function resultReader(result: XmlElement): ResultReader {
  const text = (name: string): string | undefined => childElement(result, name)?.text;
  return {
    text,
    optional: (name) => text(name) || undefined,
    count: (name) => {
      const value = text(name);
      return value !== undefined && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : undefined;
    },
    assumedRoleUser: (): AssumedRoleUser | undefined => {
      const user = childElement(result, 'AssumedRoleUser');
      if (!user) return undefined;
      return {
        arn: childElement(user, 'Arn')?.text ?? '',
        assumedRoleId: (childElement(user, 'AssumedRoleId') ?? childElement(user, 'AssumeRoleId'))?.text ?? '',
      };
    },
  };
}

function readRequestId(root: XmlElement, answer: StsHttpAnswer): string | undefined {
  const raw = findElement(root, 'RequestId')?.text || header(answer, 'x-amz-request-id') || header(answer, 'x-amzn-requestid') || undefined;
  return raw === undefined ? undefined : escapeControl(raw).slice(0, 200);
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
    // A credential goes into environment variables, files and shell lines: a control character there is an attack.
    if (hasControl(el.text)) return fail(`Credentials.${name}`, `has a control character in ${name}`);
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

function toServiceError(root: XmlElement, answer: StsHttpAnswer, context: StsCallContext, secrets: readonly string[]): Error {
  const doc = readErrorDocument(root);
  if (!doc) {
    return new StsResponseError(
      `${context.action ?? 'STS call'} failed: HTTP ${answer.statusCode} from ${context.endpoint ?? 'the server'} with an XML body that is not an STS error document`,
      { statusCode: answer.statusCode, context },
    );
  }
  const fields = {
    statusCode: answer.statusCode,
    stsCode: serverText(doc.code, secrets).slice(0, 100),
    serverMessage: serverText(doc.message, secrets),
    requestId: readRequestId(root, answer),
    errorType: doc.type === undefined ? undefined : serverText(doc.type, secrets).slice(0, 100),
    serverDate: httpDate(answer),
  };
  return new StsServiceError(serviceErrorMessage(fields, context), { ...fields, context });
}
