// Shell completion scripts, written from commander's command tree so that they list exactly the
// commands and options that exist. They complete command names and option names; values are left
// to the shell's default (files).
import type { Command } from "commander";
import { CliError, EXIT } from "./exit-codes.ts";

interface Node {
  path: string[];
  subcommands: string[];
  options: string[];
}

function walk(command: Command, path: string[] = []): Node[] {
  const options = [...command.options.flatMap((o) => [o.long, o.short].filter((x): x is string => !!x)), "--help"];
  const node = { path, subcommands: command.commands.map((c) => c.name()), options };
  return [node, ...command.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

export function completionScript(program: Command, shell: string): string {
  const nodes = walk(program);
  const globals = nodes[0]!.options;
  if (shell === "bash") return bash(nodes, globals);
  if (shell === "zsh") return `#compdef conveyor\nautoload -U +X bashcompinit && bashcompinit\n${bash(nodes, globals)}`;
  if (shell === "fish") return fish(nodes, globals);
  throw new CliError(`completion: unknown shell "${shell}" (bash, zsh or fish)`, EXIT.usage);
}

function bash(nodes: Node[], globals: string[]): string {
  const cases = nodes
    .map((n) => `    "${n.path.join(" ")}") words="${[...n.subcommands, ...n.options, ...(n.path.length ? globals : [])].join(" ")}" ;;`)
    .join("\n");
  return `# conveyor completion for bash (and zsh through bashcompinit)
_conveyor() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word words i
  # The command path so far: the words before the cursor that are not options.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "\${path:+$path }$word" in
${nodes.filter((n) => n.path.length).map((n) => `      "${n.path.join(" ")}") path="${n.path.join(" ")}" ;;`).join("\n")}
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _conveyor conveyor
`;
}

function fish(nodes: Node[], globals: string[]): string {
  const lines = ["# conveyor completion for fish", "complete -c conveyor -f"];
  for (const option of globals) if (option.startsWith("--")) lines.push(`complete -c conveyor -l ${option.slice(2)}`);
  for (const node of nodes) {
    const condition = node.path.length === 0 ? "__fish_use_subcommand" : `__fish_seen_subcommand_from ${node.path.at(-1)}`;
    for (const sub of node.subcommands) lines.push(`complete -c conveyor -n '${condition}' -a ${sub}`);
    if (node.path.length) for (const option of node.options) if (option.startsWith("--")) lines.push(`complete -c conveyor -n '${condition}' -l ${option.slice(2)}`);
  }
  return lines.join("\n") + "\n";
}
