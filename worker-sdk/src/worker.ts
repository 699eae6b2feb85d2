import type { JsonObject } from "@bufbuild/protobuf";
import type { JobHandler, JobTypeMap } from "./job-context.ts";
import type { WorkerState } from "./lifecycle.ts";
import type { HandlerResult } from "./payload.ts";

/** The Lease stream: connecting (or waiting to reconnect), connected, or down. */
export type ConnectionState = "disconnected" | "connecting" | "connected";

/** Counters since the worker started; a snapshot each time `worker.stats` is read. */
export interface WorkerStats {
  /** Jobs the server pushed. */
  leased: number;
  /** Handlers executing now. */
  running: number;
  /** Leases held now: waiting for a slot, running, or being reported. */
  held: number;
  /** Completions the server accepted. */
  succeeded: number;
  /** Failures the server accepted. */
  failed: number;
  /** Leases that ended without a report: cancelled, timed out, lost, or given up at shutdown. */
  released: number;
  /** Reports the server refused (the lease was no longer held) or that could not be delivered. */
  refused: number;
}

export interface StopOptions {
  /** Skip the drain wait: abort running handlers at once (they still get abortGraceMs to return). */
  force?: boolean;
}

export interface WorkerEvents {
  state: [state: WorkerState, previous: WorkerState];
  connection: [state: ConnectionState, error: unknown];
}

/**
 * A Conveyor worker. `TMap` maps job types to payload types, so that `handle("send_email", ...)`
 * types `job.payload`; types outside the map get JSON objects.
 */
export interface Worker<TMap extends JobTypeMap = Record<never, never>> {
  readonly workerId: string;
  readonly state: WorkerState;
  readonly connection: ConnectionState;
  readonly stats: WorkerStats;

  /** Registers the handler for a job type (before run()). The registered types are the ones leased. */
  handle<K extends keyof TMap & string>(type: K, handler: JobHandler<TMap[K]>): this;
  handle<P = JsonObject, R extends HandlerResult = HandlerResult>(type: string, handler: JobHandler<P, R>): this;

  /**
   * Connects, leases and runs jobs, reconnecting with backoff when the stream breaks. Resolves
   * once stop() has finished; rejects when the server refuses the worker for good
   * (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED).
   */
  run(): Promise<void>;

  /**
   * Sends LeaseDrain, waits up to drainTimeoutMs for running handlers, aborts the rest, reports
   * what finished, closes the stream. Idempotent: every call returns the same promise.
   */
  stop(options?: StopOptions): Promise<void>;

  /** SIGTERM/SIGINT -> stop(); a second signal -> stop({ force: true }). Returns an uninstaller. */
  installSignalHandlers(signals?: readonly NodeJS.Signals[]): () => void;

  /** Subscribes to lifecycle and connection changes; returns an unsubscriber. */
  on<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): () => void;
}
