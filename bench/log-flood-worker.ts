// A worker process for bench/log-flood.ts: each "flood" job logs as fast as it can for
// payload.ms milliseconds (yielding to the event loop every 1,000 lines) and reports progress.
import { createWorker } from "@conveyor/worker-sdk";

const worker = createWorker({
  url: process.env["CONVEYOR_URL"]!,
  queues: ["flood"],
  concurrency: Number(process.env["BENCH_CONCURRENCY"] ?? 20),
});
let written = 0;
worker.handle("flood", async (job, ctx) => {
  const ms = Number((job.payload as { ms?: number }).ms ?? 1_000);
  const until = Date.now() + ms;
  let lines = 0;
  while (Date.now() < until) {
    for (let i = 0; i < 1_000; i++) ctx.log(`flood line ${lines++}`, { job: job.id, i });
    ctx.progress(Math.min(100, ((ms - (until - Date.now())) / ms) * 100));
    await new Promise((resolve) => setImmediate(resolve));
  }
  written += lines;
  process.send?.({ written });
  return { lines };
});
worker.installSignalHandlers();
await worker.run();
