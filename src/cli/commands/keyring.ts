/** `sts-creds keyring add|list|remove`: sts-creds' entries in the OS keyring. */
import { KIND_NOUN, validateKeyringName, type KeyringSecret } from '../../keyring/keyring-secret.js';
import { isValidAccessKeyId } from '../../sts/validate.js';
import { listKeyringSecrets, removeKeyringSecret, writeKeyringSecret, type KeyringListing } from '../../keyring/keyring-store.js';
import { escapeControl } from '../../text/server-text.js';
import { CliUsageError } from '../errors.js';
import { readNewSecret } from '../inputs/secrets.js';
import type { CliIo } from '../io.js';
import type { KeyringCliOptions } from '../options.js';
import type { KeyringInvocation } from '../invocation.js';
import { promptHidden } from '../prompt.js';
import type { Redactor } from '../redact.js';

/** `keyring list`'s lines: name, kind, access key or user name, tab-separated; never a secret. Pure. */
export function renderKeyringList(entries: readonly KeyringListing[]): string {
  // Entries other programs wrote under the same service may carry any text.
  return entries.map((e) => `${escapeControl(e.name)}\t${e.kind ?? '?'}\t${e.id === undefined ? '-' : escapeControl(e.id)}\n`).join('');
}

/** The access key of `keyring add --kind keys`: `--access-key`, else asked for on the terminal. */
async function accessKey(opts: KeyringCliOptions, io: CliIo): Promise<string> {
  let id = opts.accessKey;
  if (id === undefined) {
    const terminal = opts.secretKeyStdin ? undefined : io.openTerminal?.();
    if (!terminal) throw new CliUsageError('no access key: use --access-key ID');
    id = (await promptHidden(terminal, 'Access key: ', 'access key')).trim();
  }
  // It will travel in the Authorization header, where HTTP forbids control and non-ASCII characters.
  if (!isValidAccessKeyId(id)) throw new CliUsageError('invalid --access-key: an access key is printable ASCII without spaces (no control or non-ASCII characters)');
  return id;
}

/** What `keyring add` stores, from its options, standard input or the terminal. */
async function newEntry(opts: KeyringCliOptions, io: CliIo, redactor: Redactor): Promise<KeyringSecret> {
  const kind = opts.kind ?? 'keys';
  if (kind !== 'keys' && opts.accessKey !== undefined) throw new CliUsageError('--access-key is for --kind keys');
  if (kind !== 'password' && opts.user !== undefined) throw new CliUsageError('-u/--user is for --kind password');
  const stdin = opts.secretKeyStdin === true;
  if (kind === 'keys') {
    const id = await accessKey(opts, io);
    return { kind, id, secret: await readNewSecret(stdin, `Secret key for ${id}: `, io, redactor) };
  }
  if (kind === 'password') {
    const secret = await readNewSecret(stdin, opts.user ? `Password for ${opts.user}: ` : 'Password: ', io, redactor);
    return { kind, ...(opts.user ? { id: opts.user } : {}), secret };
  }
  // Tokens are pasted: the whitespace around them is never part of them.
  return { kind, secret: (await readNewSecret(stdin, 'Token: ', io, redactor)).trim() };
}

/**
 * Runs `keyring add|list|remove`; returns what goes to stdout.
 * @throws {@link CliUsageError} for bad input; {@link KeyringError} from the keyring
 */
export async function keyringCommand(invocation: KeyringInvocation, io: CliIo, redactor: Redactor): Promise<string> {
  const keyring = { env: io.env };
  if (invocation.action === 'list') return renderKeyringList(await listKeyringSecrets(keyring));
  // Checked before asking for anything, so a bad name costs no typing.
  const name = validateKeyringName(invocation.name ?? '');
  if (invocation.action === 'remove') {
    await removeKeyringSecret(name, keyring);
    return `removed keyring entry '${name}'\n`;
  }
  const entry = await newEntry(invocation.options, io, redactor);
  await writeKeyringSecret(name, entry, keyring);
  return `stored ${KIND_NOUN[entry.kind]}${entry.id ? ` for ${escapeControl(entry.id)}` : ''} as keyring entry '${name}'\n`;
}
