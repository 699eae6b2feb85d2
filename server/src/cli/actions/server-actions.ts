// The bodies of `conveyor serve`, `migrate` and `token`: they load the server's modules, which the
// API commands never need.
import { mintDevelopmentToken, readHs256Secret } from "../../auth/index.ts";
import { ConfigError, loadConfig, unknownConveyorVariables, type Config, type ConfigInput } from "../../config/config.ts";
import { installLastResortHandlers } from "../../errors/last-resort-handlers.ts";
import { ConveyorError } from "../../errors/conveyor-error.ts";
import { createLogger } from "../../logging/logger.ts";
import { EXIT } from "../exit-codes.ts";

/** What to do when a dependency is missing, shown next to the error. */
const HOW_TO_START = {
  postgres:
    "Start PostgreSQL (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start; " +
    "Docker: docker compose up -d postgres) and create the database (createdb -h 127.0.0.1 -U postgres conveyor), " +
    "or point CONVEYOR_DATABASE_URL at yours.",
  rabbitmq: "Start RabbitMQ (Debian: rabbitmq-server -detached; Docker: docker compose up -d rabbitmq), or point CONVEYOR_AMQP_URL at yours.",
};

export async function serve(options: { port?: string }): Promise<void> {
  const config = configOrExit(options.port ? { port: Number(options.port) } : {});
  const logger = createLogger(config.logLevel);
  installLastResortHandlers(logger);
  for (const { name, nearest } of unknownConveyorVariables(process.env)) logger.warn({ variable: name, nearest }, `unknown setting ${name} is ignored; did you mean ${nearest}?`);
  try {
    const { startTracing } = await import("../../observability/tracing-sdk.ts");
    const { startConveyorServer } = await import("../../conveyor-server.ts");
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
}

export async function migrate(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  try {
    const { Database } = await import("../../store/database.ts");
    const db = await Database.connect({ url: config.databaseUrl, poolSize: 2 });
    const applied = await db.migrate();
    await db.close();
    logger.info({ migrations: applied }, applied.length ? "applied migrations" : "database is up to date");
  } catch (error) {
    exitWithStartupError(error, logger);
  }
}

export async function token(options: { scope: string[]; namespace: string[]; ttl: string; subject: string }): Promise<void> {
  const config = configOrExit();
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
    const minted = await mintDevelopmentToken(secret, {
      scopes: split(options.scope),
      namespaces: split(options.namespace),
      ttl: options.ttl,
      subject: options.subject,
      issuer: config.authIssuer,
      audience: config.authAudience,
    });
    process.stdout.write(minted + "\n");
  } catch (error) {
    process.stderr.write(`conveyor token: ${(error as Error).message}\n`);
    process.exit(EXIT.usage);
  }
}

function exitWithConfigError(error: ConfigError): never {
  process.stderr.write(`conveyor: ${error.message}\n`);
  process.exit(EXIT.usage);
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
  process.exit(EXIT.failure);
}
