import type { Client } from "@connectrpc/connect";
import type { JobService, WatchJobResponse } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { within } from "./rpc.ts";

/** One WatchJob stream, read one message at a time, each read bounded so that a test fails instead of hanging. */
export interface WatchStream {
  /** The next message; throws when the stream ended instead, or with the stream's error. */
  next(timeoutMs?: number): Promise<WatchJobResponse>;
  /** Resolves when the stream ends with OK; throws when a message or an error comes instead. */
  ended(timeoutMs?: number): Promise<void>;
  /** Hangs up (the server sees the client cancel). */
  close(): void;
}

export function watchJob(jobs: Client<typeof JobService>, request: { namespace?: string; id: string }): WatchStream {
  const abort = new AbortController();
  const iterator = jobs.watchJob(request, { signal: abort.signal })[Symbol.asyncIterator]();
  return {
    async next(timeoutMs = 5_000) {
      const result = await within(iterator.next(), timeoutMs, `WatchJob ${request.id}: next message`);
      if (result.done) throw new Error(`WatchJob ${request.id}: the stream ended instead of sending a message`);
      return result.value;
    },
    async ended(timeoutMs = 5_000) {
      const result = await within(iterator.next(), timeoutMs, `WatchJob ${request.id}: end of stream`);
      if (!result.done) throw new Error(`WatchJob ${request.id}: expected the end, got ${JSON.stringify(result.value, bigints)}`);
    },
    close: () => abort.abort(),
  };
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
