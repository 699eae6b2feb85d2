// The leftover sweep that every test run starts with (global-setup.ts) shares the machine with
// other checkouts' runs: it must remove only what interrupted runs left, never a running test's
// database or broker objects, however slowly rabbitmqctl answers on a loaded machine.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installationSuffix } from "./support/conveyor-harness.ts";
import { sweepLeftovers } from "./support/sweep-leftovers.ts";
import { databaseUrl, testEnv } from "./support/test-env.ts";

let admin: pg.Client;
let broker: Connection;
const made: { databases: string[]; exchanges: string[] } = { databases: [], exchanges: [] };
const holders: pg.Client[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  broker = new Connection({ url: testEnv.amqpUrl, connectionName: "conveyor-test-sweep-spec" });
  await broker.onConnect(10_000);
});

afterAll(async () => {
  for (const holder of holders) await holder.end().catch(() => {});
  for (const database of made.databases) await admin.query(`drop database if exists ${database} with (force)`);
  for (const exchange of made.exchanges) await broker.exchangeDelete({ exchange }).catch(() => {});
  await admin.end();
  await broker.close();
});

/** An installation as useConveyor makes one: its database (with a connection, as a running server holds), then its exchange. */
async function startInstallation(): Promise<{ database: string; exchange: string }> {
  const suffix = installationSuffix();
  const database = `conveyor_test_${suffix}`;
  const exchange = `test-${suffix}.ready`;
  made.databases.push(database);
  made.exchanges.push(exchange);
  await admin.query(`create database ${database}`);
  const holder = new pg.Client({ connectionString: databaseUrl(database) });
  await holder.connect();
  holders.push(holder);
  await broker.exchangeDeclare({ exchange, type: "topic", durable: true });
  return { database, exchange };
}

async function exchangeExists(exchange: string): Promise<boolean> {
  // A passive declare of a missing exchange closes the channel: use one of its own.
  const channel = await broker.acquire();
  try {
    await channel.exchangeDeclare({ exchange, passive: true });
    return true;
  } catch {
    return false;
  } finally {
    await channel.close().catch(() => {});
  }
}

async function databaseExists(database: string): Promise<boolean> {
  const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [database]);
  return rowCount === 1;
}

describe("sweepLeftovers", () => {
  it("keeps the database and exchanges of an installation that starts while it runs, and deletes an orphaned exchange", async () => {
    const orphan = `test-${randomBytes(5).toString("hex")}.ready`;
    made.exchanges.push(orphan);
    await broker.exchangeDeclare({ exchange: orphan, type: "topic", durable: true });

    const sweeping = sweepLeftovers();
    // rabbitmqctl takes a second or more to start: this installation appears while it lists.
    const started = await startInstallation();
    await sweeping;

    expect(await databaseExists(started.database)).toBe(true);
    expect(await exchangeExists(started.exchange)).toBe(true);
    expect(await exchangeExists(orphan)).toBe(false);
  }, 120_000);

  it("keeps a fresh database of a live process that has no connection yet (its server is still starting)", async () => {
    const database = `conveyor_test_${installationSuffix()}`;
    made.databases.push(database);
    await admin.query(`create database ${database}`);
    await sweepLeftovers();
    expect(await databaseExists(database)).toBe(true);
  }, 120_000);
});
