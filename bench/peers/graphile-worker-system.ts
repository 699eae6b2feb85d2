// graphile-worker (PostgreSQL): jobs added in batches with WorkerUtils.addJobs; the worker runs with
// the settings of graphile-worker's performance page (concurrentJobs 24, maxPoolSize 25, a local
// queue of 500 and batched completion).
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { Logger, makeWorkerUtils, run, type WorkerUtils } from "graphile-worker";
import { admin, databaseUrl } from "../bench-support.ts";
import { forkPeerWorker, packageVersion, peakRssMiB, ProbeStarts, stopChild, type BenchSystem } from "./bench-system.ts";

const workerPreset = { concurrentJobs: 24, maxPoolSize: 25, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 };

export async function makeGraphileWorkerSystem(): Promise<BenchSystem> {
  const database = `peers_graphile_worker_${process.pid}`;
  const url = databaseUrl(database);
  const probes = new ProbeStarts();
  let utils: WorkerUtils | undefined;
  let pool: pg.Pool | undefined;
  let worker: ChildProcess | undefined;
  const system: BenchSystem = {
    name: "graphile-worker",
    database,
    version: await packageVersion("graphile-worker"),
    setup: `addJobs of 1,000; run() with ${JSON.stringify(workerPreset)} (graphile-worker's performance page)`,
    async start() {
      await admin(`drop database if exists ${database} with (force)`);
      await admin(`create database ${database}`);
      utils = await makeWorkerUtils({ connectionString: url });
      await utils.migrate();
      pool = new pg.Pool({ connectionString: url, max: 1 });
      worker = forkPeerWorker("graphile-worker", { PEER_DATABASE_URL: url });
      probes.listen(worker);
      await probes.startedAt(await system.enqueueProbe());
    },
    async enqueueNoops(count) {
      await utils!.addJobs(Array.from({ length: count }, () => ({ identifier: "noop", payload: {} })));
    },
    async completedNoops(enqueued) {
      // A completed job is deleted, so what is done is what was enqueued and is gone.
      const { rows } = await pool!.query<{ n: number }>("select count(*)::int as n from graphile_worker._private_jobs");
      return enqueued - rows[0]!.n;
    },
    async enqueueProbe() {
      return String((await utils!.addJob("probe", {})).id);
    },
    probeStartedAt: (id) => probes.startedAt(id),
    async peakRssMiB() {
      return { worker: await peakRssMiB(worker!.pid!) };
    },
    async close() {
      if (worker) await stopChild(worker);
      await utils?.release();
      await pool?.end();
      await admin(`drop database if exists ${database} with (force)`);
    },
  };
  return system;
}

// graphile-worker logs every completed job at "info"; a bench pays for warnings and errors only.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`graphile-worker ${level}: ${message}`);
});

/** The worker process's side: runs until SIGTERM. */
export async function runGraphileWorker(report: (id: string, startedAt: number) => void): Promise<void> {
  const runner = await run({
    connectionString: process.env["PEER_DATABASE_URL"]!,
    noHandleSignals: true,
    logger: quietLogger,
    preset: { worker: workerPreset },
    taskList: {
      noop: async () => {},
      probe: async (_payload, helpers) => report(String(helpers.job.id), performance.timeOrigin + performance.now()),
    },
  });
  process.once("SIGTERM", () => void runner.stop());
  await runner.promise;
}
