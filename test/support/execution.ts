// Helpers for the execution suites: SDK workers that are always stopped, waiting for a job's state
// through WatchJob, reading a job's history, and small synchronisation primitives.
import type { Client } from "@connectrpc/connect";
import { JobState, type Job } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { createWorker, type Worker, type WorkerOptions } from "@conveyor/worker-sdk";
import type { JobTypeMap } from "@conveyor/worker-sdk";
import { pino } from "pino";
import { afterAll, afterEach } from "vitest";
import type { TestInstallation } from "./conveyor-harness.ts";
import { within } from "./rpc.ts";
import { watchJob } from "./watch.ts";

/** Silent unless CONVEYOR_TEST_LOG_LEVEL says otherwise; on stderr, so that it never mixes with a child's stdout protocol. */
export function testLogger() {
  return pino({ level: process.env["CONVEYOR_TEST_LOG_LEVEL"] ?? "silent" }, pino.destination(2));
}

/** A promise with its resolve function, for "the handler got this far" signals. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  readonly settled: boolean;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((r) => (resolve = r));
  return {
    promise,
    resolve: (value) => {
      settled = true;
      resolve(value);
    },
    get settled() {
      return settled;
    },
  };
}

export interface StartedWorker<TMap extends JobTypeMap> {
  worker: Worker<TMap>;
  /** run()'s promise; rejects when the server refused the worker for good. */
  running: Promise<void>;
}

/**
 * SDK workers for a test file. Each started worker is connected (its Lease stream is open and
 * accepted) when start() resolves, and is force-stopped after each test, even a failed one.
 */
export function useWorkers(url: () => string) {
  const started = new Set<Worker<never>>();
  const stopAll = async () => {
    const workers = [...started];
    started.clear();
    await Promise.all(workers.map((worker) => worker.stop({ force: true }).catch(() => {})));
  };
  afterEach(stopAll);
  afterAll(stopAll);

  return {
    /** Creates a worker, lets `register` add its handlers, runs it and waits until it is connected. */
    async start<TMap extends JobTypeMap = Record<never, never>>(
      options: Omit<WorkerOptions, "url" | "logger"> & { url?: string },
      register: (worker: Worker<TMap>) => void,
    ): Promise<StartedWorker<TMap>> {
      const worker = createWorker<TMap>({ url: url(), logger: testLogger(), abortGraceMs: 1_000, ...options });
      register(worker);
      started.add(worker as unknown as Worker<never>);
      const connected = new Promise<void>((resolve) => {
        const off = worker.on("connection", (state) => {
          if (state === "connected") {
            off();
            resolve();
          }
        });
      });
      const running = worker.run();
      running.catch(() => {});
      await within(Promise.race([connected, running.then(() => Promise.reject(new Error("run() ended before connecting")))]), 10_000, `worker ${worker.workerId} connecting`);
      return { worker, running };
    },
    stopAll,
  };
}

const TERMINAL = new Set([JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED, JobState.SKIPPED]);

/**
 * Watches the job until it reaches `target` and returns it as GetJob shows it then (with its
 * attempts). Fails fast, naming the states seen, when the job ends in another terminal state.
 */
export async function waitForState(
  jobs: Client<typeof JobService>,
  id: string,
  target: JobState,
  timeoutMs = 10_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const watch = watchJob(jobs, { id });
  const seen: string[] = [];
  try {
    let state = (await watch.next(left())).job!.state;
    seen.push(JobState[state]);
    while (state !== target) {
      if (TERMINAL.has(state)) throw new Error(`job ${id} ended ${JobState[state]}, not ${JobState[target]} (states seen: ${seen.join(" -> ")})`);
      try {
        // Progress and log messages come between the transitions: skip them.
        let message = await watch.next(left());
        while (!message.event) message = await watch.next(left());
        state = message.event.toState;
      } catch (error) {
        throw new Error(`job ${id} did not reach ${JobState[target]} (states seen: ${seen.join(" -> ")}): ${(error as Error).message}`);
      }
      seen.push(JobState[state]);
    }
  } finally {
    watch.close();
  }
  return (await jobs.getJob({ id })).job!;
}

/** The job's transitions as stored, oldest first: "->READY", "READY->RUNNING", ... */
export async function jobHistory(installation: TestInstallation, id: string): Promise<string[]> {
  const rows = await installation.sql<{ t: string }>(
    "select coalesce(from_state, '') || '->' || to_state as t from job_events where job_id = $1 order by id",
    [id],
  );
  return rows.map((row) => row.t);
}

/** The job's events with attempt and message, oldest first. */
export async function jobEvents(
  installation: TestInstallation,
  id: string,
): Promise<{ from: string | null; to: string; attempt: number; worker: string | null; message: string | null; at: Date }[]> {
  return installation.sql(
    "select from_state as from, to_state as to, attempt, worker_id as worker, message, at from job_events where job_id = $1 order by id",
    [id],
  );
}

/**
 * Polls `read` until `accept` holds, for conditions nothing announces (the outbox emptying, a
 * broker queue's depth). Bounded: fails with the last value after `timeoutMs`.
 */
export async function pollUntil<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs}ms (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Number of rows in the outbox, including rows a relay has claimed but not yet committed. */
export async function outboxSize(installation: TestInstallation): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from outbox");
  return row!.n;
}

/** Milliseconds between two timestamps from the API. */
export function msBetween(a: { seconds: bigint; nanos: number } | undefined, b: { seconds: bigint; nanos: number } | undefined): number {
  if (!a || !b) throw new Error("missing timestamp");
  return Number(b.seconds - a.seconds) * 1000 + (b.nanos - a.nanos) / 1e6;
}
