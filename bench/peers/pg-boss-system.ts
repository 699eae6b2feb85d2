// pg-boss (PostgreSQL): jobs inserted in batches with insert(); the worker fetches in batches
// (work() with batchSize 100, fetching again at once while batches come back full) on queues
// created with notify and an instance with useListenNotify, so an idle worker wakes on
// LISTEN/NOTIFY instead of waiting for its poll.
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { admin, databaseUrl } from "../bench-support.ts";
import { forkPeerWorker, packageVersion, peakRssMiB, ProbeStarts, stopChild, type BenchSystem } from "./bench-system.ts";

const workOptions = { batchSize: 100, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 };

export async function makePgBossSystem(): Promise<BenchSystem> {
  const database = `peers_pg_boss_${process.pid}`;
  const url = databaseUrl(database);
  const probes = new ProbeStarts();
  let boss: PgBoss | undefined;
  let pool: pg.Pool | undefined;
  let worker: ChildProcess | undefined;
  const system: BenchSystem = {
    name: "pg-boss",
    database,
    version: await packageVersion("pg-boss"),
    setup: `insert() of 1,000; queues with notify: true and the worker's instance with useListenNotify: true; work() with ${JSON.stringify(workOptions)}`,
    async start() {
      await admin(`drop database if exists ${database} with (force)`);
      await admin(`create database ${database}`);
      // The producer keeps no maintenance of its own: the worker's instance does that.
      boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
      boss.on("error", (error) => console.error("pg-boss producer:", error));
      await boss.start();
      await boss.createQueue("noop", { notify: true });
      await boss.createQueue("probe", { notify: true });
      pool = new pg.Pool({ connectionString: url, max: 1 });
      worker = forkPeerWorker("pg-boss", { PEER_DATABASE_URL: url });
      probes.listen(worker);
      await probes.startedAt(await system.enqueueProbe());
    },
    async enqueueNoops(count) {
      await boss!.insert("noop", Array.from({ length: count }, () => ({ data: {} })));
    },
    async completedNoops() {
      const { rows } = await pool!.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = 'noop' and state = 'completed'");
      return rows[0]!.n;
    },
    async enqueueProbe() {
      const id = await boss!.send("probe", {});
      if (!id) throw new Error("pg-boss did not create the probe job");
      return id;
    },
    probeStartedAt: (id) => probes.startedAt(id),
    async peakRssMiB() {
      return { worker: await peakRssMiB(worker!.pid!) };
    },
    async close() {
      if (worker) await stopChild(worker);
      await boss?.stop({ graceful: false });
      await pool?.end();
      await admin(`drop database if exists ${database} with (force)`);
    },
  };
  return system;
}

/** The worker process's side: runs until SIGTERM. */
export async function runPgBossWorker(report: (id: string, startedAt: number) => void): Promise<void> {
  const boss = new PgBoss({ connectionString: process.env["PEER_DATABASE_URL"]!, useListenNotify: true });
  boss.on("error", (error) => console.error("pg-boss worker:", error));
  await boss.start();
  await boss.work("noop", workOptions, async () => {});
  await boss.work("probe", { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) report(job.id, performance.timeOrigin + performance.now());
  });
  await new Promise((resolve) => process.once("SIGTERM", resolve));
  await boss.stop({ graceful: true });
}
