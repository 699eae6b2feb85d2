import { Option, type Command } from "commander";

const actions = () => import("../actions/server-actions.ts");

/** The commands that run next to the database rather than through the API: serve, migrate, token. */
export function registerServerCommands(program: Command): void {
  program
    .command("serve")
    .description("run the server (gRPC, gRPC-Web and Connect on one port)")
    .option("-p, --port <port>", "port to listen on (CONVEYOR_PORT, default 50051)")
    .action(async (options: { port?: string }) => (await actions()).serve(options));

  program
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(async () => (await actions()).migrate());

  program
    .command("token")
    .description("mint an HS256 development token with the configured secret (CONVEYOR_AUTH_HS256_SECRET_FILE or CONVEYOR_AUTH_HS256_SECRET); prints only the token")
    .addOption(new Option("-s, --scope <scopes...>", "scopes, space- or comma-separated or repeated: jobs:write jobs:read worker admin").makeOptionMandatory())
    .option("-n, --namespace <namespaces...>", 'namespaces, comma-separated or repeated; "*" for all', ["default"])
    .option("-t, --ttl <ttl>", "lifetime, e.g. 90s, 30m, 24h, 7d", "24h")
    .option("--subject <subject>", "the token's subject (sub), for logs", "developer")
    .action(async (options: { scope: string[]; namespace: string[]; ttl: string; subject: string }) => (await actions()).token(options));
}
