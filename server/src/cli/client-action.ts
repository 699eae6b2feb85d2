// Cheap to import: wraps an API command's action so that the client runtime (and the module with
// the action's body) load only when the command runs.
import { Option, type Command } from "commander";
import type { ActionContext } from "./client-runtime.ts";

/**
 * An action for commander: `(…arguments, options, command)`. `work` gets the context, the
 * positional arguments and the command's own options.
 */
export function clientAction<O = Record<string, unknown>>(
  work: (context: ActionContext, args: string[], options: O) => Promise<number | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = args.at(-2) as O;
    const positional = args.slice(0, -2) as string[];
    const { runClientAction } = await import("./client-runtime.ts");
    await runClientAction(command, (context) => work(context, positional, options));
  };
}

/** For repeatable options: `--label a=1 --label b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --output and --no-color, for every command that prints. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "json", "yaml"]).default("table"))
    .option("--no-color", "no colours (also off when NO_COLOR is set or stdout is not a terminal)");
}

/** Where to connect and as whom (flags over environment over profile), plus the output options. */
export function withConnectionOptions(command: Command): Command {
  command
    .option("--url <url>", "the server, e.g. http://127.0.0.1:50051 (env CONVEYOR_URL)")
    .option("--token <token>", "bearer token (env CONVEYOR_TOKEN)")
    .option("--token-file <path>", "file holding the bearer token (env CONVEYOR_TOKEN_FILE)")
    .option("-n, --namespace <namespace>", 'namespace (env CONVEYOR_NAMESPACE, default "default")')
    .option("--profile <name>", "profile of the CLI config file (env CONVEYOR_PROFILE)");
  return withOutputOptions(command);
}

/** A subcommand of `parent` that calls the API: it takes the connection and output options. */
export function apiCommand(parent: Command, nameAndArgs: string): Command {
  return withConnectionOptions(parent.command(nameAndArgs));
}
