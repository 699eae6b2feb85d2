import type { Command } from "commander";
import { apiCommand, withOutputOptions } from "../client-action.ts";

const actions = () => import("../actions/config-actions.ts");

/** The CLI's own settings: where it connects, as whom, from which source. */
export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("the CLI's connection settings and profiles");

  apiCommand(config, "show")
    .description("where the CLI connects and as whom, and where each setting comes from (token masked)")
    .action(async (_options: unknown, command: Command) => (await actions()).show(command));

  withOutputOptions(config.command("set-profile <name>"))
    .description("create or change a profile of the CLI config file")
    .option("--url <url>", "the server")
    .option("--token-file <path>", "a file holding the token (better than --token: the config file keeps no secret)")
    .option("--token <token>", "the token itself (stored in the config file, mode 600)")
    .option("--namespace <namespace>", "the namespace")
    .option("--use", "also make it the current profile")
    .action(async (name: string, options: Record<string, string | boolean>, command: Command) => (await actions()).setProfile(command, name, options));

  withOutputOptions(config.command("use-profile <name>"))
    .description("make a profile the current one")
    .action(async (name: string, _options: unknown, command: Command) => (await actions()).useProfile(command, name));
}
