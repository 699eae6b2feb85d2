import type { Command } from "commander";

/** `conveyor completion bash|zsh|fish`: a completion script made from the command tree itself. */
export function registerCompletionCommand(program: Command): void {
  program
    .command("completion <shell>")
    .description("print a shell completion script: bash, zsh or fish (e.g. conveyor completion bash > ~/.local/share/bash-completion/completions/conveyor)")
    .action(async (shell: string) => {
      const { completionScript } = await import("../completion-script.ts");
      const { CliError } = await import("../exit-codes.ts");
      try {
        process.stdout.write(completionScript(program, shell));
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        process.stderr.write(`conveyor: ${error.message}\n`);
        process.exit(error.exitCode);
      }
    });
}
