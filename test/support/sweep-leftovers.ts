import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { testEnv } from "./test-env.ts";

const run = promisify(execFile);

/** A test database younger than this is never dropped: its server may not have connected yet. */
const FRESH_DATABASE_MS = 10 * 60_000;

/**
 * Removes what earlier, interrupted runs left behind: test databases nobody is connected to, and
 * the broker queues and exchanges of test installations whose database is gone. Quorum queues
 * cost the broker CPU even when idle, so leftovers would slow every later run on the machine.
 *
 * Runs in other checkouts may be starting installations meanwhile, so the order matters: broker
 * objects are listed first and databases read after, and an installation creates its database
 * before any broker object, so every listed object of a live installation finds its database.
 * (Listing databases first let a slow rabbitmqctl list an installation made in between, and the
 * sweep deleted a running test's exchanges.) A database is dropped only when it has no connection
 * and is older than FRESH_DATABASE_MS, so one whose server is still starting is kept.
 */
export async function sweepLeftovers(): Promise<void> {
  // Listing needs rabbitmqctl (a local broker); without it there is nothing to sweep there.
  const list = async (what: "queues" | "exchanges") =>
    (await run("rabbitmqctl", ["-q", `list_${what}`, "name"], { timeout: 20_000 }).catch(() => ({ stdout: "" }))).stdout
      .split("\n")
      .filter((name) => /^test-[0-9a-f]{10}\./.test(name));
  const [listedQueues, listedExchanges] = [await list("queues"), await list("exchanges")];

  const admin = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  let kept: Set<string>;
  try {
    const { rows } = await admin.query<{ datname: string; connections: number; age_ms: number | null }>(
      `select d.datname, (select count(*) from pg_stat_activity a where a.datname = d.datname)::int as connections,
              ${await databaseAgeSql(admin)} as age_ms
       from pg_database d where d.datname like 'conveyor\\_test\\_%'`,
    );
    const abandoned = rows.filter((r) => r.connections === 0 && r.age_ms !== null && r.age_ms > FRESH_DATABASE_MS && isAbandoned(r.datname));
    for (const row of abandoned) {
      await admin.query(`drop database if exists "${row.datname}" with (force)`).catch(() => {});
    }
    kept = new Set(rows.filter((r) => !abandoned.includes(r)).map((r) => r.datname.replace(/^conveyor_test_/, "")));
  } finally {
    await admin.end();
  }
  const orphaned = (name: string) => !kept.has(name.slice(5, 15));
  const [queues, exchanges] = [listedQueues.filter(orphaned), listedExchanges.filter(orphaned)];
  if (queues.length === 0 && exchanges.length === 0) return;
  const connection = new Connection({ url: testEnv.amqpUrl, connectionName: "conveyor-test-sweeper" });
  try {
    await connection.onConnect(5_000);
    for (const queue of queues) await connection.queueDelete({ queue }).catch(() => {});
    for (const exchange of exchanges) await connection.exchangeDelete({ exchange }).catch(() => {});
  } finally {
    await connection.close();
  }
}

/**
 * A database's age in milliseconds, from the files CREATE DATABASE wrote (pg_stat_file needs a
 * superuser, as the local test role is); null, which keeps every database, where it is not allowed.
 */
async function databaseAgeSql(admin: pg.Client): Promise<string> {
  const sql = "extract(epoch from now() - (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification) * 1000";
  const allowed = await admin.query(`select ${sql} from pg_database d limit 1`).then(
    () => true,
    () => false,
  );
  return allowed ? sql : "null::float8";
}

/**
 * A template (conveyor_test_template_<pid>) has no connections between test files, so it counts
 * as abandoned only when the run that made it has exited. Any other test database without
 * connections is abandoned: a live one always holds its server's LISTEN connection.
 */
function isAbandoned(database: string): boolean {
  const template = /^conveyor_test_template_(\d+)$/.exec(database);
  if (!template) return true;
  try {
    process.kill(Number(template[1]), 0);
    return false;
  } catch {
    return true;
  }
}
