/**
 * `sts-creds completion bash|zsh|fish`: a completion script generated from the program itself, so
 * every command, option and `-o`/`--shell` value the parser knows is completed, and nothing else.
 * Each shell gets the same small state machine over generated tables: find the command path in the
 * words so far, then offer the values of the option before the cursor, the options of the command
 * (for a word starting with `-`), or its subcommands. Pure.
 */
import type { Command } from 'commander';

/** The shells `completion` writes scripts for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

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
  if (!/^[\w.-]+$/.test(text)) throw new Error(`completion: ${JSON.stringify(text)} is not a plain word`);
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
    const subcommands = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    out.push({ path, subcommands: subcommands.map(word), options: options.map(word), choices });
    for (const sub of cmd.commands) for (const name of [sub.name(), ...sub.aliases()]) visit(sub, path ? `${path} ${name}` : name);
  };
  visit(program, '');
  return out;
}

/** Every `parent:child` step of the tree, for recognising command words. */
function steps(all: CompletionNode[]): string[] {
  return all.flatMap((n) => n.subcommands.map((s) => `${n.path}:${s}`));
}

function bash(all: CompletionNode[], valueFlags: readonly string[]): string {
  const caseLines = (pick: (n: CompletionNode) => string[] | undefined): string =>
    all.flatMap((n) => (pick(n)?.length ? [`    "${n.path}") words="${pick(n)!.join(' ')}" ;;`] : [])).join('\n');
  const choiceLines = all.flatMap((n) => [...n.choices].map(([flag, values]) => `    "${n.path}|${flag}") COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur")); return ;;`));
  return `# sts-creds completion for bash: eval "$(sts-creds completion bash)"
_sts_creds() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cpath="" words="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$cpath:$w" in
    ${steps(all).map((s) => `"${s}"`).join('|')}) cpath="\${cpath:+$cpath }$w" ;;
    esac
  done
  case "$cpath|$prev" in
${choiceLines.join('\n')}
  esac
  case "$prev" in
    ${valueFlags.map((f) => `"${word(f)}"`).join('|')}) COMPREPLY=(); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$cpath" in
${caseLines((n) => n.options)}
    esac
  else
    case "$cpath" in
${caseLines((n) => n.subcommands)}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _sts_creds sts-creds
`;
}

function zsh(all: CompletionNode[], valueFlags: readonly string[]): string {
  const caseLines = (pick: (n: CompletionNode) => string[]): string =>
    all.flatMap((n) => (pick(n).length ? [`      "${n.path}") compadd -- ${pick(n).join(' ')} ;;`] : [])).join('\n');
  const choiceLines = all.flatMap((n) => [...n.choices].map(([flag, values]) => `    "${n.path}|${flag}") compadd -- ${values.join(' ')}; return ;;`));
  return `#compdef sts-creds
# sts-creds completion for zsh: source <(sts-creds completion zsh), after compinit
_sts_creds() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" cpath="" w i
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    case "$cpath:$w" in
    (${steps(all).map((s) => `"${s}"`).join('|')}) cpath="\${cpath:+$cpath }$w" ;;
    esac
  done
  case "$cpath|$prev" in
${choiceLines.join('\n')}
  esac
  case "$prev" in
    (${valueFlags.map((f) => `"${word(f)}"`).join('|')}) _files; return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$cpath" in
${caseLines((n) => n.options)}
    esac
  else
    case "$cpath" in
${caseLines((n) => n.subcommands)}
    esac
  fi
}
compdef _sts_creds sts-creds
`;
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
  for w in $tokens[2..-1]
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
    case ${valueFlags.map((f) => `'${word(f)}'`).join(' ')}
      __fish_complete_path "$cur"; return
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
