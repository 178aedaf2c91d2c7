import { StsResponseError, StsServiceError, StsTransportError, StsValidationError, isStsCredsError } from '../errors.js';
import { isKeyringError } from '../keyring/keyring-error.js';
import { XmlDocumentError } from '../xml/xml-document-error.js';

/** Exit codes of the `sts-creds` command. */
export const EXIT = {
  /** Credentials were produced. */
  OK: 0,
  /** The STS call failed: service error, network failure, or an answer that could not be used. */
  STS_FAILED: 1,
  /** Usage error or invalid input, found before any request was sent (an OS keyring failure included). */
  USAGE: 2,
  /** Interrupted (Ctrl-C at a prompt). */
  INTERRUPTED: 130,
} as const;

/** A command-line mistake: bad flag combination, missing input, unreadable file. */
export class CliUsageError extends Error {
  override name = 'CliUsageError' as const;
}

/** Interrupted at a prompt. */
export class CliInterrupted extends Error {
  override name = 'CliInterrupted' as const;
}

/** Maps any error to the documented exit code. Pure. */
export function getExitCode(error: unknown): number {
  if (error instanceof CliInterrupted) return EXIT.INTERRUPTED;
  if (error instanceof CliUsageError) return EXIT.USAGE;
  // No keyring, a locked or frozen one, a missing entry: the user's set-up to fix, not a failed STS call.
  if (isKeyringError(error)) return EXIT.USAGE;
  if (isStsCredsError(error)) return error.code === 'ERR_STS_INVALID_INPUT' ? EXIT.USAGE : EXIT.STS_FAILED;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.USAGE;
  return EXIT.STS_FAILED;
}

const FLAG_OF_FIELD: Record<string, string> = {
  durationSeconds: '-e/--duration',
  policy: '--policy',
  endpoint: '--endpoint',
  token: '--token',
  webIdentityToken: '--token',
  roleArn: '--role-arn',
  username: '-u/--user',
  password: '--password',
  tags: '--tag',
  transitiveTagKeys: '--transitive-tag-key',
  policyArns: '--policy-arn',
  tokenCode: '--token-code',
  serialNumber: '--serial-number',
};

/** The content type the response error's message ends with, as `(text/html)`. */
function contentTypeOf(error: Error): string {
  return /\(([^()]*)\)$/.exec(error.message)?.[1] ?? 'no content type';
}

/** What to do about a service error. MinIO reports a wrong secret key for AssumeRole as AccessDenied with S3's signature message. */
function serviceHint(error: StsServiceError): string | undefined {
  if (error.stsCode === 'SignatureDoesNotMatch' || /signature we calculated does not match/i.test(error.serverMessage)) {
    return 'the secret key is probably wrong (-p/--password, the profile or alias, or AWS_SECRET_ACCESS_KEY)';
  }
  if (error.stsCode === 'InvalidAccessKeyId') return 'the server does not know this access key (-u/--user, the profile or alias, or AWS_ACCESS_KEY_ID)';
  // SeaweedFS (and AWS STS) need a role on every assume call, and a session name, which sts-creds sends
  // on its own only with a role ARN: point at the role first.
  if (/\bRoleArn\b.*\brequired\b|\bRoleSessionName\b.*\brequired\b/i.test(error.serverMessage)) {
    return 'this server needs a role to assume: give --role-arn <arn> (profile key role_arn), and --role-session-name <name> (role_session_name) to choose the session name';
  }
  return undefined;
}

/**
 * A value the library refused, reported where the user wrote it (`invalid duration_seconds in AWS profile "p"
 * of ~/.aws/config: ...`) when the run knows; any other error as it is.
 * @param originOf - where the run's value of a library field came from (see settings.ts)
 */
export function atOrigin(error: unknown, originOf: (field: string) => { label: string } | undefined): unknown {
  if (!(error instanceof StsValidationError)) return error;
  const origin = originOf(error.field);
  return origin ? new CliUsageError(`invalid ${origin.label}: ${error.message}`, { cause: error }) : error;
}

/**
 * The one-line reason shown to the user; validation errors name the flag rather than the library option. Pure.
 * @param redact - applied to the text that comes from the error (which may echo a secret), never to
 * sts-creds' own words around it: a password `wrong` must not turn a hint into "probably ***"
 */
export function describeError(error: unknown, redact: (text: string) => string = (text) => text): string {
  let text: string;
  if (error instanceof StsValidationError && FLAG_OF_FIELD[error.field]) text = `invalid ${FLAG_OF_FIELD[error.field]}: ${redact(error.message)}`;
  else if (error instanceof StsTransportError && /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(error.causeCode ?? '')) {
    text = `${redact(error.message)}; to trust a private CA use --ca-bundle <file> or AWS_CA_BUNDLE`;
  } else if (error instanceof StsResponseError && error.cause instanceof XmlDocumentError && !/xml|no content type/i.test(contentTypeOf(error))) {
    // Not XML at all (an HTML page, a console, a proxy's error): say what the endpoint is, not what the parser refused.
    const type = contentTypeOf(error);
    text = redact(
      `${error.action ?? 'STS call'} failed: ${error.endpoint ?? 'the endpoint'} is not an STS service: it answered HTTP ${error.statusCode ?? '?'} (${type}), not STS XML; `,
    ) + 'for MinIO use the S3 API address (port 9000 by default), not the console';
  } else if (error instanceof StsServiceError && serviceHint(error)) {
    text = `${redact(error.message)}; ${serviceHint(error)}`;
  } else text = redact(error instanceof Error ? error.message : String(error));
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
