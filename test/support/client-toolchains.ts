// Helpers for the suites that drive the generated clients of other languages (test/clients-*.test.ts)
// against a live server: toolchain detection, and running a process with a deadline.
//
// A suite skips, saying why, only when its toolchain is absent, as on a developer machine without
// the Debian packages. Under CI (CI=true, as .ci/run runs), which installs them first, a missing
// toolchain fails the suite instead, so that a broken install can never pass as "skipped".
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";

const NICE = "/usr/bin/nice";

export const inCI = ["true", "1"].includes((process.env["CI"] ?? "").toLowerCase());

export interface Requirement {
  /** An absolute path that must exist: a binary, a jar, a source directory. */
  path: string;
  /** The Debian package that provides it. */
  debianPackage: string;
}

export interface ToolchainCheck {
  /** Every requirement is present. */
  readonly available: boolean;
  /** Absent, and not under CI: the suite is skipped. */
  readonly skip: boolean;
  /** What is missing and how to install it. */
  readonly message: string;
  /** The suite name, with the reason when skipped (vitest shows it beside the skipped tests). */
  title(name: string): string;
  /** Throws the message when something is missing: call it in beforeAll, so that CI fails clearly. */
  assertAvailable(): void;
}

function exists(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

export function checkToolchain(language: string, requirements: Requirement[]): ToolchainCheck {
  const missing = requirements.filter((requirement) => !exists(requirement.path));
  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))];
  const available = missing.length === 0;
  const message = available
    ? `${language} toolchain present`
    : `${language} toolchain missing: ${missing.map((r) => `${r.path} (Debian package ${r.debianPackage})`).join(", ")}. ` +
      `Install with: apt-get install -y ${packages.join(" ")} (bash .ci/run installs every client toolchain)`;
  const skip = !available && !inCI;
  if (skip) console.warn(`skipping the ${language} client suite: ${message}`);
  return {
    available,
    skip,
    message,
    title: (name) => (skip ? `${name} [skipped: ${language} toolchain not installed]` : name),
    assertAvailable() {
      if (!available) throw new Error(inCI ? `${message} (CI=true: failing rather than skipping)` : message);
    },
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /**
   * Run at a lower CPU priority (nice 10). For compilers: a cold Go or Java build takes both cores
   * for tens of seconds, and the suites running beside it have timing-sensitive tests.
   */
  lowPriority?: boolean;
}

/** Runs a command to completion; kills it (and says so) when it outlives timeoutMs. Never rejects on a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const [file, argv] = options.lowPriority && existsSync(NICE) ? [NICE, ["-n", "10", command, ...args]] : [command, args];
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n[killed: ${command} ${args.join(" ")} ran longer than ${options.timeoutMs} ms]`;
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** A readable account of a finished process, for assertion messages. */
export function describeRun(what: string, result: RunResult): string {
  return `${what} exited with ${result.code ?? result.signal} after ${result.ms} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

export interface StartedProcess {
  /** Resolves with the first stdout line matching `pattern` (rejects after timeoutMs or when the process exits first). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves when the process exits, with everything it wrote. */
  readonly exited: Promise<RunResult>;
  kill(): void;
}

/** Starts a long-running process whose stdout the test follows line by line. */
export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): StartedProcess {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let stdout = "";
  let stderr = "";
  let partial = "";
  let done = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const parts = (partial + chunk).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<RunResult>((resolve) => {
    child.on("error", (error) => {
      stderr += `\n[could not run ${command}: ${error.message}]`;
    });
    child.on("close", (code, signal) => {
      done = true;
      if (partial) lines.push(partial);
      for (const listener of [...listeners]) listener();
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
  return {
    lines,
    exited,
    kill: () => {
      if (!done) child.kill("SIGKILL");
    },
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((candidate) => pattern.test(candidate));
          if (line !== undefined) finish(() => resolve(line));
          else if (done) finish(() => reject(new Error(`${command} exited without printing a line matching ${pattern}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no line matching ${pattern} from ${command} within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
