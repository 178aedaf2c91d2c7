import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { ClientCertificateFlags } from '../options.js';
import type { Redactor } from '../redact.js';
import { BUNDLE_LIMIT, readInput, readInputText } from './files.js';
import { promptHidden } from '../prompt.js';
import { resolvePassphrase } from './secrets.js';

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
  if (opts.pfx !== undefined) {
    const pfx = await readInput('PKCS#12 file', { path: opts.pfx }, BUNDLE_LIMIT);
    const what = `--pfx ${JSON.stringify(opts.pfx)}`;
    return { pfx, passphrase: await usablePassphrase({ pfx, passphrase }, what, opts.passphraseEnv !== undefined, io, redactor) };
  }
  const cert = await readInputText('certificate', { path: opts.cert! }, BUNDLE_LIMIT);
  const key = await readInputText('key', { path: opts.key! }, BUNDLE_LIMIT);
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`--cert ${JSON.stringify(opts.cert)} holds no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new CliUsageError(`--key ${JSON.stringify(opts.key)} holds no PEM private key`);
  const what = `--key ${JSON.stringify(opts.key)}`;
  return { cert, key, passphrase: await usablePassphrase({ cert, key, passphrase }, what, opts.passphraseEnv !== undefined, io, redactor) };
}

/**
 * The passphrase that makes the material usable: the one given, or, for an encrypted key given without
 * `--passphrase-env`, one asked for without echo on the controlling terminal (as ssh and gpg do).
 * @throws {@link CliUsageError} when the material cannot be used (with no terminal to ask on, at once)
 */
async function usablePassphrase(material: ClientCertificate, what: string, given: boolean, io: CliIo, redactor: Redactor): Promise<string | undefined> {
  const problem = await unusable(material, what);
  if (problem === undefined) return material.passphrase;
  const terminal = problem.encrypted && !given ? io.openTerminal?.() : undefined;
  if (!terminal) throw problem.error;
  const passphrase = await promptHidden(terminal, `Passphrase for ${what}: `, 'passphrase');
  redactor.add(passphrase);
  const again = await unusable({ ...material, passphrase }, what);
  if (again) throw again.error;
  return passphrase;
}

/**
 * Loads the material into a TLS context, as the connection will: a key that cannot be decrypted
 * (wrong or missing passphrase) or that does not match the certificate is a usage mistake found
 * here, not a network error found on every retry. Undefined when it loads.
 */
async function unusable(material: ClientCertificate, what: string): Promise<{ error: CliUsageError; encrypted: boolean } | undefined> {
  // Loaded only here: no other command needs node:crypto or node:tls before the request.
  const [{ createPrivateKey }, { createSecureContext }] = await Promise.all([import('node:crypto'), import('node:tls')]);
  try {
    if (material.key !== undefined) createPrivateKey({ key: material.key, passphrase: material.passphrase ?? '' });
    createSecureContext(material);
    return undefined;
  } catch (error) {
    const message = String((error as Error).message);
    if (/passphrase|decrypt|mac verify|bad password/i.test(message)) {
      return { error: new CliUsageError(`${what} cannot be decrypted: wrong or missing passphrase (--passphrase-env, or type it at the prompt)`), encrypted: true };
    }
    if (/key values mismatch/i.test(message)) return { error: new CliUsageError(`--cert and ${what} do not match`), encrypted: false };
    return { error: new CliUsageError(`${what} cannot be used for TLS: ${(error as { code?: string }).code ?? message.split('\n')[0]}`), encrypted: false };
  }
}
