import { Command, Option } from "commander";
import { registerAccountCommands } from "./accounts/account-commands.ts";
import { ConfigError, loadConfig, unknownConveyorVariables, type Config, type ConfigInput } from "./config/config.ts";
import { ConveyorError } from "./errors/conveyor-error.ts";
import { installLastResortHandlers } from "./errors/last-resort-handlers.ts";
import { createLogger } from "./logging/logger.ts";

// Each subcommand imports what it needs when it runs (the server, MikroORM, OpenTelemetry, jose):
// loading all of it before parsing the arguments made `conveyor token` and a bad setting take
// seconds on a busy machine.

/** What to do when a dependency is missing, shown next to the error. */
const HOW_TO_START = {
  postgres:
    "Start PostgreSQL (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start; " +
    "Docker: docker compose up -d postgres) and create the database (createdb -h 127.0.0.1 -U postgres conveyor), " +
    "or point CONVEYOR_DATABASE_URL at yours.",
  rabbitmq: "Start RabbitMQ (Debian: rabbitmq-server -detached; Docker: docker compose up -d rabbitmq), or point CONVEYOR_AMQP_URL at yours.",
};

const program = new Command()
  .name("conveyor")
  .description("Conveyor: a distributed job service (gRPC, PostgreSQL, RabbitMQ).")
  .showHelpAfterError();

program
  .command("serve")
  .description("run the server (gRPC, gRPC-Web and Connect on one port)")
  .option("-p, --port <port>", "port to listen on (CONVEYOR_PORT, default 50051)")
  .action(async (options: { port?: string }) => {
    const config = configOrExit(options.port ? { port: Number(options.port) } : {});
    const logger = createLogger(config.logLevel);
    installLastResortHandlers(logger);
    for (const { name, nearest } of unknownConveyorVariables(process.env)) logger.warn({ variable: name, nearest }, `unknown setting ${name} is ignored; did you mean ${nearest}?`);
    try {
      const [{ startTracing }, { startConveyorServer }] = await Promise.all([import("./observability/tracing-sdk.ts"), import("./conveyor-server.ts")]);
      // Before the server, so that its first requests are already traced.
      const tracing = await startTracing(config, process.env, logger);
      const server = await startConveyorServer(config, logger);
      const stop = (signal: string) => {
        logger.info({ signal }, "signal received");
        const forced = setTimeout(() => process.exit(1), config.shutdownGraceMs + 5_000).unref();
        void server.close().then(async () => {
          // Spans still buffered would be lost at exit.
          await tracing?.shutdown().catch((error) => logger.warn({ err: error }, "could not flush traces"));
          clearTimeout(forced);
          process.exit(0);
        });
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    } catch (error) {
      exitWithStartupError(error, logger);
    }
  });

program
  .command("migrate")
  .description("apply pending database migrations and exit")
  .action(async () => {
    const config = configOrExit();
    const logger = createLogger(config.logLevel);
    try {
      const { Database } = await import("./store/database.ts");
      const db = await Database.connect({ url: config.databaseUrl, poolSize: 2 });
      const applied = await db.migrate();
      await db.close();
      logger.info({ migrations: applied }, applied.length ? "applied migrations" : "database is up to date");
    } catch (error) {
      exitWithStartupError(error, logger);
    }
  });

program
  .command("token")
  .description("mint an HS256 development token with the configured secret (CONVEYOR_AUTH_HS256_SECRET_FILE or CONVEYOR_AUTH_HS256_SECRET); prints only the token")
  .addOption(new Option("-s, --scope <scopes...>", "scopes, space- or comma-separated or repeated: jobs:write jobs:read worker admin").makeOptionMandatory())
  .option("-n, --namespace <namespaces...>", 'namespaces, comma-separated or repeated; "*" for all', ["default"])
  .option("-t, --ttl <ttl>", "lifetime, e.g. 90s, 30m, 24h, 7d", "24h")
  .option("--subject <subject>", "the token's subject (sub), for logs", "developer")
  .action(async (options: { scope: string[]; namespace: string[]; ttl: string; subject: string }) => {
    const config = configOrExit();
    const [{ mintDevelopmentToken }, { readHs256Secret }] = await Promise.all([import("./auth/development-tokens.ts"), import("./auth/signing-keys.ts")]);
    let secret: Uint8Array | undefined;
    try {
      secret = readHs256Secret(config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      exitWithConfigError(error);
    }
    if (secret === undefined) {
      exitWithConfigError(new ConfigError("conveyor token signs with the HS256 development secret: set CONVEYOR_AUTH_HS256_SECRET_FILE or CONVEYOR_AUTH_HS256_SECRET"));
    }
    const split = (values: string[]) => values.flatMap((value) => value.split(/[\s,]+/)).filter(Boolean);
    try {
      const token = await mintDevelopmentToken(secret, {
        scopes: split(options.scope),
        namespaces: split(options.namespace),
        ttl: options.ttl,
        subject: options.subject,
        issuer: config.authIssuer,
        audience: config.authAudience,
      });
      process.stdout.write(token + "\n");
    } catch (error) {
      process.stderr.write(`conveyor token: ${(error as Error).message}\n`);
      process.exit(2);
    }
  });

registerAccountCommands(program);

function exitWithConfigError(error: ConfigError): never {
  process.stderr.write(`conveyor: ${error.message}\n`);
  process.exit(2);
}

function configOrExit(overrides: ConfigInput = {}): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) exitWithConfigError(error);
    throw error;
  }
}

function exitWithStartupError(error: unknown, logger: ReturnType<typeof createLogger>): never {
  if (error instanceof ConfigError) exitWithConfigError(error);
  const message = (error as Error).message ?? String(error);
  let hint = "";
  if (error instanceof ConveyorError && error.kind === "unavailable") {
    hint = message.includes("PostgreSQL") ? HOW_TO_START.postgres : message.includes("RabbitMQ") ? HOW_TO_START.rabbitmq : "";
  }
  logger.fatal({ err: error }, "cannot start");
  process.stderr.write(`\nconveyor: ${message}\n${hint ? hint + "\n" : ""}`);
  process.exit(1);
}

await program.parseAsync(process.argv);
