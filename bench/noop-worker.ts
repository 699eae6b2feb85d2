// A worker process for the benchmarks: no-op handlers that report when they started.
import { createWorker } from "@conveyor/worker-sdk";

const worker = createWorker({
  url: process.env["CONVEYOR_URL"]!,
  queues: [process.env["BENCH_QUEUE"] ?? "bench"],
  concurrency: Number(process.env["BENCH_CONCURRENCY"] ?? 200),
});
// With an IPC channel (the latency benchmark), tell the parent when each handler starts.
const report = process.send ? (id: string, startedAt: number) => process.send!({ id, startedAt }) : undefined;
worker.handle("noop", async (job) => {
  const startedAt = Date.now();
  report?.(job.id, startedAt);
  return { startedAt };
});
worker.installSignalHandlers();
await worker.run();
