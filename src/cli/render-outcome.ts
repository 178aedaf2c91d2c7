import { destinationVariables, handoverNames, handoverVariables, type Destination } from '../format/handover-vars.js';
import { renderCredentialProcess, renderDotenv, renderIni, renderMc } from '../format/render-files.js';
import { renderJson } from '../format/render-json.js';
import { renderShellExports, renderShellUnset, type Shell } from '../format/render-shell.js';
import { renderListing, renderText, type TextStyle } from '../format/render-text.js';
import { UnrepresentableValueError } from '../format/shell-posix.js';
import type { CredentialOutcome, OutputSettings } from './invocation.js';
import { CliUsageError } from './errors.js';

/** Where the outcome's credentials are valid, as `env` and `exec` hand it over. Pure. */
export function outcomeDestination(output: OutputSettings, outcome: Pick<CredentialOutcome, 's3Endpoint' | 'region'>): Destination {
  return { endpoint: output.exportEndpoint ? outcome.s3Endpoint : undefined, region: outcome.region, mcAlias: output.mcAlias };
}

/** The S3 endpoint, which `--mc-alias` and `-o mc` need (checked before the STS call: see resolve-inputs). */
function s3EndpointOf(outcome: Pick<CredentialOutcome, 's3Endpoint'>): URL {
  if (!outcome.s3Endpoint) throw new CliUsageError('no S3 endpoint is known: give one with --s3-endpoint');
  return outcome.s3Endpoint;
}

/**
 * The variables `exec` gives its command: credentials and destination (see {@link handoverVariables}). Pure.
 * @throws {@link CliUsageError} when a value cannot be carried
 */
export function outcomeVariables(output: OutputSettings, outcome: CredentialOutcome): Array<[string, string]> {
  try {
    return handoverVariables(outcome.result, outcomeDestination(output, outcome), outcome.s3Endpoint);
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliUsageError(`cannot hand over the credentials: ${error.message}`);
    throw error;
  }
}

/**
 * What goes to stdout for a command's outcome, in the chosen format. Pure.
 * @param now - the local clock's time, for the time left
 * @param style - the label styles of stdout, asked only by the format that has colour (text): finding
 *   out whether stdout is a terminal loads node:tty, and colour loads chalk (src/cli/style.ts)
 * @throws {@link CliUsageError} when a value cannot be written in the format
 */
export function renderOutcome(output: OutputSettings, outcome: CredentialOutcome, now: Date, style: () => TextStyle): string {
  const { result, listing } = outcome;
  try {
    switch (output.format) {
      case 'env':
        return renderShellExports(output.shell, handoverVariables(result, outcomeDestination(output, outcome), outcome.s3Endpoint));
      case 'json':
        return renderJson(result, listing?.objects, listing?.cut);
      case 'credential-process':
        return renderCredentialProcess(result);
      case 'dotenv':
        return renderDotenv(result, destinationVariables(outcomeDestination(output, outcome)));
      case 'ini':
        return renderIni(result, output.iniSection);
      case 'mc':
        return renderMc(result, s3EndpointOf(outcome), output.mcName);
      case 'text': {
        // The time left is judged by the server's clock for a fresh answer (its Date and the expiration
        // come from the same clock); a cached answer's Date is as old as the cache entry.
        const from = outcome.fromCache ? now : (result.serverDate ?? now);
        let out = renderText(result, from, style(), output.header);
        if (listing) out += renderListing(listing.bucket, listing.objects, listing.cut);
        return out;
      }
    }
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliUsageError(`cannot write ${output.format} output: ${error.message}`);
    throw error;
  }
}

/**
 * `env --unset`: the lines that remove what `env` sets (with `mcAlias`, `MC_HOST_<alias>` too) in the given shell. Pure.
 * @throws {@link CliUsageError} for an unusable alias
 */
export function renderUnset(shell: Shell, mcAlias: string | undefined): string {
  try {
    return renderShellUnset(shell, handoverNames(mcAlias));
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliUsageError(`invalid --mc-alias: ${error.message}`);
    throw error;
  }
}
