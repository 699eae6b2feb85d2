// loadConfig: defaults, environment variables, the JSON config file, and errors that say what to fix.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVerificationKeys, readHs256Secret } from "../server/src/auth/index.ts";
import { ConfigError, envName, loadConfig, unknownConveyorVariables } from "../server/src/config/config.ts";

/** Authentication is on by default and then needs a key; these tests are about the other settings. */
const AUTH_OFF = { CONVEYOR_AUTH_MODE: "off" };

const dir = mkdtempSync(join(tmpdir(), "conveyor-config-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The ConfigError's message; fails the test when the configuration was accepted. */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("loadConfig", () => {
  it("has a documented default for everything", () => {
    expect(loadConfig(AUTH_OFF)).toMatchObject({
      port: 50051,
      host: "0.0.0.0",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/conveyor",
      databasePoolSize: 10,
      amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
      amqpPrefix: "conveyor",
      autoMigrate: true,
      maxPayloadBytes: 1024 * 1024,
      logLevel: "info",
      shutdownGraceMs: 10_000,
    });
  });

  it("names each field's environment variable CONVEYOR_<FIELD_IN_SNAKE_CASE>", () => {
    expect(envName("port")).toBe("CONVEYOR_PORT");
    expect(envName("databaseUrl")).toBe("CONVEYOR_DATABASE_URL");
    expect(envName("databasePoolSize")).toBe("CONVEYOR_DATABASE_POOL_SIZE");
    expect(envName("amqpUrl")).toBe("CONVEYOR_AMQP_URL");
    expect(envName("maxPayloadBytes")).toBe("CONVEYOR_MAX_PAYLOAD_BYTES");
  });

  it("reads every field from its environment variable, converting numbers and booleans", () => {
    const config = loadConfig({
      ...AUTH_OFF,
      CONVEYOR_PORT: "4000",
      CONVEYOR_HOST: "127.0.0.1",
      CONVEYOR_DATABASE_URL: "postgresql://app:secret@db.internal:6543/jobs",
      CONVEYOR_DATABASE_POOL_SIZE: "25",
      CONVEYOR_AMQP_URL: "amqps://user:pw@mq.internal:5671/vhost",
      CONVEYOR_AMQP_PREFIX: "staging",
      CONVEYOR_AUTO_MIGRATE: "false",
      CONVEYOR_MAX_PAYLOAD_BYTES: "2048",
      CONVEYOR_LOG_LEVEL: "debug",
      CONVEYOR_SHUTDOWN_GRACE_MS: "0",
    });
    expect(config).toMatchObject({
      port: 4000,
      host: "127.0.0.1",
      databaseUrl: "postgresql://app:secret@db.internal:6543/jobs",
      databasePoolSize: 25,
      amqpUrl: "amqps://user:pw@mq.internal:5671/vhost",
      amqpPrefix: "staging",
      autoMigrate: false,
      maxPayloadBytes: 2048,
      logLevel: "debug",
      shutdownGraceMs: 0,
    });
  });

  it("ignores variables of other names and empty or blank values", () => {
    const config = loadConfig({ ...AUTH_OFF, PORT: "1234", CONVEYOR_port: "1234", CONVEYOR_PORT: "", CONVEYOR_DATABASE_POOL_SIZE: "  " });
    expect(config.port).toBe(50051);
    expect(config.databasePoolSize).toBe(10);
    // Not coerced to 0, which would pick a random port.
    expect(loadConfig({ ...AUTH_OFF, CONVEYOR_PORT: " " }).port).toBe(50051);
  });

  it.each([
    ["not a number", "http"],
    ["out of range", "65536"],
    ["negative", "-1"],
    ["fractional", "80.5"],
  ])("refuses a port that is %s, naming the field and its variable", (_, port) => {
    expect(configError({ CONVEYOR_PORT: port })).toMatch(/^invalid configuration:\n {2}port \(CONVEYOR_PORT\): /);
  });

  it.each(["mysql://root@127.0.0.1/conveyor", "http://127.0.0.1:5432/conveyor", "127.0.0.1:5432", "not a url"])(
    "refuses a database URL that is not postgres: %s",
    (url) => {
      const message = configError({ CONVEYOR_DATABASE_URL: url });
      expect(message).toContain("databaseUrl (CONVEYOR_DATABASE_URL): ");
      expect(message).toContain("postgres://");
    },
  );

  it("refuses an AMQP URL that is not amqp or amqps", () => {
    expect(configError({ CONVEYOR_AMQP_URL: "redis://127.0.0.1" })).toContain("amqpUrl (CONVEYOR_AMQP_URL): must be an amqp:// or amqps:// URL");
  });

  it("names every bad field at once", () => {
    const message = configError({ CONVEYOR_PORT: "x", CONVEYOR_LOG_LEVEL: "loud", CONVEYOR_AUTO_MIGRATE: "maybe", CONVEYOR_MAX_PAYLOAD_BYTES: "10" });
    expect(message).toContain("port (CONVEYOR_PORT)");
    expect(message).toContain("logLevel (CONVEYOR_LOG_LEVEL)");
    expect(message).toContain("autoMigrate (CONVEYOR_AUTO_MIGRATE)");
    expect(message).toContain("maxPayloadBytes (CONVEYOR_MAX_PAYLOAD_BYTES)");
  });

  it("accepts the usual spellings of booleans", () => {
    expect(loadConfig({ ...AUTH_OFF, CONVEYOR_AUTO_MIGRATE: "0" }).autoMigrate).toBe(false);
    expect(loadConfig({ ...AUTH_OFF, CONVEYOR_AUTO_MIGRATE: "no" }).autoMigrate).toBe(false);
    expect(loadConfig({ ...AUTH_OFF, CONVEYOR_AUTO_MIGRATE: "true" }).autoMigrate).toBe(true);
    expect(loadConfig({ ...AUTH_OFF, CONVEYOR_AUTO_MIGRATE: "1" }).autoMigrate).toBe(true);
  });

  describe("with CONVEYOR_CONFIG_FILE", () => {
    it("reads the JSON file, typed values and all", () => {
      const file = configFile(
        "conveyor.json",
        JSON.stringify({ port: 7000, databaseUrl: "postgres://file@db/file", autoMigrate: false, logLevel: "warn", maxPayloadBytes: 4096 }),
      );
      expect(loadConfig({ ...AUTH_OFF, CONVEYOR_CONFIG_FILE: file })).toMatchObject({
        port: 7000,
        databaseUrl: "postgres://file@db/file",
        autoMigrate: false,
        logLevel: "warn",
        maxPayloadBytes: 4096,
        amqpPrefix: "conveyor",
      });
    });

    it("lets the environment win over the file, and the caller's overrides over both", () => {
      const file = configFile("layered.json", JSON.stringify({ port: 7000, logLevel: "warn", amqpPrefix: "from-file" }));
      const env = { ...AUTH_OFF, CONVEYOR_CONFIG_FILE: file, CONVEYOR_PORT: "8000", CONVEYOR_AMQP_PREFIX: "from-env" };
      expect(loadConfig(env)).toMatchObject({ port: 8000, logLevel: "warn", amqpPrefix: "from-env" });
      expect(loadConfig(env, { port: 9000 })).toMatchObject({ port: 9000, logLevel: "warn", amqpPrefix: "from-env" });
    });

    it("names the bad field of the file with its variable", () => {
      const file = configFile("bad-port.json", JSON.stringify({ port: "seventy" }));
      expect(configError({ CONVEYOR_CONFIG_FILE: file })).toContain("port (CONVEYOR_PORT)");
    });

    it("refuses a file that does not exist, naming it", () => {
      const missing = join(dir, "missing.json");
      expect(configError({ CONVEYOR_CONFIG_FILE: missing })).toContain(`cannot read CONVEYOR_CONFIG_FILE ${missing}`);
    });

    it.each([
      ["broken JSON", "{ port: 1 "],
      ["an array", "[1, 2]"],
      ["a string", '"port"'],
      ["null", "null"],
    ])("refuses a file holding %s", (name, content) => {
      const file = configFile(`${name.replace(/\W/g, "-")}.json`, content);
      expect(configError({ CONVEYOR_CONFIG_FILE: file })).toContain(`CONVEYOR_CONFIG_FILE ${file} is not a JSON object`);
    });
  });
});

describe("retention and webhook settings", () => {
  it("keep finished jobs 7 days by default, and 0 turns retention off", () => {
    const config = loadConfig({ CONVEYOR_AUTH_MODE: "off" });
    expect(config).toMatchObject({ retentionMs: 7 * 86_400_000, retentionBatchSize: 500, webhookMaxAttempts: 8 });
    expect(config.webhookSecret).toBeUndefined();
    expect(loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_RETENTION_MS: "0" }).retentionMs).toBe(0);
  });

  it("read the webhook secret from CONVEYOR_WEBHOOK_SECRET or from the file CONVEYOR_WEBHOOK_SECRET_FILE names", () => {
    expect(loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_WEBHOOK_SECRET: "s3cret-from-the-environment" }).webhookSecret).toBe("s3cret-from-the-environment");
    const file = configFile("webhook-secret", "s3cret-from-a-mounted-file\n");
    expect(loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_WEBHOOK_SECRET_FILE: file }).webhookSecret).toBe("s3cret-from-a-mounted-file");
    expect(configError({ CONVEYOR_WEBHOOK_SECRET_FILE: join(dir, "missing") })).toContain("CONVEYOR_WEBHOOK_SECRET_FILE");
  });

  it("refuse a webhook secret in the config file, and a short one", () => {
    const file = configFile("with-secret.json", JSON.stringify({ webhookSecret: "0123456789abcdef0123" }));
    expect(configError({ CONVEYOR_CONFIG_FILE: file })).toMatch(/webhookSecret: secrets are not read from the config file; set CONVEYOR_WEBHOOK_SECRET or CONVEYOR_WEBHOOK_SECRET_FILE/);
    expect(configError({ CONVEYOR_WEBHOOK_SECRET: "short" })).toContain("webhookSecret (CONVEYOR_WEBHOOK_SECRET): must be at least 16 characters");
  });
});

describe("authentication settings", () => {
  const secret = "s".repeat(32);

  it("default to jwt mode, which refuses to start without a key and names the variables that give one", () => {
    const message = configError({});
    expect(message).toContain("authMode (CONVEYOR_AUTH_MODE): is jwt (the default) but no key is configured");
    for (const variable of ["CONVEYOR_AUTH_HS256_SECRET_FILE", "CONVEYOR_AUTH_HS256_SECRET", "CONVEYOR_AUTH_JWKS_FILE", "CONVEYOR_AUTH_JWKS_URL", "CONVEYOR_AUTH_MODE=off"]) {
      expect(message).toContain(variable);
    }
  });

  it("are read from CONVEYOR_AUTH_* variables", () => {
    expect(loadConfig({ CONVEYOR_AUTH_HS256_SECRET: secret, CONVEYOR_AUTH_ISSUER: "https://issuer.example", CONVEYOR_AUTH_AUDIENCE: "conveyor" })).toMatchObject({
      authMode: "jwt",
      authHs256Secret: secret,
      authIssuer: "https://issuer.example",
      authAudience: "conveyor",
    });
    expect(loadConfig({ CONVEYOR_AUTH_HS256_SECRET_FILE: "/run/secrets/conveyor" }).authHs256SecretFile).toBe("/run/secrets/conveyor");
    expect(loadConfig({ CONVEYOR_AUTH_JWKS_FILE: "/etc/conveyor/jwks.json" }).authJwksFile).toBe("/etc/conveyor/jwks.json");
    expect(loadConfig({ CONVEYOR_AUTH_JWKS_URL: "https://issuer.example/.well-known/jwks.json" }).authJwksUrl).toBe("https://issuer.example/.well-known/jwks.json");
    expect(loadConfig({ CONVEYOR_AUTH_MODE: "off" }).authMode).toBe("off");
  });

  it("refuses an unknown mode, a short secret, a JWKS URL that is not http(s), and two key sources at once", () => {
    expect(configError({ CONVEYOR_AUTH_MODE: "none" })).toContain("authMode (CONVEYOR_AUTH_MODE)");
    expect(configError({ CONVEYOR_AUTH_HS256_SECRET: "too short" })).toContain("authHs256Secret (CONVEYOR_AUTH_HS256_SECRET): must be at least 32 bytes");
    expect(configError({ CONVEYOR_AUTH_JWKS_URL: "file:///etc/jwks.json" })).toContain("authJwksUrl (CONVEYOR_AUTH_JWKS_URL): must be an http:// or https:// URL");
    expect(configError({ CONVEYOR_AUTH_HS256_SECRET: secret, CONVEYOR_AUTH_HS256_SECRET_FILE: "/x" })).toContain(
      "set either CONVEYOR_AUTH_HS256_SECRET or CONVEYOR_AUTH_HS256_SECRET_FILE, not both",
    );
    expect(configError({ CONVEYOR_AUTH_JWKS_FILE: "/x", CONVEYOR_AUTH_JWKS_URL: "https://issuer.example/jwks" })).toContain("not both");
    expect(configError({ CONVEYOR_AUTH_HS256_SECRET: secret, CONVEYOR_AUTH_JWKS_FILE: "/x" })).toContain("an HS256 secret and a JWKS together are refused");
  });

  it("turn accounts on with an accounts secret alone, or beside an external key source, with documented defaults", () => {
    const accounts = loadConfig({ CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE: "/run/secrets/accounts" });
    expect(accounts).toMatchObject({
      authMode: "jwt",
      authAccountsSecretFile: "/run/secrets/accounts",
      authAccountsIssuer: "conveyor",
      authTokenTtlMs: 15 * 60_000,
      authSigningKeyRotationMs: 7 * 86_400_000,
      authAccountCacheMs: 2_000,
      authMaxFailuresPerAccount: 10,
      authMaxFailuresPerAddress: 100,
      authLockoutMs: 15 * 60_000,
    });
    expect(loadConfig({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_JWKS_URL: "https://issuer.example/jwks" }).authJwksUrl).toBeDefined();
    expect(loadConfig({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_HS256_SECRET: secret }).authHs256Secret).toBe(secret);
    expect(configError({})).toContain("CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE");
  });

  it("refuse an accounts setup that cannot work", () => {
    expect(configError({ CONVEYOR_AUTH_ACCOUNTS_SECRET: "short" })).toContain("authAccountsSecret (CONVEYOR_AUTH_ACCOUNTS_SECRET): must be at least 32 bytes");
    expect(configError({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE: "/x" })).toContain("not both");
    expect(configError({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_ISSUER: "conveyor" })).toContain("authAccountsIssuer (CONVEYOR_AUTH_ACCOUNTS_ISSUER): must differ from CONVEYOR_AUTH_ISSUER");
    expect(configError({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL: "a@example.com" })).toContain(
      "set both CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL and CONVEYOR_AUTH_BOOTSTRAP_ADMIN_PASSWORD_FILE, or neither",
    );
    expect(configError({ CONVEYOR_AUTH_HS256_SECRET: secret, CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL: "a@example.com", CONVEYOR_AUTH_BOOTSTRAP_ADMIN_PASSWORD_FILE: "/p" })).toContain(
      "authBootstrapAdminEmail (CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL): needs accounts",
    );
    expect(configError({ CONVEYOR_AUTH_ACCOUNTS_SECRET: secret, CONVEYOR_AUTH_TOKEN_TTL_MS: "500" })).toContain("authTokenTtlMs (CONVEYOR_AUTH_TOKEN_TTL_MS)");
    expect(configError({ CONVEYOR_CONFIG_FILE: configFile("accounts.json", JSON.stringify({ authAccountsSecret: secret })) })).toContain(
      "authAccountsSecret: secrets are not read from the config file",
    );
  });

  it("never take secrets from CONVEYOR_CONFIG_FILE, but do take the paths of secret files", () => {
    const withSecret = configFile("secret.json", JSON.stringify({ authHs256Secret: secret }));
    const message = configError({ CONVEYOR_CONFIG_FILE: withSecret });
    expect(message).toContain(`CONVEYOR_CONFIG_FILE ${withSecret} holds secrets`);
    expect(message).toContain("authHs256Secret: secrets are not read from the config file; set CONVEYOR_AUTH_HS256_SECRET or CONVEYOR_AUTH_HS256_SECRET_FILE");
    expect(message).not.toContain(secret);

    const withPassword = configFile("password.json", JSON.stringify({ databaseUrl: "postgres://app:hunter2@db/jobs", amqpUrl: "amqp://app:pw@mq" }));
    const passwords = configError({ CONVEYOR_CONFIG_FILE: withPassword });
    expect(passwords).toContain("databaseUrl: holds a password; put this URL in CONVEYOR_DATABASE_URL");
    expect(passwords).toContain("amqpUrl: holds a password; put this URL in CONVEYOR_AMQP_URL");
    expect(passwords).not.toContain("hunter2");

    const withPaths = configFile("paths.json", JSON.stringify({ authHs256SecretFile: "/run/secrets/conveyor", databaseUrl: "postgres://app@db/jobs" }));
    expect(loadConfig({ CONVEYOR_CONFIG_FILE: withPaths })).toMatchObject({ authHs256SecretFile: "/run/secrets/conveyor" });
  });

  describe("key files, read when the server starts", () => {
    it("take the secret file's text without its trailing newline", () => {
      const file = configFile("dev-secret", `${secret}\n`);
      expect(Buffer.from(readHs256Secret(loadConfig({ CONVEYOR_AUTH_HS256_SECRET_FILE: file }))!).toString()).toBe(secret);
    });

    it("refuse a secret file that is missing or shorter than 32 bytes, naming it", () => {
      const missing = join(dir, "no-such-secret");
      expect(() => loadVerificationKeys(loadConfig({ CONVEYOR_AUTH_HS256_SECRET_FILE: missing }))).toThrow(
        new RegExp(`cannot read CONVEYOR_AUTH_HS256_SECRET_FILE ${missing}`),
      );
      const short = configFile("short-secret", "0123456789\n");
      expect(() => loadVerificationKeys(loadConfig({ CONVEYOR_AUTH_HS256_SECRET_FILE: short }))).toThrow(/has 10 bytes; it needs at least 32/);
    });

    it("refuse a JWKS file that is not a key set", () => {
      const notJwks = configFile("not-jwks.json", JSON.stringify({ kty: "RSA" }));
      expect(() => loadVerificationKeys(loadConfig({ CONVEYOR_AUTH_JWKS_FILE: notJwks }))).toThrow(ConfigError);
      expect(() => loadVerificationKeys(loadConfig({ CONVEYOR_AUTH_JWKS_FILE: notJwks }))).toThrow(/CONVEYOR_AUTH_JWKS_FILE .* is not a JWKS/);
    });
  });
});

describe("unknown CONVEYOR_ variables", () => {
  it("names each with the nearest setting the server knows", () => {
    const env = { CONVEYOR_PORTT: "1", CONVEYOR_DATABASE_UR: "x", CONVEYOR_PORT: "1", PATH: "/bin" };
    expect(unknownConveyorVariables(env)).toEqual([
      { name: "CONVEYOR_DATABASE_UR", nearest: "CONVEYOR_DATABASE_URL" },
      { name: "CONVEYOR_PORTT", nearest: "CONVEYOR_PORT" },
    ]);
  });

  it("leaves alone the variables of the clients, the worker example and the test suites", () => {
    const env = { CONVEYOR_URL: "u", CONVEYOR_TOKEN: "t", CONVEYOR_TOKEN_FILE: "f", CONVEYOR_NAMESPACE: "n", CONVEYOR_QUEUES: "q", CONVEYOR_TEST_LOG_LEVEL: "info", CONVEYOR_CONFIG_FILE: "c.json", CONVEYOR_WEBHOOK_SECRET_FILE: "s" };
    expect(unknownConveyorVariables(env)).toEqual([]);
  });
});
