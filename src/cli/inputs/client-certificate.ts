import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { Redactor } from '../redact.js';
import { readInput, readInputText } from './files.js';
import { resolvePassphrase } from './secrets.js';

/** The flags naming the certificate command's TLS client material. */
export interface ClientCertificateFlags {
  cert?: string | undefined;
  key?: string | undefined;
  pfx?: string | undefined;
  passphraseEnv?: string | undefined;
}

/** TLS client material for mutual TLS, as the library takes it. */
export interface ClientCertificate {
  cert?: string | undefined;
  key?: string | undefined;
  pfx?: Buffer | undefined;
  passphrase?: string | undefined;
}

/** `--cert`/`--key` or `--pfx`, and `--passphrase-env`, read and checked. */
export async function resolveClientCertificate(opts: ClientCertificateFlags, io: CliIo, redactor: Redactor): Promise<ClientCertificate> {
  if (opts.pfx !== undefined && (opts.cert !== undefined || opts.key !== undefined)) throw new CliUsageError('use either --pfx or --cert with --key, not both');
  if (opts.pfx === undefined && (opts.cert === undefined || opts.key === undefined)) {
    throw new CliUsageError(opts.cert === undefined && opts.key === undefined ? 'no client certificate: use --cert and --key, or --pfx' : '--cert and --key go together');
  }
  const passphrase = resolvePassphrase(opts.passphraseEnv, io, redactor);
  if (opts.pfx !== undefined) return { pfx: await readInput('PKCS#12 file', { path: opts.pfx }), passphrase };
  const cert = await readInputText('certificate', { path: opts.cert! });
  const key = await readInputText('key', { path: opts.key! });
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`--cert ${JSON.stringify(opts.cert)} holds no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new CliUsageError(`--key ${JSON.stringify(opts.key)} holds no PEM private key`);
  return { cert, key, passphrase };
}
