/**
 * `sts-creds completion bash|zsh|fish`: a completion script generated from the program itself, so
 * every command, option and `-o`/`--shell` value the parser knows is completed, and nothing else.
 * Each shell gets the same small state machine over generated tables: find the command path in the
 * words so far, then offer the values of the option before the cursor, the options of the command
 * (for a word starting with `-`), or its subcommands. Pure.
 */
import type { Command } from 'commander';
import { quoteText } from '../text/quote-text.js';

/** The shells `completion` writes scripts for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * What `sts-creds __complete KIND` lists for the scripts: the names after `--profile`, `--alias`, and
 * `--keyring` (and `keyring remove`). Only a Tab in one of those places runs it.
 */
export const NAME_KINDS = ['profile', 'alias', 'keyring'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

/** One command of the tree, as completion sees it. */
interface CompletionNode {
  /** Command words from the top, e.g. `env assume-role`; empty at the top. */
  path: string;
  subcommands: string[];
  options: string[];
  /** Option flag (`-o`, `--output`) to the values it accepts. */
  choices: Map<string, readonly string[]>;
}

function word(text: string): string {
  // Names and values are generated from our own tables; anything else would need quoting in three shells.
  if (!/^[\w.-]+$/.test(text)) throw new Error(`completion: ${quoteText(text)} is not a plain word`);
  return text;
}

/** The command tree as completion tables. */
function nodes(program: Command): CompletionNode[] {
  const out: CompletionNode[] = [];
  const visit = (cmd: Command, path: string): void => {
    const choices = new Map<string, readonly string[]>();
    const options: string[] = [];
    // `env` and `exec` pass their options to their default method when none is named: offer those too.
    const defaultName = (cmd as unknown as { _defaultCommandName?: string | null })._defaultCommandName;
    const fallback = defaultName ? cmd.commands.find((c) => c.name() === defaultName) : undefined;
    for (const option of [...cmd.options, ...(fallback?.options ?? [])]) {
      if (option.hidden) continue;
      const flags = [option.short, option.long].filter((f): f is string => Boolean(f));
      options.push(...flags);
      if (option.argChoices) for (const flag of flags) choices.set(flag, option.argChoices.map(word));
    }
    options.push('--help');
    // Hidden commands (`__complete`, which the scripts themselves call) are not offered.
    const shown = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    const subcommands = shown.flatMap((c) => [c.name(), ...c.aliases()]);
    out.push({ path, subcommands: subcommands.map(word), options: options.map(word), choices });
    for (const sub of shown) for (const name of [sub.name(), ...sub.aliases()]) visit(sub, path ? `${path} ${name}` : name);
  };
  visit(program, '');
  return out;
}

/** Every `parent:child` step of the tree, for recognising command words. */
function steps(all: CompletionNode[]): string[] {
  return all.flatMap((n) => n.subcommands.map((s) => `${n.path}:${s}`));
}

/** How bash and zsh differ in the one function body they share. */
interface KshDialect {
  /** The words array and the index of the word under the cursor. */
  words: string;
  cursor: string;
  /** Index of the first word after the command name. */
  first: number;
  /** The statement that offers `values` (plain words). */
  offer(values: readonly string[]): string;
  /** The statement for a free value (a file name). */
  free: string;
  /** The statement that offers the names `sts-creds __complete KIND` prints. */
  names(kind: NameKind): string;
  /** The statements that hand completion to the shell's own for the command after `exec ... --` (at index `$dd`). */
  delegate: string;
}

function kshFunction(all: CompletionNode[], valueFlags: readonly string[], d: KshDialect): string {
  const table = (pick: (n: CompletionNode) => string[]): string =>
    all.flatMap((n) => (pick(n).length ? [`      "${n.path}") ${d.offer(pick(n))} ;;`] : [])).join('\n');
  const choiceLines = all.flatMap((n) => [...n.choices].map(([flag, values]) => `    "${n.path}|${flag}") ${d.offer(values)}; return ;;`));
  return `_sts_creds() {
  local cur="\${${d.words}[${d.cursor}]}" prev="\${${d.words}[${d.cursor}-1]}" cpath="" w i dd=""
  for ((i = ${d.first}; i < ${d.cursor}; i++)); do
    w="\${${d.words}[i]}"
    # After exec's \`--\` the words are the command's: its own completion takes over.
    if [[ "$w" == -- && "$cpath" == exec* ]]; then dd=$i; break; fi
    case "$cpath:$w" in
    (${steps(all).map((s) => `"${s}"`).join('|')}) cpath="\${cpath:+$cpath }$w" ;;
    esac
  done
  case "$cpath|$prev" in
${choiceLines.join('\n')}
  esac
  if [[ -n "$dd" ]]; then
${d.delegate}
  fi
  case "$prev" in
    ("--profile") ${d.names('profile')}; return ;;
    ("--alias") ${d.names('alias')}; return ;;
    ("--keyring") ${d.names('keyring')}; return ;;
    (${valueFlags.map((f) => `"${word(f)}"`).join('|')}) ${d.free}; return ;;
  esac
  if [[ "$cur" != -* && "$cpath" == "keyring remove" && "$prev" == remove ]]; then ${d.names('keyring')}; return; fi
  if [[ "$cur" == -* ]]; then
    case "$cpath" in
${table((n) => n.options)}
    esac
  else
    case "$cpath" in
${table((n) => n.subcommands)}
    esac
  fi
}`;
}

function bash(all: CompletionNode[], valueFlags: readonly string[]): string {
  const body = kshFunction(all, valueFlags, {
    words: 'COMP_WORDS',
    cursor: 'COMP_CWORD',
    first: 1,
    offer: (values) => `COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur"))`,
    free: 'COMPREPLY=()',
    names: (kind) => `COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" __complete ${kind} 2>/dev/null)" -- "$cur"))`,
    // bash-completion's _command_offset when loaded; else the command's own \`complete -F\` function, command names, or files.
    delegate: `    if declare -F _command_offset >/dev/null; then _command_offset $((dd + 1)); return; fi
    if ((COMP_CWORD == dd + 1)); then COMPREPLY=($(compgen -c -- "$cur")); return; fi
    local cmd="\${COMP_WORDS[dd+1]}" spec re='-F ([^ ]+)'
    spec=$(complete -p -- "$cmd" 2>/dev/null)
    if [[ "$spec" =~ $re ]]; then
      COMP_WORDS=("\${COMP_WORDS[@]:dd+1}")
      COMP_CWORD=$((COMP_CWORD - dd - 1))
      "\${BASH_REMATCH[1]}" "$cmd" "$cur" "\${COMP_WORDS[COMP_CWORD-1]}"
      return
    fi
    COMPREPLY=($(compgen -f -- "$cur")); return`,
  });
  return `# sts-creds completion for bash: eval "$(sts-creds completion bash)"\n${body}\ncomplete -o default -F _sts_creds sts-creds\n`;
}

function zsh(all: CompletionNode[], valueFlags: readonly string[]): string {
  const body = kshFunction(all, valueFlags, {
    words: 'words',
    cursor: 'CURRENT',
    first: 2,
    offer: (values) => `compadd -- ${values.join(' ')}`,
    free: '_files',
    names: (kind) => `compadd -- \${(f)"$(\${words[1]} __complete ${kind} 2>/dev/null)"}`,
    delegate: '    shift $dd words; ((CURRENT -= dd)); _normal; return',
  });
  return `#compdef sts-creds\n# sts-creds completion for zsh: source <(sts-creds completion zsh), after compinit\n${body}\ncompdef _sts_creds sts-creds\n`;
}

function fish(all: CompletionNode[], valueFlags: readonly string[]): string {
  const caseLines = (pick: (n: CompletionNode) => string[]): string =>
    all.flatMap((n) => (pick(n).length ? [`      case '${n.path}'\n        printf '%s\\n' ${pick(n).join(' ')}`] : [])).join('\n');
  const choiceLines = all.flatMap((n) => [...n.choices].map(([flag, values]) => `    case '${n.path}|${flag}'\n      printf '%s\\n' ${values.join(' ')}; return`));
  return `# sts-creds completion for fish: sts-creds completion fish | source
function __sts_creds_complete
  set -l tokens (commandline -opc)
  set -l cur (commandline -ct)
  set -l cpath ''
  set -l i 1
  for w in $tokens[2..-1]
    set i (math $i + 1)
    # After exec's \`--\` the words are the command's: fish's own completion of that command line.
    if test "$w" = '--'; and string match -q 'exec*' -- "$cpath"
      complete -C (string join ' ' -- (string escape -- $tokens[(math $i + 1)..-1]) "$cur")
      return
    end
    switch "$cpath:$w"
      case ${steps(all).map((s) => `'${s}'`).join(' ')}
        set cpath (string trim -- "$cpath $w")
    end
  end
  set -l prev $tokens[-1]
  switch "$cpath|$prev"
${choiceLines.join('\n')}
  end
  switch "$prev"
    case --profile
      $tokens[1] __complete profile 2>/dev/null; return
    case --alias
      $tokens[1] __complete alias 2>/dev/null; return
    case --keyring
      $tokens[1] __complete keyring 2>/dev/null; return
    case ${valueFlags.map((f) => `'${word(f)}'`).join(' ')}
      __fish_complete_path "$cur"; return
  end
  if test "$cpath" = 'keyring remove' -a "$prev" = remove; and not string match -q -- '-*' "$cur"
    $tokens[1] __complete keyring 2>/dev/null; return
  end
  if string match -q -- '-*' "$cur"
    switch "$cpath"
${caseLines((n) => n.options)}
    end
  else
    switch "$cpath"
${caseLines((n) => n.subcommands)}
    end
  end
end
complete -c sts-creds -f -a '(__sts_creds_complete)'
`;
}

/**
 * The completion script of `program` for `shell`.
 * @param valueFlags - the flags whose value is free text or a file (completed as file names)
 */
export function renderCompletion(shell: CompletionShell, program: Command, valueFlags: readonly string[]): string {
  const all = nodes(program);
  const free = valueFlags.filter((f) => !all.some((n) => n.choices.has(f)));
  return { bash, zsh, fish }[shell](all, free);
}
