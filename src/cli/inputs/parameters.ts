import type { SessionTag } from '../../sts/aws-params.js';
import { CliUsageError } from '../errors.js';
import { SECRET_LIMIT, readInputText } from './files.js';
import { jsonErrorLocation } from '../../text/json-error-offset.js';

/** The session policy from `--policy` or `-s/--policy-file`, checked to be JSON. */
export async function resolvePolicy(opts: { policy?: string | undefined; policyFile?: string | undefined }): Promise<string | undefined> {
  if (opts.policy !== undefined && opts.policyFile !== undefined) throw new CliUsageError('use only one of --policy, -s/--policy-file');
  const text = opts.policyFile !== undefined ? await readInputText('policy file', { path: opts.policyFile }, SECRET_LIMIT) : opts.policy;
  if (text === undefined) return undefined;
  // Where, never what: the file could be the password file given by mistake, and JSON.parse's own
  // message quotes the text.
  try {
    JSON.parse(text);
  } catch {
    const what = opts.policyFile !== undefined ? `policy file ${JSON.stringify(opts.policyFile)}` : '--policy';
    const location = jsonErrorLocation(text);
    throw new CliUsageError(`${what} is not valid JSON${location === undefined ? '' : ` (at ${location})`}`);
  }
  return text;
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
