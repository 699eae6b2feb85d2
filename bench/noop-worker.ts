// A worker process for the benchmarks: no-op handlers that report when they started.
import { createWorker } from "@conveyor/worker-sdk";

const worker = createWorker({
  url: process.env["CONVEYOR_URL"]!,
  queues: [process.env["BENCH_QUEUE"] ?? "bench"],
  concurrency: Number(process.env["BENCH_CONCURRENCY"] ?? 200),
});
// With an IPC channel (the latency benchmarks), tell the parent when each handler starts.
const report = process.send ? (id: string, startedAt: number) => process.send!({ id, startedAt }) : undefined;
// BENCH_REPORT_NOOP=0: only "probe" jobs report, so that a throughput run pays no IPC per job.
const reportNoop = process.env["BENCH_REPORT_NOOP"] !== "0" ? report : undefined;
worker.handle("noop", async (job) => {
  const startedAt = performance.timeOrigin + performance.now();
  reportNoop?.(job.id, startedAt);
  return { startedAt };
});
worker.handle("probe", async (job) => {
  report?.(job.id, performance.timeOrigin + performance.now());
});
worker.installSignalHandlers();
await worker.run();
