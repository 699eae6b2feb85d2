import type { Command } from "commander";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";
import { report } from "../client-runtime.ts";
import { cliConfigPath, maskToken, readCliConfig, resolveConnection, type GlobalOptions, type Profile } from "../connection.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { details, makePrinter } from "../output.ts";

async function run(command: Command, work: (options: GlobalOptions) => void): Promise<never> {
  let status: number = EXIT.ok;
  try {
    work(command.optsWithGlobals<GlobalOptions>());
  } catch (error) {
    status = report(error);
  }
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(status);
}

export function show(command: Command): Promise<never> {
  return run(command, (options) => {
    const connection = resolveConnection(options);
    const shown = {
      url: connection.url,
      namespace: connection.namespace,
      token: maskToken(connection.token),
      profile: connection.profile ?? null,
      configFile: connection.configFile,
      sources: connection.sources,
    };
    makePrinter(options).value(shown, () =>
      details([
        ["url", `${connection.url}  (${connection.sources.url})`],
        ["namespace", `${connection.namespace}  (${connection.sources.namespace})`],
        ["token", `${maskToken(connection.token)}  (${connection.sources.token})`],
        ["profile", connection.profile ?? "(none)"],
        ["config file", connection.configFile],
      ]),
    );
  });
}

export function setProfile(command: Command, name: string, options: Record<string, string | boolean>): Promise<never> {
  return run(command, (globals) => {
    const path = cliConfigPath();
    const file = readCliConfig(path);
    const profile: Profile = { ...(file.profiles?.[name] ?? {}) };
    if (typeof options["url"] === "string") profile.url = options["url"];
    if (typeof options["namespace"] === "string") profile.namespace = options["namespace"];
    if (typeof options["tokenFile"] === "string") {
      profile["token-file"] = options["tokenFile"];
      delete profile.token;
    }
    if (typeof options["token"] === "string") {
      profile.token = options["token"];
      delete profile["token-file"];
    }
    file.profiles = { ...(file.profiles ?? {}), [name]: profile };
    if (options["use"]) file["current-profile"] = name;
    write(path, file);
    makePrinter(globals).value({ profile: name, configFile: path }, () => `profile ${name} saved in ${path}${options["use"] ? " (current)" : ""}`);
  });
}

export function useProfile(command: Command, name: string): Promise<never> {
  return run(command, (globals) => {
    const path = cliConfigPath();
    const file = readCliConfig(path);
    if (!file.profiles?.[name]) throw new CliError(`no profile "${name}" in ${path} (profiles: ${Object.keys(file.profiles ?? {}).join(", ") || "none"})`, EXIT.usage);
    file["current-profile"] = name;
    write(path, file);
    makePrinter(globals).value({ profile: name, configFile: path }, () => `using profile ${name}`);
  });
}

function write(path: string, file: object): void {
  mkdirSync(dirname(path), { recursive: true });
  // A profile may hold a token: only its owner may read the file.
  writeFileSync(path, stringify(file), { mode: 0o600 });
  chmodSync(path, 0o600);
}
