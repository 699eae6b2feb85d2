import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { testEnv } from "./test-env.ts";

const run = promisify(execFile);

/**
 * Removes what earlier, interrupted runs left behind: test databases whose creating process has
 * exited, and the broker queues and exchanges of test installations whose database is gone. Quorum
 * queues cost the broker CPU even when idle, so leftovers would slow every later run on the machine.
 *
 * ┃ Runs in other checkouts may be testing at this moment. ┃ A database is kept while the
 * process named in it lives (conveyor_test_<pid: 6 hex digits><4 random>, conveyor_test_template_<pid>)
 * or while it has connections: a database just created has none yet, and dropping it on that
 * alone broke a neighbour's run. An installation's broker objects are kept while its database
 * exists (it is created first).
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
    const abandoned = rows.filter((row) => isAbandoned(row.datname, row.connections));
    for (const row of abandoned) await admin.query(`drop database if exists "${row.datname}" with (force)`).catch(() => {});
    live = new Set(rows.filter((row) => !abandoned.includes(row)).map((row) => row.datname.replace(/^conveyor_test_/, "")));
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

/** A test database is abandoned when the process named in it has exited and nothing is connected to it. */
function isAbandoned(database: string, connections: number): boolean {
  if (connections > 0) return false;
  const template = /^conveyor_test_template_(\d+)$/.exec(database);
  const installation = /^conveyor_test_([0-9a-f]{6})[0-9a-f]{4}$/.exec(database);
  const pid = template ? Number(template[1]) : installation ? parseInt(installation[1]!, 16) : undefined;
  if (pid === undefined || pid === 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
