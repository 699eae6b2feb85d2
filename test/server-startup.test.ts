// `conveyor serve` as a user starts it: a child process, judged by its exit code and what it prints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { useConveyor } from "./support/conveyor-harness.ts";
import { testEnv } from "./support/test-env.ts";

const { installation } = useConveyor();

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** The parent's environment without any CONVEYOR_ setting, plus `settings` (auth off unless they say otherwise). */
function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("CONVEYOR_")));
  return { ...env, CONVEYOR_PORT: "0", CONVEYOR_AUTO_MIGRATE: "false", CONVEYOR_AUTH_MODE: "off", ...settings };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

// Generous: on a busy 2-core machine a child Node process may take many seconds to load the server.
// Each limit is a bound on waiting for an event (an exit, a log line), never a sleep.
const CHILD_LIMIT_MS = 60_000;
const TEST_LIMIT_MS = CHILD_LIMIT_MS + 30_000;

/** Runs `node server/src/main.ts serve` until it exits; kills it and fails after `timeoutMs`. */
function serveUntilExit(settings: Record<string, string>, timeoutMs = CHILD_LIMIT_MS): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, ["server/src/main.ts", "serve"], { cwd: repoRoot, env: childEnv(settings) });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs}ms; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

// The children are independent: run them side by side.
describe.concurrent("conveyor serve", () => {
  it("exits non-zero when PostgreSQL is not reachable, saying so and how to start it", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain("PostgreSQL");
    expect(exit.stderr).toContain("127.0.0.1:1");
    expect(exit.stderr).toMatch(/Start PostgreSQL/);
    expect(exit.stderr).toContain("CONVEYOR_DATABASE_URL");
  });

  it("warns at start about a CONVEYOR_ variable it does not know, naming the nearest one", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_LEASE_TTL: "5000", CONVEYOR_URL: "http://127.0.0.1:1", CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.stdout).toContain("unknown setting CONVEYOR_LEASE_TTL is ignored; did you mean CONVEYOR_LEASE_TTL_MS?");
    // The clients' variable, often set in the same shell, is no typo.
    expect(exit.stdout).not.toContain("CONVEYOR_URL");
  });

  it("exits non-zero when RabbitMQ is not reachable, saying so and how to start it", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({
      CONVEYOR_DATABASE_URL: installation.databaseUrl,
      CONVEYOR_AMQP_URL: "amqp://guest:guest@127.0.0.1:1",
      CONVEYOR_AMQP_PREFIX: installation.amqpPrefix,
    });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("RabbitMQ");
    expect(exit.stderr).toContain("127.0.0.1:1");
    expect(exit.stderr).toMatch(/Start RabbitMQ/);
    expect(exit.stderr).toContain("CONVEYOR_AMQP_URL");
    expect(exit.stderr).not.toContain("unsettled top-level await");
  });

  it("exits with 2 on a bad setting, naming it and its variable, before connecting to anything", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_PORT: "http", CONVEYOR_DATABASE_URL: "mysql://root@127.0.0.1/conveyor" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("port (CONVEYOR_PORT)");
    expect(exit.stderr).toContain("databaseUrl (CONVEYOR_DATABASE_URL)");
  });

  it("serves with good settings, answers /healthz, and exits 0 on SIGTERM", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const child = spawn(process.execPath, ["server/src/main.ts", "serve"], {
      cwd: repoRoot,
      env: childEnv({
        CONVEYOR_DATABASE_URL: installation.databaseUrl,
        CONVEYOR_AMQP_URL: testEnv.amqpUrl,
        CONVEYOR_AMQP_PREFIX: installation.amqpPrefix,
        CONVEYOR_HOST: "127.0.0.1",
        CONVEYOR_LOG_LEVEL: "info",
        CONVEYOR_SHUTDOWN_GRACE_MS: "1000",
      }),
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      // The "listening" log line carries the URL (the port was 0: picked by the system).
      let log = "";
      child.stdout.on("data", (chunk: Buffer) => (log += chunk));
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => reject(new Error(`not listening after ${CHILD_LIMIT_MS} ms; stderr:\n${stderr}`)), CHILD_LIMIT_MS);
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk;
          const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"conveyor server listening"/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.on("close", (code) => reject(new Error(`exited with ${code} before listening; stderr:\n${stderr}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      // These settings have CONVEYOR_AUTH_MODE=off, which must never go unnoticed.
      expect(log).toMatch(/"level":40[^\n]*"msg":"authentication is OFF \(CONVEYOR_AUTH_MODE=off\)/);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});

// After the concurrent ones: more children at once on a loaded machine start too slowly.
describe("conveyor serve with authentication on", () => {
  it("exits with 2 when authentication is on (the default) but no key is configured, naming the variables", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_AUTH_MODE: "" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("authMode (CONVEYOR_AUTH_MODE): is jwt (the default) but no key is configured");
    expect(exit.stderr).toMatch(/CONVEYOR_AUTH_HS256_SECRET_FILE.*CONVEYOR_AUTH_JWKS_FILE or CONVEYOR_AUTH_JWKS_URL/);
  });

  it("exits with 2 when the configured key file cannot be read, before connecting to anything", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_AUTH_MODE: "jwt", CONVEYOR_AUTH_HS256_SECRET_FILE: "/nonexistent/dev-secret", CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("cannot read CONVEYOR_AUTH_HS256_SECRET_FILE /nonexistent/dev-secret");
    expect(exit.stderr).not.toContain("PostgreSQL");
  });
});

/** Runs `node server/src/main.ts <args>` with every module it loads listed on stderr. */
async function modulesLoadedBy(args: string[], settings: Record<string, string>): Promise<{ exit: Exit; loaded: string[] }> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "./test/support/module-load-log.ts", "server/src/main.ts", ...args], { cwd: repoRoot, env: childEnv(settings) });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exit = await new Promise<Exit>((resolve, reject) => {
    const timer = setTimeout(() => (child.kill("SIGKILL"), reject(new Error(`still running after ${CHILD_LIMIT_MS} ms`))), CHILD_LIMIT_MS);
    child.on("close", (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started })));
  });
  const loaded = stderr.split("\n").flatMap((line) => (line.startsWith("loaded ") ? [line.slice(7)] : []));
  return { exit, loaded };
}

/** What only `serve` needs: the server and its database, broker and tracing libraries. */
const SERVER_ONLY = [/server\/src\/conveyor-server\.ts$/, /server\/src\/store\/database\.ts$/, /@mikro-orm\//, /rabbitmq-client\//, /@opentelemetry\/sdk-/];

describe("conveyor subcommands", () => {
  it("token loads neither the server nor its database, broker and tracing libraries", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const { exit, loaded } = await modulesLoadedBy(["token", "--scope", "jobs:read"], { CONVEYOR_AUTH_MODE: "jwt", CONVEYOR_AUTH_HS256_SECRET: "a-development-secret-of-32-bytes!" });
    expect(exit.code, exit.stderr.split("\n").filter((l) => !l.startsWith("loaded ")).join("\n")).toBe(0);
    expect(exit.stdout).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(loaded.some((url) => url.endsWith("server/src/main.ts"))).toBe(true);
    expect(loaded.filter((url) => SERVER_ONLY.some((pattern) => pattern.test(url)))).toEqual([]);
  });

  it("serve with a bad setting exits with 2 before loading the server", { timeout: TEST_LIMIT_MS }, async ({ expect }) => {
    const { exit, loaded } = await modulesLoadedBy(["serve"], { CONVEYOR_PORT: "http" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("port (CONVEYOR_PORT)");
    expect(loaded.filter((url) => SERVER_ONLY.some((pattern) => pattern.test(url)))).toEqual([]);
  });
});
