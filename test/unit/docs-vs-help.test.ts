/**
 * Help and docs/cli.md cannot drift (issue 22, item 5): every option of every command is in its
 * --help and in docs/cli.md, and every sts-creds flag docs/cli.md names is an option of some command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { REPO, runMain } from '../helpers/cli.js';

const io = { env: {}, stdout: { write: () => true, isTTY: false }, stderr: { write: () => true, isTTY: false } } as unknown as Parameters<typeof buildProgram>[0];
const program = buildProgram(io, '0.0.0', () => undefined);
const all = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(all)];
const path = (cmd: Command): string => (cmd.parent ? `${path(cmd.parent)} ${cmd.name()}` : cmd.name());
const docs = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8');

/** Each command's options as --help lists them (long flags), and every flag it accepts. */
function flagsOf(cmd: Command): { shown: string[]; accepted: string[] } {
  const help = cmd.createHelp();
  const shown = help.visibleOptions(cmd).map((o) => o.long ?? o.short ?? '');
  const accepted = cmd.options.map((o) => o.long ?? o.short ?? '');
  return { shown, accepted };
}

/** Flags docs/cli.md writes that belong to other programs (the AWS CLI, mc, shells) in its examples. */
const FOREIGN = new Set(['--no-install-recommends', '--json', '--user', '--no-color', '--format', '--version', '--env-file']);

describe('help and docs/cli.md', () => {
  const commands = all(program).filter((cmd) => cmd.name() !== 'help');

  it('every option a command accepts is shown in its --help (hidden aliases aside)', () => {
    for (const cmd of commands) {
      const { shown, accepted } = flagsOf(cmd);
      const hidden = new Set(cmd.options.filter((o) => o.hidden).map((o) => o.long));
      expect(accepted.filter((f) => !hidden.has(f) && !shown.includes(f)), path(cmd)).toEqual([]);
    }
  });

  it('env and exec --help show the options of their mode (--unset, --shell, --server, --refresh-before, ...)', async () => {
    const env = (await runMain(['env', '--help'])).stdout;
    const exec = (await runMain(['exec', '--help'])).stdout;
    for (const flag of ['--unset', '--shell <shell>', '--mc-alias <name>', '--no-export-endpoint', '--refresh']) expect(env, flag).toContain(`  ${flag} `);
    for (const flag of ['--server', '--refresh-before <duration>', '--mc-alias <name>', '--no-export-endpoint', '--refresh']) expect(exec, flag).toContain(`  ${flag} `);
    expect(exec).not.toContain('--unset');
  });

  it('every visible option of every command is in docs/cli.md', () => {
    const missing: string[] = [];
    for (const cmd of commands) for (const flag of flagsOf(cmd).shown) if (flag !== '--help' && !new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(docs)) missing.push(`${path(cmd)} ${flag}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every sts-creds flag docs/cli.md names is an option of some command', () => {
    const known = new Set(commands.flatMap((cmd) => cmd.options.flatMap((o) => [o.long, o.short, o.negate ? o.long?.replace(/^--no-/, '--') : undefined])));
    known.add('--help');
    const named = [...docs.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*)/g)].map((m) => m[1]!);
    expect([...new Set(named.filter((flag) => !known.has(flag) && !FOREIGN.has(flag)))]).toEqual([]);
  });
});
