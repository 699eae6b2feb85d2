// A worker speaking the WorkerService protocol by hand, without the SDK: it records every message
// the server pushes, so that a test can assert what a worker did and did not receive.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import {
  LeaseRequestSchema,
  type JobReportsSchema,
  type LeaseCancellation,
  type LeasedJob,
  type LeasedJobs,
  type LeaseOpenSchema,
  type LeaseRequest,
  type WorkerService,
} from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { AsyncQueue } from "../../server/src/util/async-queue.ts";

export interface RawWorker {
  /** Every job pushed so far, in order. */
  readonly jobs: LeasedJob[];
  readonly cancellations: LeaseCancellation[];
  /** JobReports batch numbers the server acknowledged (ReportsStored), in order. */
  readonly reportsStored: bigint[];
  /** Sends progress and log lines; resolves once the server acknowledged the batch. */
  report(batch: MessageInitShape<typeof JobReportsSchema>, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` jobs in total have been pushed; rejects after timeoutMs or when the stream ends. */
  waitForJobs(count: number, timeoutMs?: number): Promise<LeasedJob[]>;
  /** Resolves once the server accepted LeaseOpen, with its first (empty) message. */
  readonly opened: Promise<LeasedJobs>;
  /** Settles when the stream ends: resolves on OK, rejects with the stream's error. */
  readonly ended: Promise<void>;
  drain(): void;
  /** Sends any request on the stream (a second LeaseOpen, say). */
  send(request: MessageInitShape<typeof LeaseRequestSchema>): void;
  /** Half-closes the stream (the worker is done). */
  close(): void;
  /** Drops the stream at once. */
  abort(): void;
}

export function openRawWorker(workers: Client<typeof WorkerService>, open: MessageInitShape<typeof LeaseOpenSchema>): RawWorker {
  const requests = new AsyncQueue<LeaseRequest>();
  requests.push(create(LeaseRequestSchema, { message: { case: "open", value: open } }));
  const abort = new AbortController();
  const jobs: LeasedJob[] = [];
  const cancellations: LeaseCancellation[] = [];
  const reportsStored: bigint[] = [];
  const waiters = new Set<() => void>();
  let openedResolve!: (first: LeasedJobs) => void;
  const opened = new Promise<LeasedJobs>((resolve) => (openedResolve = resolve));
  let endedWith: { error: unknown } | undefined;

  const ended = (async () => {
    try {
      for await (const response of workers.lease(requests, { signal: abort.signal })) {
        if (response.message.case === "jobs") {
          openedResolve(response.message.value);
          jobs.push(...response.message.value.jobs);
        }
        else if (response.message.case === "cancellation") cancellations.push(response.message.value);
        else if (response.message.case === "reportsStored") reportsStored.push(response.message.value.batch);
        for (const wake of [...waiters]) wake();
      }
      endedWith = { error: undefined };
    } catch (error) {
      endedWith = { error };
      throw error;
    } finally {
      for (const wake of [...waiters]) wake();
    }
  })();
  ended.catch(() => {});

  /** Resolves once `done()` holds, re-checked on every message; rejects after timeoutMs or when the stream ends. */
  const waitFor = (done: () => boolean, what: () => string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) return finish(resolve);
        if (endedWith) finish(() => reject(new Error(`the lease stream ended (${String(endedWith!.error ?? "OK")}) before ${what()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${what()}: nothing within ${timeoutMs}ms`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    jobs,
    cancellations,
    reportsStored,
    opened,
    ended,
    report(batch, timeoutMs = 10_000) {
      requests.push(create(LeaseRequestSchema, { message: { case: "reports", value: batch } }));
      const number = BigInt(batch.batch ?? 0);
      return waitFor(() => reportsStored.includes(number), () => `ReportsStored for batch ${number}`, timeoutMs);
    },
    async waitForJobs(count, timeoutMs = 10_000) {
      await waitFor(() => jobs.length >= count, () => `${jobs.length} of ${count} jobs pushed`, timeoutMs);
      return jobs.slice(0, count);
    },
    drain: () => requests.push(create(LeaseRequestSchema, { message: { case: "drain", value: {} } })),
    send: (request) => requests.push(create(LeaseRequestSchema, request)),
    close: () => requests.close(),
    abort: () => {
      requests.close();
      abort.abort();
    },
  };
}
