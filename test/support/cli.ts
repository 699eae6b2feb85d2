// Runs the `conveyor` CLI as a user would: a child process (server/src/main.ts) with arguments and
// an environment of its own, its stdout and stderr collected. Asynchronous, so that a server in
// the test's own process keeps answering while the CLI runs.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const main = fileURLToPath(new URL("../../server/src/main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
  /** stdout parsed as YAML. */
  yaml<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** A CLI config file path of its own, so that no test reads the user's ~/.config/conveyor/cli.yaml. */
export function freshCliConfigPath(): string {
  return join(mkdtempSync(join(tmpdir(), "conveyor-cli-")), "cli.yaml");
}

/**
 * Runs `conveyor ...args`. The environment is PATH and HOME plus `env` only: no CONVEYOR_* of the
 * test runner leaks in.
 */
export function runCli(args: string[], options: CliOptions & { signal?: AbortSignal } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env["PATH"], HOME: process.env["HOME"] };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { cwd: repoRoot, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 << 20, signal: options.signal }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`not JSON (exit ${code}): ${stdout}\nstderr: ${stderr}`);
          }
        },
        yaml: <T>() => parse(stdout) as T,
      });
    });
  });
}
