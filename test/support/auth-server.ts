import { randomBytes } from "node:crypto";
import { mintDevelopmentToken } from "../../server/src/auth/index.ts";
import type { ConveyorServer } from "../../server/src/conveyor-server.ts";
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
