// Turning flag values into API values, and API values into table cells.
import { timestampDate, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";
import { JobState } from "@conveyor/client";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "yaml";
import { CliError, EXIT } from "../exit-codes.ts";

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "1.5s", "250ms", "30m", "2h", "7d" → the JSON mapping of a Duration ("90s"). */
export function durationJson(text: string, option: string): string {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new CliError(`${option}: "${text}" is not a duration (examples: 250ms, 90s, 30m, 2h, 7d)`, EXIT.usage);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  return `${Number(seconds.toFixed(9))}s`;
}

export function integer(text: string, option: string, min = 0): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new CliError(`${option}: "${text}" is not an integer ≥ ${min}`, EXIT.usage);
  return value;
}

export function decimal(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) throw new CliError(`${option}: "${text}" is not a number ≥ 0`, EXIT.usage);
  return value;
}

/** `key=value` pairs (repeated --label) → a map. */
export function labels(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new CliError(`--label: "${pair}" is not key=value`, EXIT.usage);
    map[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return map;
}

/** A JSON object given on the command line. */
export function jsonObject(text: string, option: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CliError(`${option} must be a JSON object`, EXIT.usage);
  return value as Record<string, unknown>;
}

/** A spec file, JSON or YAML (by extension; YAML also reads JSON), `-` for stdin. */
export function readSpecFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = extname(path) === ".json" ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new CliError(`${path} is not valid ${extname(path) === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`, EXIT.usage);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CliError(`${path} must hold an object`, EXIT.usage);
  return value as Record<string, unknown>;
}

/** Job states named as in the API ("DEAD" or "JOB_STATE_DEAD", any case). */
export function jobStates(names: string[] | undefined): JobState[] {
  return (names ?? []).flatMap((name) => name.split(",")).filter(Boolean).map((name) => {
    const key = name.trim().toUpperCase().replace(/^JOB_STATE_/, "");
    const value = (JobState as unknown as Record<string, number>)[key];
    if (value === undefined || value === 0) {
      const known = Object.keys(JobState).filter((k) => Number.isNaN(Number(k)) && k !== "UNSPECIFIED");
      throw new CliError(`--state: unknown state "${name}" (one of ${known.join(", ")})`, EXIT.usage);
    }
    return value as JobState;
  });
}

export function timestampArg(text: string, option: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new CliError(`${option}: "${text}" is not a date (RFC 3339, e.g. 2026-12-01T09:00:00Z)`, EXIT.usage);
  return date.toISOString();
}

export function when(timestamp: Timestamp | undefined): string {
  return timestamp ? timestampDate(timestamp).toISOString().replace(/\.\d{3}Z$/, "Z") : "";
}

export function seconds(duration: Duration | undefined): string {
  if (!duration) return "";
  return `${Number(duration.seconds) + duration.nanos / 1e9}s`;
}
