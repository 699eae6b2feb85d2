// Where the CLI connects and as whom: each setting from the first of flag, environment, profile
// (of the CLI config file), default. `conveyor config show` prints the result and each source.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { CliError, EXIT } from "./exit-codes.ts";

/** Environment variables the CLI reads (the worker SDK reads CONVEYOR_URL and the token ones too). */
export const CLI_ENVIRONMENT = ["CONVEYOR_URL", "CONVEYOR_TOKEN", "CONVEYOR_TOKEN_FILE", "CONVEYOR_NAMESPACE", "CONVEYOR_PROFILE", "CONVEYOR_CLI_CONFIG"] as const;

export const DEFAULT_URL = "http://127.0.0.1:50051";

/** The global options every command inherits (see program.ts). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  tokenFile?: string;
  namespace?: string;
  profile?: string;
  output: "table" | "json" | "yaml";
  color: boolean;
}

/** One profile of the CLI config file. */
export interface Profile {
  url?: string;
  token?: string;
  "token-file"?: string;
  namespace?: string;
}

/** The CLI config file: named profiles and the one used when none is named. */
export interface CliConfigFile {
  "current-profile"?: string;
  profiles?: Record<string, Profile>;
}

export type Source = "flag" | "env" | "profile" | "default";

export interface Connection {
  url: string;
  namespace: string;
  /** The token itself (read from its file when given as a file), or undefined: calls go without one. */
  token: string | undefined;
  /** Where each setting came from, e.g. url: "env CONVEYOR_URL". */
  sources: { url: string; namespace: string; token: string };
  /** The profile in use, if any, and the file it came from. */
  profile: string | undefined;
  configFile: string;
}

/** `$CONVEYOR_CLI_CONFIG`, else `$XDG_CONFIG_HOME/conveyor/cli.yaml` (`~/.config/conveyor/cli.yaml`). */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env["CONVEYOR_CLI_CONFIG"]) return env["CONVEYOR_CLI_CONFIG"];
  return join(env["XDG_CONFIG_HOME"] || join(homedir(), ".config"), "conveyor", "cli.yaml");
}

export function readCliConfig(path: string): CliConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`cannot read the CLI config file ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  let parsed: unknown;
  try {
    parsed = parse(text) ?? {};
  } catch (error) {
    throw new CliError(`the CLI config file ${path} is not valid YAML: ${(error as Error).message}`, EXIT.usage);
  }
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new CliError(`the CLI config file ${path} must hold a mapping`, EXIT.usage);
  return parsed as CliConfigFile;
}

export function resolveConnection(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Connection {
  const configFile = cliConfigPath(env);
  const file = readCliConfig(configFile);
  const named = options.profile ?? nonEmpty(env["CONVEYOR_PROFILE"]);
  const profileName = named ?? file["current-profile"];
  let profile: Profile = {};
  if (profileName !== undefined) {
    const found = file.profiles?.[profileName];
    if (!found && named !== undefined) {
      const known = Object.keys(file.profiles ?? {});
      throw new CliError(`no profile "${profileName}" in ${configFile}${known.length ? ` (profiles: ${known.join(", ")})` : ""}`, EXIT.usage);
    }
    profile = found ?? {};
  }
  const fromProfile = (what: string) => `profile ${profileName} (${configFile})${what ? ` ${what}` : ""}`;

  const pick = (flag: string | undefined, envName: string, profileValue: string | undefined, fallback: string) => {
    if (flag !== undefined) return { value: flag, source: "flag" };
    const fromEnv = nonEmpty(env[envName]);
    if (fromEnv !== undefined) return { value: fromEnv, source: `env ${envName}` };
    if (profileValue !== undefined) return { value: profileValue, source: fromProfile("") };
    return { value: fallback, source: "default" };
  };
  const url = pick(options.url, "CONVEYOR_URL", profile.url, DEFAULT_URL);
  const namespace = pick(options.namespace, "CONVEYOR_NAMESPACE", profile.namespace, "default");
  if (!/^https?:\/\/[^/]/.test(url.value)) throw new CliError(`the server URL must start with http:// or https://, got "${url.value}" (from ${url.source})`, EXIT.usage);

  // The token: a value beats a file at the same level; a higher level beats both.
  const tokenLevels: Array<[string | undefined, string | undefined, string, string]> = [
    [options.token, options.tokenFile, "flag --token", "flag --token-file"],
    [nonEmpty(env["CONVEYOR_TOKEN"]), nonEmpty(env["CONVEYOR_TOKEN_FILE"]), "env CONVEYOR_TOKEN", "env CONVEYOR_TOKEN_FILE"],
    [profile.token, profile["token-file"], fromProfile("token"), fromProfile("token-file")],
  ];
  let token: string | undefined;
  let tokenSource = "none";
  for (const [value, path, valueSource, pathSource] of tokenLevels) {
    if (value !== undefined) {
      token = value.trim();
      tokenSource = valueSource;
      break;
    }
    if (path !== undefined) {
      token = readTokenFile(expandHome(path), pathSource);
      tokenSource = `${pathSource} ${path}`;
      break;
    }
  }
  return {
    url: url.value.replace(/\/+$/, ""),
    namespace: namespace.value,
    token,
    sources: { url: url.source, namespace: namespace.source, token: tokenSource },
    profile: profileName,
    configFile,
  };
}

function readTokenFile(path: string, source: string): string {
  try {
    const token = readFileSync(path, "utf8").trim();
    if (!token) throw new CliError(`the token file ${path} (${source}) is empty`, EXIT.usage);
    return token;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the token file ${path} (${source}): ${(error as Error).message}`, EXIT.usage);
  }
}

/** "eyJh…(312 chars)": enough to tell tokens apart, never enough to use one. */
export function maskToken(token: string | undefined): string {
  if (token === undefined) return "(none)";
  return `${token.slice(0, 4)}…(${token.length} chars)`;
}

function expandHome(path: string): string {
  return path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
