import { randomBytes } from "node:crypto";
import { createConveyorClient } from "@conveyor/client";
import { expect } from "vitest";
import { mintDevelopmentToken } from "../../server/src/auth/index.ts";
import type { ConveyorServer } from "../../server/src/conveyor-server.ts";
import { describeRun, type StartedProcess } from "./client-toolchains.ts";
import type { TestInstallation } from "./conveyor-harness.ts";

export interface ServerWithAuth {
  server: ConveyorServer;
  /** A token for the `default` namespace, as `npm run -s token -- --scope "<scopes>"` mints one. */
  token(scopes: string): Promise<string>;
}

/**
 * Starts another server of the installation with authentication on, as a server runs by default
 * (CONVEYOR_AUTH_MODE=jwt) and the suites' own servers do not: for checking that a client's example
 * sends the token a user gives it. It verifies HS256 development tokens with a secret of its own.
 */
export async function startServerWithAuth(installation: TestInstallation): Promise<ServerWithAuth> {
  const secret = randomBytes(32).toString("base64url");
  const server = await installation.startServer({ authMode: "jwt", authHs256Secret: secret });
  return {
    server,
    token: (scopes) =>
      mintDevelopmentToken(new TextEncoder().encode(secret), { scopes: scopes.split(" "), namespaces: ["default"], ttl: "10m", subject: "example" }),
  };
}

/**
 * Runs a client's submit-and-watch example, started by `start` with a token in CONVEYOR_TOKEN,
 * against the server with authentication on: it must submit, print READY, and end at CANCELLED
 * once the test cancels its job, so every call it made, the watch stream included, carried the
 * token. `states` are the example's names for READY and CANCELLED.
 */
export async function expectExampleToWatchWithToken(
  secured: ServerWithAuth,
  start: (token: string) => StartedProcess,
  options: { name: string; states: [ready: string, cancelled: string]; firstLineTimeoutMs?: number },
): Promise<void> {
  const [ready, cancelled] = options.states;
  const token = await secured.token("jobs:write jobs:read");
  const example = start(token);
  const conveyor = createConveyorClient(secured.server.url, { token });
  try {
    const submitted = await example.waitForLine(/^submitted /, options.firstLineTimeoutMs ?? 10_000);
    await example.waitForLine(new RegExp(`^${ready}$`), 10_000);
    await conveyor.jobs.cancelJob({ id: submitted.slice("submitted ".length) });
    const result = await example.exited;
    expect(result.code, describeRun(options.name, result)).toBe(0);
    expect(example.lines.filter(Boolean)).toEqual([submitted, ready, cancelled]);
  } finally {
    example.kill();
    conveyor.close();
  }
}
