/**
 * End-to-end benchmark: one server process, worker processes running no-op jobs, and this
 * process as the producer. Prints throughput (first submit to last durable completion, as
 * recorded in Postgres), submit latency, and enqueue-to-start latency on an idle system.
 *
 *   npm run bench -- [--jobs 50000] [--workers 1] [--concurrency 200] [--batch 500] [--producers 4] [--rounds 3]
 */
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { median, percentile, progress, startInstallation, waitForWorkers } from "./bench-support.ts";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "50000" },
    workers: { type: "string", default: "1" },
    concurrency: { type: "string", default: "200" },
    batch: { type: "string", default: "500" },
    producers: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    "latency-jobs": { type: "string", default: "300" },
    "queue-type": { type: "string", default: "quorum" },
  },
});
const totalJobs = Number(args.jobs);
const batchSize = Number(args.batch);
const rounds = Number(args.rounds);

const installation = await startInstallation("tp", { CONVEYOR_AMQP_QUEUE_TYPE: args["queue-type"]! });
try {
  const client = createClient(JobService, createGrpcTransport({ baseUrl: installation.url }));
  // Handler start times reported by the workers over IPC, kept until the latency phase reads them
  // (a start can arrive before the SubmitJob response does).
  const starts = new Map<string, number>();
  let onStart: (() => void) | undefined;
  let recordStarts = true;
  for (let i = 0; i < Number(args.workers); i++) {
    const worker = installation.startWorker({ BENCH_QUEUE: "bench", BENCH_CONCURRENCY: args.concurrency! });
    worker.on("message", (message: { id: string; startedAt: number }) => {
      if (!recordStarts) return;
      starts.set(message.id, message.startedAt);
      onStart?.();
    });
  }
  const startOf = async (id: string): Promise<number> => {
    while (!starts.has(id)) await new Promise<void>((resolve) => (onStart = resolve));
    return starts.get(id)!;
  };
  await waitForWorkers(client);
  if (process.env["BENCH_EXPERIMENT_SQL"]) await installation.pool.query(process.env["BENCH_EXPERIMENT_SQL"]);

  // --- Latency on an idle system: one job at a time.
  const latencyJobs = Number(args["latency-jobs"]);
  const submitMs: number[] = [];
  const startMs: number[] = [];
  for (let i = 0; i < latencyJobs; i++) {
    const t0 = performance.timeOrigin + performance.now();
    const { job } = await client.submitJob({ job: { queue: "bench", type: "noop" } });
    submitMs.push(performance.timeOrigin + performance.now() - t0);
    startMs.push((await startOf(job!.id)) - t0);
    // Idle between jobs, so that each one meets a quiet system.
    await new Promise((resolve) => setTimeout(resolve, 5));
    progress("latency   ", i + 1, latencyJobs);
  }

  recordStarts = false;

  // --- Throughput: all jobs submitted in batches by concurrent producers while the workers run.
  const results: { jobsPerSecond: number; batchP50: number; batchP99: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const before = await succeededCount(installation.pool);
    const batchMs: number[] = [];
    let next = 0;
    const first = Date.now();
    const producer = async () => {
      while (next < totalJobs) {
        const size = Math.min(batchSize, totalJobs - next);
        next += size;
        const t0 = performance.now();
        await client.submitJobs({ jobs: Array.from({ length: size }, () => ({ queue: "bench", type: "noop" })) });
        batchMs.push(performance.now() - t0);
      }
    };
    const producing = Promise.all(Array.from({ length: Number(args.producers) }, producer));
    let done = 0;
    while (done < totalJobs) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      done = (await succeededCount(installation.pool)) - before;
      const seconds = (Date.now() - first) / 1000;
      progress(`round ${round}/${rounds}`, Math.min(done, totalJobs), totalJobs, `${Math.round(done / seconds).toLocaleString("en")} jobs/s`);
    }
    await producing;
    const { rows } = await installation.pool.query<{ last: Date }>("select max(finished_at) as last from jobs where state = 'SUCCEEDED'");
    const seconds = (rows[0]!.last.getTime() - first) / 1000;
    batchMs.sort((a, b) => a - b);
    results.push({ jobsPerSecond: totalJobs / seconds, batchP50: percentile(batchMs, 50), batchP99: percentile(batchMs, 99) });
  }

  submitMs.sort((a, b) => a - b);
  startMs.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  console.log(`\nConveyor end to end: ${args.workers} worker process(es) x ${args.concurrency} concurrency, ${args["queue-type"]} queues`);
  console.log(`  throughput (${totalJobs.toLocaleString("en")} no-op jobs, batches of ${batchSize}, ${args.producers} producers), first submit to last durable completion:`);
  results.forEach((r, i) => console.log(`    round ${i + 1}: ${Math.round(r.jobsPerSecond).toLocaleString("en")} jobs/s  (SubmitJobs of ${batchSize}: p50 ${f(r.batchP50)} ms, p99 ${f(r.batchP99)} ms)`));
  console.log(`    median: ${Math.round(median(results.map((r) => r.jobsPerSecond))).toLocaleString("en")} jobs/s`);
  console.log(`  idle system, ${latencyJobs} jobs one at a time:`);
  console.log(`    SubmitJob latency      p50 ${f(percentile(submitMs, 50))} ms, p99 ${f(percentile(submitMs, 99))} ms`);
  console.log(`    enqueue-to-start       p50 ${f(percentile(startMs, 50))} ms, p99 ${f(percentile(startMs, 99))} ms`);
} finally {
  await installation.close();
}

async function succeededCount(pool: import("pg").Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("select count(*) as n from jobs where state = 'SUCCEEDED'");
  return Number(rows[0]!.n);
}
