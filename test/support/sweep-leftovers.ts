import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { testEnv } from "./test-env.ts";

const run = promisify(execFile);

/**
 * Removes what earlier, interrupted runs left behind: test databases nobody is connected to, and
 * the broker queues and exchanges of test installations whose database is gone. Quorum queues
 * cost the broker CPU even when idle, so leftovers would slow every later run on the machine.
 * Objects of a run in progress are kept: its databases have connections.
 */
export async function sweepLeftovers(): Promise<void> {
  const admin = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  let live: Set<string>;
  try {
    const { rows } = await admin.query<{ datname: string; connections: number }>(
      `select d.datname, (select count(*) from pg_stat_activity a where a.datname = d.datname)::int as connections
       from pg_database d where d.datname like 'conveyor\\_test\\_%'`,
    );
    for (const row of rows.filter((r) => r.connections === 0 && isAbandoned(r.datname))) {
      await admin.query(`drop database if exists "${row.datname}" with (force)`).catch(() => {});
    }
    live = new Set(rows.filter((r) => r.connections > 0).map((r) => r.datname.replace(/^conveyor_test_/, "")));
  } finally {
    await admin.end();
  }
  // Listing needs rabbitmqctl (a local broker); without it there is nothing to sweep here.
  const list = async (what: "queues" | "exchanges") =>
    (await run("rabbitmqctl", ["-q", `list_${what}`, "name"], { timeout: 20_000 }).catch(() => ({ stdout: "" }))).stdout
      .split("\n")
      .filter((name) => /^test-[0-9a-f]{10}\./.test(name) && !live.has(name.slice(5, 15)));
  const [queues, exchanges] = [await list("queues"), await list("exchanges")];
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
