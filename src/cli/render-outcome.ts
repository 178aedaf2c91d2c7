import { CREDENTIAL_VARIABLES, credentialVariables } from '../format/credential-vars.js';
import { renderCredentialProcess, renderDotenv, renderIni, renderMc } from '../format/render-files.js';
import { renderJson } from '../format/render-json.js';
import { renderShellExports, renderShellUnset, type Shell } from '../format/render-shell.js';
import { renderListing, renderText } from '../format/render-text.js';
import { UnrepresentableValueError } from '../format/shell-posix.js';
import type { CredentialOutcome } from './commands/obtain-credentials.js';
import { CliUsageError } from './errors.js';
import type { OutputFormat } from './options.js';
import { textStyle, type colourLevel } from './style.js';

/** How the outcome is written: `-o` (or `env` mode), and the settings of the formats that take any. */
export interface OutputSettings {
  format: OutputFormat;
  shell: Shell;
  /** `-o ini`'s section name (`--ini-section`). */
  iniSection: string;
  /** `-o mc`'s alias name (`--mc-name`). */
  mcName: string;
  /** A line printed before the text output (`-d`). */
  header: string | undefined;
}

/**
 * What goes to stdout for a command's outcome, in the chosen format. Pure.
 * @param now - the local clock's time, for the time left
 * @param colour - the colour level of stdout
 * @throws {@link CliUsageError} when a value cannot be written in the format
 */
export function renderOutcome(output: OutputSettings, outcome: CredentialOutcome, now: Date, colour: ReturnType<typeof colourLevel>): string {
  const { result, listing } = outcome;
  try {
    switch (output.format) {
      case 'env':
        return renderShellExports(output.shell, credentialVariables(result));
      case 'json':
        return renderJson(result, listing?.objects, listing?.cut);
      case 'credential-process':
        return renderCredentialProcess(result);
      case 'dotenv':
        return renderDotenv(result);
      case 'ini':
        return renderIni(result, output.iniSection);
      case 'mc':
        return renderMc(result, outcome.endpoint, output.mcName);
      case 'text': {
        // The time left is judged by the server's clock for a fresh answer (its Date and the expiration
        // come from the same clock); a cached answer's Date is as old as the cache entry.
        const from = outcome.fromCache ? now : (result.serverDate ?? now);
        let out = renderText(result, from, textStyle(colour), output.header);
        if (listing) out += renderListing(listing.bucket, listing.objects, listing.cut);
        return out;
      }
    }
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliUsageError(`cannot write ${output.format} output: ${error.message}`);
    throw error;
  }
}

/** `env --unset`: the lines that remove the credential variables in the given shell. Pure. */
export function renderUnset(shell: Shell): string {
  return renderShellUnset(shell, CREDENTIAL_VARIABLES);
}
