import { Command } from "commander";
import { commandGroups } from "./command-groups.ts";
import { EXIT } from "./exit-codes.ts";

/**
 * The `conveyor` program with every registered group. Connection and output options belong to the
 * commands that use them (withConnectionOptions), not to the program: a program-level --namespace
 * would swallow `conveyor token --namespace`.
 */
export function makeProgram(): Command {
  const program = new Command()
    .name("conveyor")
    .description("Conveyor: a distributed job service (gRPC, PostgreSQL, RabbitMQ).")
    .showHelpAfterError("(add --help for usage)")
    .showSuggestionAfterError();
  // Usage errors (unknown command or option, bad or missing value) exit with status 2, like other
  // CLIs; help exits 0. Subcommands made after this inherit it, and the help and suggestion output.
  program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.usage));
  for (const register of commandGroups) register(program);
  return program;
}
