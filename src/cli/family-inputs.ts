import { readFile } from 'node:fs/promises';
import type { SessionTag } from '../sts/aws-params.js';
import { CliUsageError } from './errors.js';
import { ENV, resolveToken } from './inputs.js';
import type { CliIo } from './io.js';
import { promptHidden } from './prompt.js';

/** The AWS SDK conventions the web-identity command follows. */
export const AWS_WEB_IDENTITY_ENV = {
  tokenFile: 'AWS_WEB_IDENTITY_TOKEN_FILE',
  roleArn: 'AWS_ROLE_ARN',
  roleSessionName: 'AWS_ROLE_SESSION_NAME',
  caBundle: 'AWS_CA_BUNDLE',
} as const;

type TokenFlags = { token?: string | undefined; tokenFile?: string | undefined; tokenStdin?: boolean | undefined; tokenEnv?: string | undefined };

/**
 * The token for web-identity / client-grants: `-t`, `--token-file`, `--token-stdin`, `--token-env`,
 * `$STS_CREDS_TOKEN`, then (web-identity only) the file named by `$AWS_WEB_IDENTITY_TOKEN_FILE`.
 */
export async function resolveWebToken(opts: TokenFlags, io: CliIo, useAwsTokenFile: boolean): Promise<string> {
  const flagGiven = opts.token !== undefined || opts.tokenFile !== undefined || opts.tokenStdin || opts.tokenEnv !== undefined;
  if (!flagGiven && !io.env[ENV.token]) {
    const awsFile = useAwsTokenFile ? io.env[AWS_WEB_IDENTITY_ENV.tokenFile] : undefined;
    if (awsFile) return resolveToken({ tokenFile: awsFile }, io);
    throw new CliUsageError(
      `no token: use -t/--token, --token-file, --token-stdin, --token-env, or set ${ENV.token}` +
        (useAwsTokenFile ? ` or ${AWS_WEB_IDENTITY_ENV.tokenFile}` : ''),
    );
  }
  return resolveToken(opts, io);
}

/** `--tag KEY=VALUE` flags to session tags (the value may be empty and may contain `=`). Pure. */
export function parseTagFlags(flags: readonly string[] | undefined): SessionTag[] | undefined {
  if (!flags || flags.length === 0) return undefined;
  return flags.map((flag) => {
    const at = flag.indexOf('=');
    if (at <= 0) throw new CliUsageError(`invalid --tag ${JSON.stringify(flag)}: use --tag KEY=VALUE`);
    return { key: flag.slice(0, at), value: flag.slice(at + 1) };
  });
}

/** The MFA code: `--token-code`, else a no-echo prompt when `--serial-number` is given and stdin is a terminal. */
export async function resolveMfaCode(serialNumber: string | undefined, flag: string | undefined, io: CliIo): Promise<string | undefined> {
  if (flag !== undefined) {
    if (!serialNumber) throw new CliUsageError('--token-code needs --serial-number (the MFA device)');
    return flag;
  }
  if (!serialNumber) return undefined;
  if (!io.stdin.isTTY) throw new CliUsageError('--serial-number needs --token-code (no terminal to prompt for the MFA code)');
  const code = (await promptHidden(io, `MFA code for ${serialNumber}: `)).trim();
  if (!code) throw new CliUsageError('the MFA code is empty');
  return code;
}

/** TLS client material for the certificate command, read from the files named on the command line (the CA comes from the network options). */
export interface CliTlsMaterial {
  cert?: string | undefined;
  key?: string | undefined;
  pfx?: Buffer | undefined;
  passphrase?: string | undefined;
  ca?: string | undefined;
}

async function readText(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new CliUsageError(`cannot read ${what} ${JSON.stringify(path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
}

/** The CA bundle from `--ca-bundle`, else `$AWS_CA_BUNDLE`; undefined when neither is set. */
export async function resolveCaBundle(flag: string | undefined, io: CliIo): Promise<string | undefined> {
  const path = flag || io.env[AWS_WEB_IDENTITY_ENV.caBundle];
  if (!path) return undefined;
  const text = await readText(io, path, 'CA bundle');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`CA bundle ${JSON.stringify(path)} holds no PEM certificate`);
  return text;
}

/** `--cert`/`--key` or `--pfx`, and `--passphrase-env`, read and checked. */
export async function resolveClientCertificate(
  opts: { cert?: string | undefined; key?: string | undefined; pfx?: string | undefined; passphraseEnv?: string | undefined },
  io: CliIo,
): Promise<CliTlsMaterial> {
  if (opts.pfx !== undefined && (opts.cert !== undefined || opts.key !== undefined)) throw new CliUsageError('use either --pfx or --cert with --key, not both');
  if (opts.pfx === undefined && (opts.cert === undefined || opts.key === undefined)) {
    throw new CliUsageError(opts.cert === undefined && opts.key === undefined ? 'no client certificate: use --cert and --key, or --pfx' : '--cert and --key go together');
  }
  let passphrase: string | undefined;
  if (opts.passphraseEnv !== undefined) {
    passphrase = io.env[opts.passphraseEnv];
    if (!passphrase) throw new CliUsageError(`--passphrase-env: the environment variable ${opts.passphraseEnv} is not set or empty`);
  }
  if (opts.pfx !== undefined) {
    let pfx: Buffer;
    try {
      pfx = await readFile(opts.pfx);
    } catch (error) {
      throw new CliUsageError(`cannot read PKCS#12 file ${JSON.stringify(opts.pfx)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
    }
    return { pfx, passphrase };
  }
  const cert = await readText(io, opts.cert!, 'certificate');
  const key = await readText(io, opts.key!, 'key');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`--cert ${JSON.stringify(opts.cert)} holds no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new CliUsageError(`--key ${JSON.stringify(opts.key)} holds no PEM private key`);
  return { cert, key, passphrase };
}
