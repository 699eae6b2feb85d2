import { randomBytes } from "node:crypto";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { afterAll, beforeAll, inject } from "vitest";
import { loadConfig, type ConfigInput } from "../../server/src/config/config.ts";
import { startConveyorServer, type ConveyorServer } from "../../server/src/conveyor-server.ts";
import { DELAY_BUCKETS_MS, makeTopology } from "../../server/src/broker/topology.ts";
import { createLogger } from "../../server/src/logging/logger.ts";
import { databaseUrl, testEnv } from "./test-env.ts";

export interface TestInstallation {
  /** A database of its own, copied from the migrated template. */
  databaseUrl: string;
  /** A broker prefix of its own. */
  amqpPrefix: string;
  /** Settings for a server of this installation (several may share it). */
  config(overrides?: ConfigInput): ReturnType<typeof loadConfig>;
  /** Starts another server process-in-process on this installation; closed in afterAll. */
  startServer(overrides?: ConfigInput): Promise<ConveyorServer>;
  /** A query on this installation's database. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
}

export interface UseConveyorOptions {
  /**
   * Start the file's first in-process server in beforeAll. Defaults to true; with false, server()
   * throws and the file starts its servers itself (installation.startServer or a child process).
   */
  startServer?: boolean;
}

/**
 * Gives the calling test file an installation of its own (database and broker prefix) and one
 * running server, and removes all of it afterwards: runs never collide and leave nothing behind.
 */
export function useConveyor(
  overrides: ConfigInput = {},
  options: UseConveyorOptions = {},
): { installation: TestInstallation; server: () => ConveyorServer } {
  // The creating process's id leads the suffix (6 hex digits, then 4 random ones): a sweep by
  // another run on this machine keeps the database while that process lives (sweep-leftovers.ts).
  const suffix = installationSuffix();
  const name = `conveyor_test_${suffix}`;
  const amqpPrefix = `test-${suffix}`;
  const servers: ConveyorServer[] = [];
  let pool: pg.Pool | undefined;
  let first: ConveyorServer | undefined;

  const installation: TestInstallation = {
    databaseUrl: databaseUrl(name),
    amqpPrefix,
    config: (more = {}) =>
      loadConfig(
        {},
        {
          port: 0,
          host: "127.0.0.1",
          databaseUrl: databaseUrl(name),
          amqpUrl: testEnv.amqpUrl,
          amqpPrefix,
          autoMigrate: false,
          logLevel: (process.env["CONVEYOR_TEST_LOG_LEVEL"] as never) ?? "silent",
          shutdownGraceMs: 2_000,
          // Explicitly off: the suites test jobs, not tokens; test/auth.test.ts turns it on.
          authMode: "off",
          ...overrides,
          ...more,
        },
      ),
    async startServer(more = {}) {
      const server = await startConveyorServer(installation.config(more), createLogger(installation.config(more).logLevel));
      servers.push(server);
      return server;
    },
    async sql(text, values) {
      if (!pool) {
        pool = new pg.Pool({ connectionString: databaseUrl(name), max: 2 });
        // pool.end() resolves before its connections have closed; the forced DROP DATABASE in
        // afterAll can then terminate one, whose FATAL error would be an uncaught exception.
        // Query errors still reject their queries.
        pool.on("connect", (client) => client.on("error", () => {}));
        pool.on("error", () => {});
      }
      return (await pool.query(text, values)).rows;
    },
  };

  beforeAll(async () => {
    await withAdmin((admin) => admin.query(`create database ${name} template ${inject("templateDatabase")}`));
    if (options.startServer !== false) first = await installation.startServer();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    // Every ready queue belongs to a (namespace, queue) pair that has jobs: that finds the ones
    // declared by child-process servers and workers too.
    const queues = await installation.sql<{ namespace: string; queue: string }>("select distinct namespace, queue from jobs").catch(() => []);
    await pool?.end();
    await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    const topology = makeTopology(amqpPrefix);
    await deleteBrokerObjects(amqpPrefix, queues.map((q) => topology.readyQueue(q.namespace, q.queue)));
  });

  return {
    installation,
    server: () => {
      if (!first) throw new Error(options.startServer === false ? "useConveyor was told not to start a server" : "the server starts in beforeAll");
      return first;
    },
  };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Deletes the exchanges and queues a test's servers declared under its prefix. */
async function deleteBrokerObjects(prefix: string, readyQueues: string[]): Promise<void> {
  const topology = makeTopology(prefix);
  const connection = new Connection({ url: testEnv.amqpUrl, connectionName: "conveyor-test-cleanup" });
  try {
    await connection.onConnect(5_000);
    const queues = [topology.deadLetterQueue, ...DELAY_BUCKETS_MS.map((ms) => topology.delayQueue(ms)), ...readyQueues];
    for (const queue of queues) await connection.queueDelete({ queue }).catch(() => {});
    for (const exchange of [topology.readyExchange, topology.delayedExchange, topology.deadExchange]) {
      await connection.exchangeDelete({ exchange }).catch(() => {});
    }
  } finally {
    await connection.close();
  }
}

/** Ten hex digits: this process's id (six), then four random ones. */
export function installationSuffix(): string {
  return process.pid.toString(16).padStart(6, "0").slice(-6) + randomBytes(2).toString("hex");
}
