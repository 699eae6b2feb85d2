/**
 * The database's share of a job's cost: times the batched store operations a job goes through
 * (insert, lease, complete), without the broker or RPCs. Prints rows per second per operation.
 *
 *   node bench/store-ops.ts [--jobs 20000] [--batch 500]
 */
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { uuidv7 } from "uuidv7";
import { Database } from "../server/src/store/database.ts";
import { insertJobs } from "../server/src/store/job-store.ts";
import { leaseJobs, completeJobs } from "../server/src/store/lease-store.ts";
import { admin, databaseUrl, progress } from "./bench-support.ts";
import type { NewJob } from "../server/src/store/job-row.ts";

const { values: args } = parseArgs({ options: { jobs: { type: "string", default: "20000" }, batch: { type: "string", default: "500" } } });
const total = Number(args.jobs);
const batch = Number(args.batch);
const name = `conveyor_bench_store_${process.pid}`;
await admin(`create database ${name}`);
const db = await Database.connect({ url: databaseUrl(name), poolSize: 4 });
try {
  await db.migrate();
  if (process.env["EXP"]) await db.query(process.env["EXP"]);
  const newJob = (): NewJob => ({
    id: uuidv7(), queue: "q", type: "noop", payload: null, payloadBytes: null, priority: 0, runAt: null, delayMs: 0,
    maxAttempts: 5, backoffInitialMs: 1000, backoffMultiplier: 2, backoffMaxMs: 3_600_000, backoffJitter: 0.2,
    timeoutMs: 60_000, idempotencyKey: null, labels: {},
  });
  const ids: string[] = [];
  const timed = async (label: string, step: (offset: number) => Promise<void>) => {
    const t0 = performance.now();
    for (let offset = 0; offset < total; offset += batch) {
      await step(offset);
      progress(label.padEnd(9), Math.min(offset + batch, total), total);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`  ${label.padEnd(9)} ${Math.round(total / seconds).toLocaleString("en")} jobs/s (batches of ${batch})`);
  };
  await timed("insert", async () => {
    const jobs = Array.from({ length: batch }, newJob);
    await insertJobs(db, "default", jobs, { delayHorizonMs: 300_000, leaseAheadMs: 0 });
    ids.push(...jobs.map((j) => j.id));
  });
  const leases = new Map<string, string>();
  await timed("lease", async (offset) => {
    const leased = await leaseJobs(db, ids.slice(offset, offset + batch).map((jobId) => ({ jobId, workerId: "w", promote: false, namespace: "default", queue: "q" })), 30_000);
    for (const [id, row] of leased.leased) leases.set(id, row.lease_id!);
  });
  await timed("complete", async (offset) => {
    await completeJobs(db, ids.slice(offset, offset + batch).map((jobId) => ({ jobId, leaseId: leases.get(jobId) ?? randomUUID(), result: { ok: true }, resultBytes: null })));
  });
} finally {
  await db.close();
  await admin(`drop database if exists ${name} with (force)`);
}
