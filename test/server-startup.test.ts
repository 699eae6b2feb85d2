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

/** Runs `node server/src/main.ts serve` until it exits; kills it and fails after `timeoutMs`. */
function serveUntilExit(settings: Record<string, string>, timeoutMs = 15_000): Promise<Exit> {
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
  it("exits non-zero when PostgreSQL is not reachable, saying so and how to start it", { timeout: 20_000 }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain("PostgreSQL");
    expect(exit.stderr).toContain("127.0.0.1:1");
    expect(exit.stderr).toMatch(/Start PostgreSQL/);
    expect(exit.stderr).toContain("CONVEYOR_DATABASE_URL");
  });

  it("warns at start about a CONVEYOR_ variable it does not know, naming the nearest one", { timeout: 20_000 }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_LEASE_TTL: "5000", CONVEYOR_URL: "http://127.0.0.1:1", CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.stdout).toContain("unknown setting CONVEYOR_LEASE_TTL is ignored; did you mean CONVEYOR_LEASE_TTL_MS?");
    // The clients' variable, often set in the same shell, is no typo.
    expect(exit.stdout).not.toContain("CONVEYOR_URL");
  });

  it("exits non-zero when RabbitMQ is not reachable, saying so and how to start it", { timeout: 20_000 }, async ({ expect }) => {
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

  it("exits with 2 on a bad setting, naming it and its variable, before connecting to anything", async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_PORT: "http", CONVEYOR_DATABASE_URL: "mysql://root@127.0.0.1/conveyor" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("port (CONVEYOR_PORT)");
    expect(exit.stderr).toContain("databaseUrl (CONVEYOR_DATABASE_URL)");
  });

  it("serves with good settings, answers /healthz, and exits 0 on SIGTERM", { timeout: 20_000 }, async ({ expect }) => {
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
        const timer = setTimeout(() => reject(new Error(`not listening after 15s; stderr:\n${stderr}`)), 15_000);
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
  it("exits with 2 when authentication is on (the default) but no key is configured, naming the variables", { timeout: 20_000 }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_AUTH_MODE: "" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("authMode (CONVEYOR_AUTH_MODE): is jwt (the default) but no key is configured");
    expect(exit.stderr).toMatch(/CONVEYOR_AUTH_HS256_SECRET_FILE.*CONVEYOR_AUTH_JWKS_FILE or CONVEYOR_AUTH_JWKS_URL/);
  });

  it("exits with 2 when the configured key file cannot be read, before connecting to anything", { timeout: 20_000 }, async ({ expect }) => {
    const exit = await serveUntilExit({ CONVEYOR_AUTH_MODE: "jwt", CONVEYOR_AUTH_HS256_SECRET_FILE: "/nonexistent/dev-secret", CONVEYOR_DATABASE_URL: "postgres://postgres@127.0.0.1:1/conveyor" });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("cannot read CONVEYOR_AUTH_HS256_SECRET_FILE /nonexistent/dev-secret");
    expect(exit.stderr).not.toContain("PostgreSQL");
  });
});
