/**
 * doctor's keys check: one SigV4-signed AssumeRole with `DurationSeconds=1`. An STS checks the
 * signature and the access key before it reads the parameters (MinIO and AWS both do), so the
 * answer tells a wrong secret key, an unknown or disabled access key, and good keys apart; and a
 * lifetime of one second is below every STS's minimum, so good keys get a refusal and no credentials
 * are issued: nothing changes on the server.
 */
import type { StsCallContext } from '../errors.js';
import { signRequest } from '../signing/sign-request.js';
import { escapeControl, serverText } from '../text/server-text.js';
import type { HttpTransport } from '../transport/http-transport.js';
import type { SigningCredentials } from '../types.js';
import { readErrorDocument } from '../xml/error-document.js';
import { parseXml } from '../xml/parse-xml.js';
import type { DoctorCheck } from './doctor-check.js';

/** The keys doctor checks, and where they came from (for the report). */
export interface DoctorKeys {
  credentials: SigningCredentials;
  /** The SigV4 region the credential command signs for. */
  region: string;
  /** `AWS profile "minio"`, `mc alias "local"`. */
  origin: string;
}

/** The body of the probe: AssumeRole with a lifetime no STS accepts. */
export const KEYS_PROBE_BODY = 'Action=AssumeRole&DurationSeconds=1&Version=2011-06-15';

/** STS error codes that mean the signature and access key were accepted and a parameter was refused. */
const PARAMETER_CODES = new Set(['InvalidParameterValue', 'ValidationError', 'InvalidParameterCombination', 'MissingParameter']);
const WRONG_SECRET = new Set(['SignatureDoesNotMatch']);
const UNKNOWN_KEY = new Set(['InvalidClientTokenId', 'InvalidAccessKeyId', 'ExpiredToken']);

/** Sends the probe with `keys` and judges the answer. Never throws for network problems. */
export async function checkKeys(transport: HttpTransport, endpoint: URL, keys: DoctorKeys, now: Date, context: StsCallContext): Promise<DoctorCheck> {
  const url = new URL('/', endpoint);
  const who = `access key ${JSON.stringify(escapeControl(keys.credentials.accessKeyId).slice(0, 64))} from ${keys.origin}`;
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'sts-creds doctor' };
  let status: number;
  let code: string | undefined;
  let message = '';
  try {
    const signed = await signRequest(
      { method: 'POST', url, headers, body: KEYS_PROBE_BODY },
      { credentials: keys.credentials, region: keys.region, service: 'sts', signingDate: now },
    );
    const answer = await transport.send({ method: 'POST', url, headers: signed, body: KEYS_PROBE_BODY }, context);
    status = answer.statusCode;
    try {
      const doc = readErrorDocument(parseXml(answer.body));
      code = doc?.code;
      message = doc ? serverText(doc.message, [keys.credentials.secretAccessKey]).slice(0, 160) : '';
    } catch {
      code = undefined;
    }
  } catch (error) {
    return { id: 'keys', status: 'fail', detail: `a request signed with the ${who} got no answer: ${error instanceof Error ? error.message : String(error)}` };
  }
  const said = `HTTP ${status}${code ? ` ${escapeControl(code).slice(0, 80)}` : ''}${message ? `: ${message}` : ''}`;
  if (status === 200) return { id: 'keys', status: 'ok', detail: `the ${who} signed an AssumeRole the server answered with credentials` };
  // MinIO answers AccessDenied for both a wrong secret key and an unknown access key; its message tells them apart.
  const wrongSecret = (code !== undefined && WRONG_SECRET.has(code)) || /signature we calculated does not match/i.test(message);
  const unknownKey = (code !== undefined && UNKNOWN_KEY.has(code)) || /access key id you provided does not exist/i.test(message);
  if (code && PARAMETER_CODES.has(code) && !/unsupported action/i.test(message)) {
    return { id: 'keys', status: 'ok', detail: `the ${who} signed an AssumeRole the server accepted (signature and key valid; only the 1-second lifetime asked for on purpose was refused: ${said})` };
  }
  if (wrongSecret) {
    return { id: 'keys', status: 'fail', detail: `the secret key of the ${who} does not match: ${said}`, fix: `correct the secret key in ${keys.origin}` };
  }
  if (unknownKey || code === 'AccessDenied') {
    return {
      id: 'keys',
      status: 'fail',
      detail: `the server refuses the ${who}: ${said}`,
      fix: `check that the user exists and is enabled (mc admin user info ALIAS USER), or correct the access key in ${keys.origin}`,
    };
  }
  return { id: 'keys', status: 'fail', detail: `a request signed with the ${who} was refused: ${said}`, fix: 'see the server\'s message; check the region and the keys' };
}
