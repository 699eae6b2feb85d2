// The peer bench's two measurements, shared by bench/peers/peer-bench.ts and bench/pg-profile.ts.
import { percentile, progress } from "../bench-support.ts";
import { nowMs, type BenchSystem } from "./bench-system.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DrainOptions {
  jobs: number;
  batch: number;
  /** How often the durable completions are counted. */
  pollMs: number;
  timeoutMs: number;
}

/**
 * One producer enqueues `jobs` noop jobs in batches (one batch in flight) while the system's worker
 * drains them. Timed from the first enqueue to the poll that saw the last durable completion.
 */
export async function drain(system: BenchSystem, options: DrainOptions): Promise<{ jobsPerSecond: number; enqueuePerSecond: number }> {
  const { jobs, batch, pollMs, timeoutMs } = options;
  const label = system.name.padEnd(16);
  let enqueued = 0;
  let enqueueEnd = 0;
  let producerError: unknown;
  const first = nowMs();
  const producing = (async () => {
    while (enqueued < jobs) {
      const size = Math.min(batch, jobs - enqueued);
      await system.enqueueNoops(size);
      enqueued += size;
    }
    enqueueEnd = nowMs();
  })().catch((error: unknown) => {
    producerError = error;
  });
  let done = 0;
  while (done < jobs) {
    await sleep(pollMs);
    if (producerError) throw producerError;
    if (nowMs() - first > timeoutMs) throw new Error(`${system.name}: ${done} of ${jobs} jobs done after ${timeoutMs / 1000} s`);
    done = await system.completedNoops(enqueued);
    const seconds = (nowMs() - first) / 1000;
    progress(label, Math.min(done, jobs), jobs, `done, ${enqueued.toLocaleString("en")} enqueued, ${Math.round(done / seconds).toLocaleString("en")} jobs/s`);
  }
  const last = nowMs();
  await producing;
  if (producerError) throw producerError;
  return { jobsPerSecond: jobs / ((last - first) / 1000), enqueuePerSecond: jobs / ((enqueueEnd - first) / 1000) };
}

/** Closed loop on an idle system: one probe job at a time, 5 ms apart, enqueue call to handler start. */
export async function latencySample(system: BenchSystem, samples: number): Promise<{ p50: number; p99: number; max: number }> {
  const latency: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = nowMs();
    const id = await system.enqueueProbe();
    latency.push((await system.probeStartedAt(id)) - t0);
    await sleep(5);
    progress(`${system.name} latency`.padEnd(16), i + 1, samples);
  }
  latency.sort((a, b) => a - b);
  return { p50: percentile(latency, 50), p99: percentile(latency, 99), max: latency.at(-1)! };
}
