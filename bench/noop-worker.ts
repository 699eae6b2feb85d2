// A worker process for the benchmarks: no-op handlers that report when they started.
import { createWorker } from "@conveyor/worker-sdk";

const worker = createWorker({
  url: process.env["CONVEYOR_URL"]!,
  queues: [process.env["BENCH_QUEUE"] ?? "bench"],
  concurrency: Number(process.env["BENCH_CONCURRENCY"] ?? 200),
});
worker.handle("noop", async () => ({ startedAt: Date.now() }));
worker.installSignalHandlers();
await worker.run();
