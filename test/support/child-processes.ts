// Child processes for the crash tests: Conveyor servers (`node server/src/main.ts serve`) and SDK
// workers (child-worker.ts). Every child is killed after each test and at the end of the file,
// whatever happened, so that no run leaves processes behind.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach } from "vitest";
import { envName, type ConfigInput } from "../../server/src/config/config.ts";
import type { TestInstallation } from "./conveyor-harness.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const childWorkerScript = fileURLToPath(new URL("./child-worker.ts", import.meta.url));
const serverMain = fileURLToPath(new URL("../../server/src/main.ts", import.meta.url));

const alive = new Set<ChildProcess>();

function killAll(): void {
  for (const child of alive) child.kill("SIGKILL");
}

// Last resort: a test runner that dies must not leave children behind either.
process.once("exit", killAll);

export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** Every stdout line so far, parsed as JSON when it is JSON. */
  readonly lines: unknown[];
  /** Resolves with the first line (past or future) that `match` accepts; rejects on exit or after timeoutMs. */
  waitForLine<T = Record<string, unknown>>(match: (line: T) => boolean, timeoutMs?: number, what?: string): Promise<T>;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  kill(signal: NodeJS.Signals): void;
  /** What it wrote on stderr, for failure messages. */
  stderr(): string;
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  alive.add(child);
  const lines: unknown[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let buffer = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      lines.push(parsed);
    }
    for (const wake of [...waiters]) wake();
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  let exitedWith: number | NodeJS.Signals | null | undefined;
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once("exit", (code, signal) => {
      alive.delete(child);
      exitedWith = signal ?? code;
      resolve(exitedWith);
      for (const wake of [...waiters]) wake();
    });
  });
  return {
    pid: child.pid!,
    process: child,
    lines,
    exited,
    stderr: () => stderr,
    kill: (signal) => {
      child.kill(signal);
    },
    waitForLine<T>(match: (line: T) => boolean, timeoutMs = 15_000, what = "a line"): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let checked = 0;
        const check = () => {
          for (; checked < lines.length; checked++) {
            const line = lines[checked] as T;
            if (typeof line === "object" && line !== null && match(line)) return finish(() => resolve(line));
          }
          if (exitedWith !== undefined) {
            finish(() => reject(new Error(`child ${child.pid} exited (${exitedWith}) before ${what}; stderr:\n${stderr}`)));
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`child ${child.pid}: no ${what} within ${timeoutMs}ms; stderr:\n${stderr}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Kills this file's children after each test and at its end. Call once at the top of a test file. */
export function useChildProcesses(): void {
  const reap = async () => {
    const children = [...alive];
    killAll();
    await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => child.once("exit", r)))));
  };
  afterEach(reap);
  afterAll(reap);
}

/** A port nobody listens on right now (for a child server: CONVEYOR_PORT=0 would hide the port it picked). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ChildServer extends Child {
  url: string;
}

/**
 * Runs `node server/src/main.ts serve` on the installation, configured through CONVEYOR_*
 * variables, and resolves once it listens.
 */
/** Starts a server process; on `overrides.port` when given (a restart on the same address), else on a free port. */
export async function startChildServer(installation: TestInstallation, overrides: ConfigInput = {}): Promise<ChildServer> {
  const port = overrides.port || (await freePort());
  const config = installation.config({ ...overrides, port, logLevel: "info" });
  const env: NodeJS.ProcessEnv = { PATH: process.env["PATH"] };
  for (const [field, value] of Object.entries(config)) if (value !== undefined) env[envName(field)] = toEnvValue(value);
  const child = spawnChild([serverMain, "serve"], env);
  // Generous: a process that loads and type-strips the whole server takes many seconds on a loaded 2-core machine.
  await child.waitForLine<{ msg?: string }>((line) => line.msg === "conveyor server listening", 60_000, "the 'listening' log line");
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/** A parsed setting as its environment variable spells it: lists comma-separated, objects as JSON. */
function toEnvValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

export interface ChildWorkerOptions {
  url: string;
  queues: string[];
  types: string[];
  /** block: the handler never returns; record: it inserts (job_id, attempt, worker_id) into `executions`. */
  mode: "block" | "record";
  concurrency?: number;
  workerId: string;
  /** For mode "record". */
  databaseUrl?: string;
}

/**
 * Runs an SDK worker in a child process (child-worker.ts). Its stdout says
 * {"event":"connection","state":"connected"} and {"event":"started","jobId":...,"attempt":...}.
 */
export async function startChildWorker(options: ChildWorkerOptions): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    CONVEYOR_TEST_LOG_LEVEL: process.env["CONVEYOR_TEST_LOG_LEVEL"],
    TEST_WORKER_URL: options.url,
    TEST_WORKER_QUEUES: options.queues.join(","),
    TEST_WORKER_TYPES: options.types.join(","),
    TEST_WORKER_MODE: options.mode,
    TEST_WORKER_CONCURRENCY: String(options.concurrency ?? 1),
    TEST_WORKER_ID: options.workerId,
    TEST_WORKER_DATABASE_URL: options.databaseUrl ?? "",
  };
  const child = spawnChild([childWorkerScript], env);
  await child.waitForLine<{ event?: string; state?: string }>(
    (line) => line.event === "connection" && line.state === "connected",
    60_000,
    "the worker's 'connected' line",
  );
  return child;
}
