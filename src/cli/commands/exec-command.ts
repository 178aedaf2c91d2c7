import { homedir } from 'node:os';
import { StsClient } from '../../client/sts-client.js';
import { destinationVariables, endpointVariable } from '../../format/handover-vars.js';
import { RefreshEngine } from '../../providers/refresh-engine.js';
import type { TemporaryCredentials } from '../../types.js';
import { STS_ACTIONS } from '../../sts/registry.js';
import { escapeControl } from '../../text/server-text.js';
import { startCredentialServer } from '../credential-server.js';
import { CliUsageError, atOrigin, describeError } from '../errors.js';
import { connectionSettings } from '../inputs/network.js';
import { childEnvironment, mcHostSecretVariables, runCommand } from '../exec.js';
import { SERVER_SCRUBBED_VARIABLES, writeServerSharedFiles } from '../exec-shared-files.js';
import { checkRefreshFits, describeFailedRefresh, servedCredentials, serverEngineTiming, type ServerRefresh } from '../served-credentials.js';
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
  if (run.serverRefreshBefore !== undefined) {
    const refresh = { refreshBeforeMs: run.serverRefreshBefore.ms, explicit: run.serverRefreshBefore.origin.kind === 'flag' };
    return serveAndRun(run, refresh, command, keptFromCommand(invocation, run, io), io, redactor);
  }
  const outcome = await obtainCredentials(run, io, redactor);
  const marker: Array<[string, string]> = [
    [EXEC_MARKER, '1'],
    [EXEC_MARKER_ENDPOINT, endpointVariable(outcome.endpoint)],
  ];
  return runCommand(command, childEnvironment(io.env, [...outcomeVariables(run.output, outcome), ...marker], [...keptFromCommand(invocation, run, io), ...mcStsVariables(run)]), io);
}

/**
 * mc's own STS variables of the alias `--mc-alias` hands credentials to: left in place, mc would get its own
 * credentials from STS for that alias instead of using the ones handed over.
 */
function mcStsVariables(run: CredentialRun): string[] {
  const alias = run.output.mcAlias;
  return alias === undefined ? [] : ['MC_STS_ENDPOINT_', 'MC_WEB_IDENTITY_TOKEN_FILE_', 'MC_ROLE_ARN_', 'MC_ROLE_SESSION_NAME_'].map((prefix) => `${prefix}${alias}`);
}

/**
 * Variables holding long-term secrets the command has no business seeing: those named by
 * `--password-env`/`--token-env`/`--passphrase-env`, and with `--alias` every `MC_HOST_*` carrying keys.
 */
function keptFromCommand(invocation: CredentialInvocation, run: CredentialRun, io: CliIo): string[] {
  return [...run.secretVariables, ...(invocation.options.alias !== undefined ? mcHostSecretVariables(io.env) : [])];
}

/**
 * The refresh engine of a resolved run: the method's one library call, timed for a credential server
 * (see {@link serverEngineTiming}); failures are reported on stderr, once each, without secrets.
 */
function runEngine(run: CredentialRun, client: StsClient, refresh: ServerRefresh, io: CliIo, redactor: Redactor, lastGood: () => TemporaryCredentials | undefined): RefreshEngine {
  const { durationSeconds } = run.request.params;
  const spec = STS_ACTIONS[run.request.action];
  return new RefreshEngine({
    ...serverEngineTiming(refresh),
    fetch: () => sendRequest(client, run.request),
    now: () => io.now().getTime(),
    context: { action: spec.name, endpoint: client.endpoint.origin },
    maxLifetimeMs: (typeof durationSeconds === 'number' ? durationSeconds : spec.durationLimits.max) * 1000,
    onRefresh: (creds) => {
      redactor.add(creds.secretAccessKey);
      redactor.add(creds.sessionToken);
    },
    onError: (error, info) => io.stderr.write(`sts-creds: ${redactor.line(describeFailedRefresh(describeError(error), info, lastGood()?.expiration))}\n`),
    onEvent: run.network.onEvent,
  });
}

/** `exec --server`: the command gets the endpoint, its token and the destination, and no keys. */
async function serveAndRun(run: CredentialRun, refresh: ServerRefresh, command: string[], kept: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const client = new StsClient({ ...(await connectionSettings(run.network)), ...run.request.clientCertificate });
  const now = (): number => io.now().getTime();
  // The engine reports the last good keys of the source built on it: a holder ties the two.
  const served: { source?: ReturnType<typeof servedCredentials> } = {};
  const engine = runEngine(run, client, refresh, io, redactor, () => served.source?.lastGood());
  const source = (served.source = servedCredentials(engine, now));
  try {
    const first = await engine.get().catch((error: unknown) => {
      throw atOrigin(error, run.originOf);
    });
    checkRefreshFits(refresh, first.expiration.getTime() - now());
    // The shared files would come before the server in the SDKs' chains: the command gets its own.
    const files = await writeServerSharedFiles(io.env, homedir());
    try {
      const server = await startCredentialServer({
        credentials: source.serve,
        onError: (error) => io.stderr.write(`sts-creds: exec --server: ${redactor.line(describeError(error))}\n`),
      });
      try {
        const vars: Array<[string, string]> = [
          ['AWS_CONTAINER_CREDENTIALS_FULL_URI', server.url],
          ['AWS_CONTAINER_AUTHORIZATION_TOKEN', server.token],
          ...files.vars,
          ...destinationVariables(outcomeDestination(run.output, { s3Endpoint: run.endpoints.s3 && new URL(run.endpoints.s3.value), region: client.region })),
          [EXEC_MARKER, '1'],
          [EXEC_MARKER_ENDPOINT, endpointVariable(client.endpoint)],
        ];
        return await runCommand(command, childEnvironment(io.env, vars, [...kept, ...SERVER_SCRUBBED_VARIABLES]), io);
      } finally {
        await server.close();
      }
    } finally {
      await files.remove();
    }
  } finally {
    engine.close();
    await client.destroy();
  }
}
