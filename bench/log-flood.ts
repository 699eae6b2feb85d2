/**
 * A worker that floods logs cannot slow the others: the latency and throughput of no-op jobs on
 * one worker, alone and then while another worker process runs handlers that call ctx.log() in a
 * tight loop (a few hundred thousand lines a second), on the same server.
 *
 * What bounds the flood: the SDK buffers at most 10,000 lines and sends one batch of at most 1,000
 * every 200 ms with one in flight, the server stores a stream's batches one at a time, and each
 * job keeps at most CONVEYOR_JOB_LOG_MAX_LINES lines (excess counted, not stored).
 *
 *   node bench/log-flood.ts [--jobs 3000] [--rate 500] [--flooders 20]
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { percentile, startInstallation } from "./bench-support.ts";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "3000" },
    rate: { type: "string", default: "500" },
    flooders: { type: "string", default: "20" },
  },
});
const jobCount = Number(args.jobs);
const rate = Number(args.rate);
const flooders = Number(args.flooders);

const installation = await startInstallation("flood");
const client = createClient(JobService, createGrpcTransport({ baseUrl: installation.url }));
const starts = new Map<string, number>();
const victim = installation.startWorker({ BENCH_QUEUE: "victim", BENCH_CONCURRENCY: "50" });
victim.on("message", (message: { id: string; startedAt: number }) => starts.set(message.id, message.startedAt));

/** Submits jobCount no-op jobs at `rate` a second; returns the lateness (start - submit) of each, and the throughput. */
async function measure(label: string): Promise<{ label: string; p50: number; p99: number; max: number; jobsPerSecond: number }> {
  const submitted = new Map<string, number>();
  const began = Date.now();
  const batch = Math.max(1, Math.round(rate / 10));
  for (let sent = 0; sent < jobCount; sent += batch) {
    const at = Date.now();
    const { jobs } = await client.submitJobs({ jobs: Array.from({ length: Math.min(batch, jobCount - sent) }, () => ({ queue: "victim", type: "noop" })) });
    for (const job of jobs) submitted.set(job.id, at);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + ((sent + batch) / rate) * 1000 - Date.now())));
  }
  const deadline = Date.now() + 120_000;
  while ([...submitted.keys()].some((id) => !starts.has(id))) {
    if (Date.now() > deadline) throw new Error(`${label}: jobs did not all start within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const lateness = [...submitted].map(([id, at]) => starts.get(id)! - at).sort((a, b) => a - b);
  const last = Math.max(...[...submitted.keys()].map((id) => starts.get(id)!));
  return { label, p50: percentile(lateness, 50), p99: percentile(lateness, 99), max: lateness.at(-1)!, jobsPerSecond: Math.round(jobCount / ((last - began) / 1000)) };
}

let flooder: ReturnType<typeof spawn> | undefined;
try {
  // Warm up: the victim is connected and the path is hot.
  await client.submitJob({ job: { queue: "victim", type: "noop" } });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const alone = await measure("alone");

  flooder = spawn(process.execPath, ["bench/log-flood-worker.ts"], {
    env: { ...process.env, CONVEYOR_URL: installation.url, CONVEYOR_LOG_LEVEL: "warn", BENCH_CONCURRENCY: String(flooders) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let written = 0;
  flooder.on("message", (message: { written: number }) => (written = message.written));
  // Enough flood jobs to outlast the measurement, each logging for 2 s.
  await client.submitJobs({ jobs: Array.from({ length: 1000 }, () => ({ queue: "flood", type: "flood", payload: { kind: { case: "json", value: { ms: 2_000 } } } })) });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const floodStart = Date.now();
  const storedBefore = Number((await installation.pool.query<{ n: string }>("select count(*) as n from job_logs")).rows[0]!.n);
  const flooded = await measure("while another worker floods logs");
  const seconds = (Date.now() - floodStart) / 1000;
  const { rows } = await installation.pool.query<{ stored: string; dropped: string }>(
    "select (select count(*) from job_logs) as stored, (select coalesce(sum(log_lines_dropped), 0) from job_reports) as dropped",
  );

  console.log(`\nvictim: ${jobCount} no-op jobs at ${rate}/s on one worker (concurrency 50); flooder: ${flooders} handlers calling ctx.log() in a loop`);
  console.log("| run | start lateness p50 | p99 | max | jobs/s |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of [alone, flooded]) console.log(`| ${r.label} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | ${r.jobsPerSecond} |`);
  console.log(
    `flood: ${written.toLocaleString("en")} lines written by handlers so far; ${Math.round((Number(rows[0]!.stored) - storedBefore) / seconds).toLocaleString("en")} lines/s stored during the measurement; ` +
      `${Number(rows[0]!.stored).toLocaleString("en")} stored, ${Number(rows[0]!.dropped).toLocaleString("en")} dropped and counted in all`,
  );
} finally {
  flooder?.kill("SIGTERM");
  if (flooder && flooder.exitCode === null) await new Promise((resolve) => flooder!.once("exit", resolve));
  await installation.close();
}
