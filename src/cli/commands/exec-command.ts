import { StsClient } from '../../client/sts-client.js';
import { destinationVariables, endpointVariable } from '../../format/handover-vars.js';
import { providerOfClient } from '../../providers/from-action.js';
import type { RefreshingCredentialProvider } from '../../providers/refreshing-provider.js';
import { STS_ACTIONS } from '../../sts/registry.js';
import { escapeControl } from '../../text/server-text.js';
import { startCredentialServer } from '../credential-server.js';
import { CliUsageError, atOrigin, describeError } from '../errors.js';
import { childEnvironment, runCommand } from '../exec.js';
import { freshCredentials } from '../fresh-credentials.js';
import type { CredentialInvocation, CredentialRun } from '../invocation.js';
import type { CliIo } from '../io.js';
import type { Redactor } from '../redact.js';
import { outcomeDestination, outcomeVariables } from '../render-outcome.js';
import { sendRequest } from '../method-request.js';
import { obtainCredentials } from './obtain-credentials.js';
import { resolveCredentialRun } from './resolve-run.js';

/** Set in the command's environment: a nested `exec` sees it and refuses (as aws-vault's `AWS_VAULT` does). */
export const EXEC_MARKER = 'STS_CREDS_EXEC';
/** The endpoint of the session, beside {@link EXEC_MARKER}, so the refusal can say which session it is. */
export const EXEC_MARKER_ENDPOINT = 'STS_CREDS_EXEC_ENDPOINT';

/** Fails when this process already runs inside an `sts-creds exec` session. */
function refuseNested(env: CliIo['env']): void {
  if (!env[EXEC_MARKER]) return;
  const where = env[EXEC_MARKER_ENDPOINT] ? ` (endpoint ${escapeControl(env[EXEC_MARKER_ENDPOINT].slice(0, 200))})` : '';
  throw new CliUsageError(`exec: already inside an sts-creds exec session${where}; leave it first, or unset ${EXEC_MARKER} to nest one on purpose`);
}

/** The command to run: the one given, else the user's `$SHELL` (else /bin/sh), as aws-vault does. */
function commandOrShell(command: readonly string[], env: CliIo['env']): string[] {
  return command.length > 0 ? [...command] : [env.SHELL || '/bin/sh'];
}

/**
 * `sts-creds exec`: gets the credentials, then runs the command (or the user's shell) with them in its
 * environment, or with `--server` from a loopback endpoint that keeps them fresh. The command never
 * starts when getting the first credentials fails.
 * @returns the command's exit code (see {@link runCommand})
 */
export async function execCommand(invocation: CredentialInvocation, io: CliIo, redactor: Redactor): Promise<number> {
  refuseNested(io.env);
  const run = await resolveCredentialRun(invocation, io, redactor);
  const command = commandOrShell(invocation.command ?? [], io.env);
  if (run.serverRefreshBefore !== undefined) return serveAndRun(run, run.serverRefreshBefore, command, io, redactor);
  const outcome = await obtainCredentials(run, io, redactor);
  const marker: Array<[string, string]> = [
    [EXEC_MARKER, '1'],
    [EXEC_MARKER_ENDPOINT, endpointVariable(outcome.endpoint)],
  ];
  return runCommand(command, childEnvironment(io.env, [...outcomeVariables(run.output, outcome), ...marker], [...run.secretVariables, ...mcStsVariables(run)]), io);
}

/**
 * mc's own STS variables of the alias `--mc-alias` hands credentials to: left in place, mc would get its own
 * credentials from STS for that alias instead of using the ones handed over.
 */
function mcStsVariables(run: CredentialRun): string[] {
  const alias = run.output.mcAlias;
  return alias === undefined ? [] : ['MC_STS_ENDPOINT_', 'MC_WEB_IDENTITY_TOKEN_FILE_', 'MC_ROLE_ARN_', 'MC_ROLE_SESSION_NAME_'].map((prefix) => `${prefix}${alias}`);
}

/** The refreshing provider of a resolved run: the method's one library call, wired as the library wires its own. */
function runProvider(run: CredentialRun, client: StsClient, io: CliIo, redactor: Redactor): RefreshingCredentialProvider {
  return providerOfClient({
    client,
    spec: STS_ACTIONS[run.request.action],
    durationSeconds: run.request.params.durationSeconds,
    fetch: () => sendRequest(client, run.request),
    now: () => io.now().getTime(),
    onRefresh: (creds) => {
      redactor.add(creds.secretAccessKey);
      redactor.add(creds.sessionToken);
    },
    onEvent: run.network.onEvent,
  });
}

/** The refresh margin does not fit the credentials' lifetime: said of the flag as typed, or of the default as the default. */
function refreshBeforeTooLong(refreshBefore: NonNullable<CredentialRun['serverRefreshBefore']>, lifetimeMs: number): CliUsageError {
  const margin = Math.round(refreshBefore.ms / 1000);
  const lifetime = Math.round(lifetimeMs / 1000);
  if (refreshBefore.origin.kind === 'flag') {
    return new CliUsageError(`${refreshBefore.origin.label} (${margin}s) must be shorter than the credentials' lifetime (${lifetime}s)`);
  }
  return new CliUsageError(
    `exec --server renews credentials ${margin}s before they expire (the default), but these live only ${lifetime}s: ` +
      'ask for a longer lifetime, or give --refresh-before a shorter margin',
  );
}

/** `exec --server`: the command gets the endpoint, its token and the destination, and no keys. */
async function serveAndRun(run: CredentialRun, refreshBefore: NonNullable<CredentialRun['serverRefreshBefore']>, command: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const refreshBeforeMs = refreshBefore.ms;
  const client = new StsClient({ ...run.network, ...run.request.clientCertificate });
  const provider = runProvider(run, client, io, redactor);
  const now = (): number => io.now().getTime();
  try {
    const first = await provider().catch((error: unknown) => {
      throw atOrigin(error, run.originOf);
    });
    const lifetimeMs = first.expiration.getTime() - now();
    if (lifetimeMs <= refreshBeforeMs) throw refreshBeforeTooLong(refreshBefore, lifetimeMs);
    const server = await startCredentialServer({
      credentials: freshCredentials(provider, refreshBeforeMs, now, (error) =>
        io.stderr.write(`sts-creds: exec --server: renewing failed, still serving the current credentials: ${redactor.redact(describeError(error))}\n`),
      ),
      onError: (error) => io.stderr.write(`sts-creds: exec --server: ${redactor.redact(describeError(error))}\n`),
    });
    try {
      const vars: Array<[string, string]> = [
        ['AWS_CONTAINER_CREDENTIALS_FULL_URI', server.url],
        ['AWS_CONTAINER_AUTHORIZATION_TOKEN', server.token],
        ...destinationVariables(outcomeDestination(run.output, { s3Endpoint: run.endpoints.s3 && new URL(run.endpoints.s3.value), region: client.region })),
        [EXEC_MARKER, '1'],
        [EXEC_MARKER_ENDPOINT, endpointVariable(client.endpoint)],
      ];
      return await runCommand(command, childEnvironment(io.env, vars, run.secretVariables), io);
    } finally {
      await server.close();
    }
  } finally {
    await provider.close();
  }
}
