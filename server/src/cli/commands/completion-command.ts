import type { Command } from "commander";

/** `conveyor completion bash|zsh|fish`: a completion script made from the command tree itself. */
export function registerCompletionCommand(program: Command): void {
  program
    .command("completion <shell>")
    .description("print a shell completion script: bash, zsh or fish (e.g. conveyor completion bash > ~/.local/share/bash-completion/completions/conveyor)")
    .action(async (shell: string) => {
      const { completionScript } = await import("../completion-script.ts");
      process.stdout.write(completionScript(program, shell));
    });
}
