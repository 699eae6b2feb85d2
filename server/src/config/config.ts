import { readFileSync } from "node:fs";
import { closest } from "fastest-levenshtein";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * Everything the server can be told, validated once at start. Each field documents its default.
 * Sources, later ones winning: defaults, the JSON file named by CONVEYOR_CONFIG_FILE, environment.
 */
export const configSchema = z.object({
  /** Port for gRPC, gRPC-Web and Connect (HTTP/2 cleartext and HTTP/1.1). Defaults to 50051; 0 picks a free one. */
  port: z.coerce.number().int().min(0).max(65535).default(50051),
  /** Address to listen on. Defaults to 0.0.0.0. */
  host: z.string().min(1).default("0.0.0.0"),
  /** PostgreSQL, the source of truth. Defaults to the local server's `conveyor` database. */
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).default("postgres://postgres@127.0.0.1:5432/conveyor"),
  /** Connections in the server's pool. Defaults to 10. */
  databasePoolSize: z.coerce.number().int().min(2).max(200).default(10),
  /** RabbitMQ, which routes ready jobs to workers. Defaults to the local broker. */
  amqpUrl: z.url({ protocol: /^amqps?$/, error: "must be an amqp:// or amqps:// URL" }).default("amqp://guest:guest@127.0.0.1:5672"),
  /**
   * Prefix of every exchange and queue the server declares, so that several installations (or
   * test runs) can share one broker. Defaults to "conveyor".
   */
  amqpPrefix: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, "letters, digits, '_', '.', '-'; 1 to 64").default("conveyor"),
  /**
   * Quorum queues (replicated, the default) or classic queues for the ready queues. Classic suits a
   * single-node broker in development. Defaults to "quorum".
   */
  amqpQueueType: z.enum(["quorum", "classic"]).default("quorum"),
  /**
   * How long a worker's lease lasts without a heartbeat. A killed worker's jobs are retried this
   * long after its last heartbeat (at once when its stream closes). Defaults to 30s.
   */
  leaseTtlMs: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /**
   * Jobs due within this window are handed to the broker's delay queues; later ones wait in
   * Postgres until they come within it. Defaults to 5 minutes, the longest delay queue.
   */
  delayHorizonMs: z.coerce.number().int().min(0).max(300_000).default(300_000),
  /**
   * How long before its run_at a delayed job may be leased and pushed to its worker, which starts
   * the handler at run_at: the lease round trip then happens before the job is due, not after.
   * 0 leases only once due. Defaults to 100 ms, which covers the lease path under load.
   */
  leaseAheadMs: z.coerce.number().int().min(0).max(1_000).default(100),
  /** How often expired leases and timed-out attempts are looked for. Defaults to 1s. */
  reaperIntervalMs: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /**
   * How often the outbox relay looks for messages nobody told it about: those of a server that died
   * between its commit and its publish. A server's own messages are published at once. Defaults to 1s.
   */
  outboxPollIntervalMs: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** How often the promoter looks for jobs coming within the delay horizon (and lost announcements). Defaults to 1s. */
  promoterIntervalMs: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /**
   * The safety net for lost broker messages: a waiting job this overdue is promoted straight from
   * Postgres. Defaults to 5s.
   */
  rescueOverdueAfterMs: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /**
   * A READY job whose announcement is this old is announced again (its message may have been lost;
   * a duplicate is harmless). Defaults to 5 minutes.
   */
  reannounceReadyAfterMs: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
  /**
   * The longest wait between two rounds of the schedule runner; it also wakes by timer at the
   * nearest schedule's fire time. Defaults to 500ms.
   */
  scheduleIntervalMs: z.coerce.number().int().min(50).max(60_000).default(500),
  /**
   * A schedule's fire time later than this is a misfire (servers were down or far behind), which
   * the schedule's misfire policy handles; a fire within it always runs. Defaults to 5s.
   */
  scheduleMisfireGraceMs: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /**
   * Per-queue defaults for jobs that leave them unset, as JSON: {"emails": {"maxAttempts": 10,
   * "backoffInitialMs": 5000, "backoffMultiplier": 3, "backoffMaxMs": 600000, "backoffJitter": 0.1,
   * "timeoutMs": 60000}}. Every field is optional. Defaults to none: 5 attempts, 1s doubling to
   * 1h with 20% jitter, 30-minute timeout.
   */
  queueDefaults: z.preprocess(
    (value, ctx) => {
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    },
    z.record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, "keys are queue names"),
      z.strictObject({
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        backoffInitialMs: z.number().int().min(0).max(7 * 86_400_000).optional(),
        backoffMultiplier: z.number().min(1).max(100).optional(),
        backoffMaxMs: z.number().int().min(0).max(7 * 86_400_000).optional(),
        backoffJitter: z.number().min(0).max(1).optional(),
        timeoutMs: z.number().int().min(100).max(86_400_000).optional(),
      }),
    ),
  ).default({}),
  /**
   * Finished jobs (SUCCEEDED, DEAD, CANCELLED) older than this, with their events, attempts and
   * webhook deliveries, are deleted. Defaults to 7 days; 0 keeps them forever.
   */
  retentionMs: z.coerce.number().int().min(0).default(7 * 86_400_000),
  /** How often the retention loop looks for old finished jobs. Defaults to 60s. */
  retentionIntervalMs: z.coerce.number().int().min(50).max(86_400_000).default(60_000),
  /** Jobs deleted per statement; small, so that no statement holds many row locks for long. Defaults to 500. */
  retentionBatchSize: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * Log lines kept per job (what its handlers send with ctx.log); later ones are dropped and
   * counted in Job.log_lines_dropped, never refused. Defaults to 10,000.
   */
  jobLogMaxLines: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** Longest log message kept, in characters; longer ones are cut. Defaults to 4,096. */
  jobLogMaxMessageChars: z.coerce.number().int().min(64).max(1_000_000).default(4_096),
  /** Largest fields object of a log line, in bytes of JSON; larger ones become {"truncated": true}. Defaults to 4 KiB. */
  jobLogMaxFieldsBytes: z.coerce.number().int().min(64).max(1_048_576).default(4_096),
  /** Largest progress details object, in bytes of JSON; larger ones are dropped (the percent stays). Defaults to 4 KiB. */
  progressMaxBytes: z.coerce.number().int().min(64).max(1_048_576).default(4_096),
  /**
   * Log lines older than this are deleted, even while their job is kept (they go with their job
   * in any case). Defaults to 7 days; 0 keeps them as long as their job.
   */
  jobLogRetentionMs: z.coerce.number().int().min(0).default(7 * 86_400_000),
  /** How often the webhook sender looks for due deliveries. Defaults to 500ms. */
  webhookIntervalMs: z.coerce.number().int().min(10).max(60_000).default(500),
  /** A webhook POST that has not answered by then counts as failed. Defaults to 10s. */
  webhookTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts per webhook delivery before it is recorded as FAILED. Defaults to 8. */
  webhookMaxAttempts: z.coerce.number().int().min(1).max(100).default(8),
  /** Wait after the first failed attempt; doubles with each further one, up to 1 hour. Defaults to 1s. */
  webhookBackoffMs: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  /**
   * Key of the webhooks' HMAC-SHA256 signature. A secret: only from CONVEYOR_WEBHOOK_SECRET or the
   * file named by CONVEYOR_WEBHOOK_SECRET_FILE, never from the config file. Without it webhooks are
   * sent unsigned (and the server warns at start).
   */
  webhookSecret: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * SMTP server for email notifications: smtp://[user@]host[:port] (STARTTLS when offered) or
   * smtps://... (TLS). The password comes from smtpPasswordFile. Defaults to none: email
   * notifications are refused (FAILED_PRECONDITION) until it is set.
   */
  smtpUrl: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** A file holding the SMTP password (a mounted secret; a trailing newline is ignored). Defaults to none. */
  smtpPasswordFile: z.string().min(1).optional(),
  /** The sender of email notifications. Defaults to "Conveyor <conveyor@localhost>". */
  emailFrom: z.string().min(3).max(320).default("Conveyor <conveyor@localhost>"),
  /** Apply pending migrations at start. Defaults to true; `conveyor migrate` does it on demand. */
  autoMigrate: z.stringbool().or(z.boolean()).default(true),
  /** Largest accepted payload (and result), in bytes. Defaults to 1 MiB. */
  maxPayloadBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /**
   * Most tasks in one workflow. Defaults to 10,000: a workflow is stored in one transaction, and
   * the whole request (every task's payload) must fit in one message (see workflowMaxRequestBytes).
   */
  workflowMaxTasks: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** Largest SubmitWorkflow request, in bytes. Defaults to 16 MiB; other requests keep the payload-based limit. */
  workflowMaxRequestBytes: z.coerce.number().int().min(64 * 1024).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  /**
   * Webhook hosts allowed although they are internal, comma-separated: host names, addresses or
   * CIDR ranges ("hooks.internal,10.0.0.0/8,127.0.0.1"). Webhook URLs are chosen by callers, so by
   * default a webhook never reaches a loopback, private, link-local or otherwise non-public address,
   * checked when the URL is submitted and again on every connection (after DNS). Defaults to none.
   */
  webhookAllowedHosts: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((host) => host.trim()).filter(Boolean)),
  /**
   * The built web console (`npm run build:dashboard`), served at / for GET requests the API does
   * not answer. Empty turns it off. Defaults to the repository's dashboard/dist.
   */
  dashboardDir: z.string().default(fileURLToPath(new URL("../../../dashboard/dist", import.meta.url))),
  /**
   * Origins allowed to call from browsers (CORS), comma-separated; "*" allows any, empty allows none.
   * Defaults to "*": tokens travel in the Authorization header, never in cookies.
   */
  corsOrigins: z
    .string()
    .default("*")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
  /**
   * OpenTelemetry tracing: "on" starts the SDK (exporter and endpoint from the standard OTEL_*
   * variables, OTLP by default), "off" never does, "auto" starts it when OTEL_TRACES_EXPORTER
   * (other than "none") or OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. Without the SDK the
   * OpenTelemetry API is a no-op. Defaults to "auto".
   */
  tracing: z.enum(["auto", "on", "off"]).default("auto"),
  /**
   * "jwt": every RPC needs a bearer token (see the README's Authentication section). "off": no
   * checks at all, for trusted networks and tests only; the server logs a warning at start.
   * Defaults to "jwt", which needs one key source below.
   */
  authMode: z.enum(["jwt", "off"]).default("jwt"),
  /**
   * Development: the shared HS256 secret, at least 32 bytes. Environment only (never the config
   * file). Defaults to none.
   */
  authHs256Secret: z.string().min(32, "must be at least 32 bytes").optional(),
  /** Development: a file holding the HS256 secret (a trailing newline is ignored). Defaults to none. */
  authHs256SecretFile: z.string().min(1).optional(),
  /** Production: a JWKS file with the RS256/ES256 public keys tokens are signed with. Defaults to none. */
  authJwksFile: z.string().min(1).optional(),
  /** Production: the issuer's JWKS URL (fetched and cached, refetched for an unknown key id). Defaults to none. */
  authJwksUrl: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** When set, tokens must carry this `iss`. Defaults to none (not checked). */
  authIssuer: z.string().min(1).optional(),
  /** When set, tokens must carry this `aud`. Defaults to none (not checked). */
  authAudience: z.string().min(1).optional(),
  /**
   * Turns on Conveyor's own accounts (docs/accounts.md): users, service accounts, roles, API keys,
   * AuthService and AccountService, and tokens this server signs (ES256). The secret encrypts the
   * signing keys kept in PostgreSQL; every server of an installation needs the same one. At least
   * 32 bytes. Environment only (never the config file). Defaults to none: accounts are off.
   */
  authAccountsSecret: z.string().min(32, "must be at least 32 bytes").optional(),
  /** The accounts secret from a file (a trailing newline is ignored). Defaults to none. */
  authAccountsSecretFile: z.string().min(1).optional(),
  /** The `iss` of the tokens this server signs; must differ from authIssuer. Defaults to "conveyor". */
  authAccountsIssuer: z.string().min(1).max(256).default("conveyor"),
  /** Lifetime of the tokens Login and ExchangeApiKey issue. Defaults to 15 minutes. */
  authTokenTtlMs: z.coerce.number().int().min(1_000).max(86_400_000).default(900_000),
  /** A signing key older than this is replaced by a new one at the next token issued. Defaults to 7 days. */
  authSigningKeyRotationMs: z.coerce.number().int().min(60_000).default(7 * 86_400_000),
  /**
   * How long a server trusts what it last read of an account (disabled, roles, revoked keys) when
   * it verifies one of its own tokens. Changes made through this server apply at once; made through
   * another server, within this. Defaults to 2s.
   */
  authAccountCacheMs: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** Failed logins for one email, in a row, before it is locked out for authLockoutMs. Defaults to 10. */
  authMaxFailuresPerAccount: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Failed logins and key exchanges from one address before it is locked out for authLockoutMs. Defaults to 100. */
  authMaxFailuresPerAddress: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** How long a lockout lasts, and the window failures are counted in. Defaults to 15 minutes. */
  authLockoutMs: z.coerce.number().int().min(1_000).max(7 * 86_400_000).default(900_000),
  /**
   * The first admin, created at start when there is no account at all: its email. The password
   * comes from authBootstrapAdminPasswordFile; there is never a default password. Defaults to none.
   */
  authBootstrapAdminEmail: z.string().min(3).max(254).optional(),
  /** A file holding the first admin's password (a trailing newline is ignored). Defaults to none. */
  authBootstrapAdminPasswordFile: z.string().min(1).optional(),
  /** pino level. Defaults to "info". */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long shutdown waits for streams and in-flight work before it forces exit. Defaults to 10s. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Settings that hold secrets, or may: the config file is often committed or shared, so these come
 * only from the environment (or from files the environment names).
 */
const SECRET_FIELDS = ["authHs256Secret", "authAccountsSecret", "webhookSecret"] as const;
const URLS_WITH_CREDENTIALS = ["databaseUrl", "amqpUrl", "smtpUrl"] as const;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variable for each field: `databaseUrl` is CONVEYOR_DATABASE_URL. */
export function envName(field: string): string {
  return "CONVEYOR_" + field.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
}

/** The server's variables that are not a field of their own. */
const OTHER_SERVER_VARIABLES = ["CONVEYOR_CONFIG_FILE", "CONVEYOR_WEBHOOK_SECRET_FILE"];
/**
 * CONVEYOR_* variables read by others that may share the server's environment: the clients, the
 * SDK and CLI (URL, TOKEN, TOKEN_FILE, NAMESPACE), the example worker, the Go and Python live tests,
 * and the test suites and benches (by prefix). Not typos, so not warned about.
 */
const CLIENT_VARIABLES = new Set([
  "CONVEYOR_URL",
  "CONVEYOR_TOKEN",
  "CONVEYOR_TOKEN_FILE",
  "CONVEYOR_NAMESPACE",
  // The CLI's profile file and profile (server/src/cli/connection.ts).
  "CONVEYOR_PROFILE",
  "CONVEYOR_CLI_CONFIG",
  // The standard worker's sender (worker-sdk/src/handlers/standard-worker.ts).
  "CONVEYOR_MAIL_FROM",
  "CONVEYOR_QUEUES",
  "CONVEYOR_CONCURRENCY",
  "CONVEYOR_MAIL_SINK",
  "CONVEYOR_HEALTH_PORT",
  "CONVEYOR_TARGET",
  // test/worker-conformance.test.ts: the worker implementation to check.
  "CONVEYOR_CONFORMANCE_WORKER",
]);
const TOOL_PREFIXES = ["CONVEYOR_TEST_", "CONVEYOR_BENCH_"];

/**
 * CONVEYOR_* variables that nothing reads, each with the known server variable nearest to it: a
 * typo such as CONVEYOR_LEASE_TTL=5000 would otherwise leave the default in force without a word.
 */
export function unknownConveyorVariables(env: NodeJS.ProcessEnv): { name: string; nearest: string }[] {
  const known = [...Object.keys(configSchema.shape).map(envName), ...OTHER_SERVER_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith("CONVEYOR_") && !known.includes(name) && !CLIENT_VARIABLES.has(name))
    .filter((name) => !TOOL_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .sort()
    .map((name) => ({ name, nearest: closest(name, known) }));
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the configuration; throws a ConfigError naming every bad field. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  const fromFile = readConfigFile(env["CONVEYOR_CONFIG_FILE"]);
  refuseSecretsInFile(fromFile, env["CONVEYOR_CONFIG_FILE"]);
  const fromEnv: Record<string, string> = {};
  for (const field of Object.keys(configSchema.shape)) {
    // Blank means unset: `CONVEYOR_PORT=" "` must not coerce to port 0.
    const value = env[envName(field)]?.trim();
    if (value !== undefined && value !== "") fromEnv[field] = value;
  }
  const secretFile = env["CONVEYOR_WEBHOOK_SECRET_FILE"]?.trim();
  if (secretFile && fromEnv["webhookSecret"] === undefined) fromEnv["webhookSecret"] = readSecretFile(secretFile, "CONVEYOR_WEBHOOK_SECRET_FILE").trim();
  const result = configSchema.superRefine(checkAuthKeySources).safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.join(".");
      return `  ${field} (${envName(field)}): ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

/** One key source per kind, and none of them is a config-file setting (see refuseSecretsInFile). */
function checkAuthKeySources(config: Config, ctx: z.RefinementCtx): void {
  const both = (a: keyof Config, b: keyof Config) => {
    if (config[a] !== undefined && config[b] !== undefined) {
      ctx.addIssue({ code: "custom", path: [b], message: `set either ${envName(a)} or ${envName(b)}, not both` });
    }
  };
  both("authHs256Secret", "authHs256SecretFile");
  both("authJwksFile", "authJwksUrl");
  both("authAccountsSecret", "authAccountsSecretFile");
  const hasSecret = config.authHs256Secret !== undefined || config.authHs256SecretFile !== undefined;
  const hasJwks = config.authJwksFile !== undefined || config.authJwksUrl !== undefined;
  const hasAccounts = config.authAccountsSecret !== undefined || config.authAccountsSecretFile !== undefined;
  if (hasAccounts && config.authIssuer === config.authAccountsIssuer) {
    ctx.addIssue({ code: "custom", path: ["authAccountsIssuer"], message: "must differ from CONVEYOR_AUTH_ISSUER: it tells this server's own tokens from the identity provider's" });
  }
  if ((config.authBootstrapAdminEmail === undefined) !== (config.authBootstrapAdminPasswordFile === undefined)) {
    ctx.addIssue({ code: "custom", path: ["authBootstrapAdminEmail"], message: "set both CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL and CONVEYOR_AUTH_BOOTSTRAP_ADMIN_PASSWORD_FILE, or neither" });
  }
  if (config.authBootstrapAdminEmail !== undefined && !hasAccounts) {
    ctx.addIssue({ code: "custom", path: ["authBootstrapAdminEmail"], message: "needs accounts: set CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE or CONVEYOR_AUTH_ACCOUNTS_SECRET" });
  }
  if (hasSecret && hasJwks) {
    ctx.addIssue({
      code: "custom",
      path: ["authJwksFile"],
      message: "an HS256 secret and a JWKS together are refused: HS256 is for development, a JWKS for production; set one",
    });
  }
  if (config.authMode === "jwt" && !hasSecret && !hasJwks && !hasAccounts) {
    ctx.addIssue({
      code: "custom",
      path: ["authMode"],
      message:
        "is jwt (the default) but no key is configured: set CONVEYOR_AUTH_HS256_SECRET_FILE or CONVEYOR_AUTH_HS256_SECRET " +
        "(development), CONVEYOR_AUTH_JWKS_FILE or CONVEYOR_AUTH_JWKS_URL (production), " +
        "or CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE for Conveyor's own accounts; " +
        "or CONVEYOR_AUTH_MODE=off to run without authentication",
    });
  }
}

function refuseSecretsInFile(fromFile: Record<string, unknown>, path: string | undefined): void {
  const problems: string[] = [];
  for (const field of SECRET_FIELDS) {
    if (field in fromFile) problems.push(`  ${field}: secrets are not read from the config file; set ${envName(field)} or ${envName(field)}_FILE instead`);
  }
  for (const field of URLS_WITH_CREDENTIALS) {
    const value = fromFile[field];
    if (typeof value === "string" && URL.canParse(value) && new URL(value).password !== "") {
      problems.push(`  ${field}: holds a password; put this URL in ${envName(field)} instead of the config file`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`CONVEYOR_CONFIG_FILE ${path} holds secrets:\n${problems.join("\n")}`);
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read CONVEYOR_CONFIG_FILE ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`CONVEYOR_CONFIG_FILE ${path} is not a JSON object: ${(error as Error).message}`);
  }
}

/** A secret or key kept in a file of its own (a mounted Kubernetes or Docker secret), as it is. */
export function readSecretFile(path: string, variable: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  cannot read ${variable} ${path}: ${(error as Error).message}`);
  }
}
