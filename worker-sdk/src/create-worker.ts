import { hostname } from "node:os";
import { durationMs } from "@bufbuild/protobuf/wkt";
import {
  CancellationReason,
  type LeaseCancellation,
  type LeasedJob,
  type LeaseOutcome,
  type LeaseResponse,
} from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { backoffDelay, sleep } from "./backoff.ts";
import { JobCancelledError, JobTimeoutError, LeaseLostError, WorkerShutdownError } from "./errors.ts";
import { Heartbeater } from "./heartbeater.ts";
import { HeldJob } from "./held-job.ts";
import type { JobHandler, JobTypeMap } from "./job-context.ts";
import { createJobContext, runHandler, type AnyJobHandler, type HandlerOutcome } from "./job-runner.ts";
import { runInHandlerSpan } from "./job-tracing.ts";
import { JobReporter } from "./job-reporter.ts";
import { LeaseStream } from "./lease-stream.ts";
import { Lifecycle, type WorkerState } from "./lifecycle.ts";
import type { WorkerLogger } from "./logger.ts";
import type { ReportBatcher } from "./report-batcher.ts";
import { createReportChannels, type CompletionItem, type FailureItem } from "./report-channels.ts";
import { createWorkerRpc, describeRpcError, isFatal, isRefusedContent, type WorkerRpc } from "./rpc.ts";
import { SDK_NAME, SDK_VERSION } from "./version.ts";
import type { ConnectionState, StopOptions, Worker, WorkerEvents, WorkerStats } from "./worker.ts";
import { JOB_TYPE, resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from "./worker-options.ts";

/**
 * Creates a worker. Options are validated here (a WorkerOptionsError names each bad one); nothing
 * connects until run().
 *
 *   const worker = createWorker<{ send_email: { to: string } }>({ queues: ["emails"] });
 *   worker.handle("send_email", async (job, ctx) => { await send(job.payload.to, ctx.signal); });
 *   worker.installSignalHandlers();
 *   await worker.run();
 */
export function createWorker<TMap extends JobTypeMap = Record<never, never>>(options: WorkerOptions): Worker<TMap> {
  return new ConveyorWorker<TMap>(resolveWorkerOptions(options));
}

/** How long stop() waits for the server to end the stream after the worker half-closed it. */
const STREAM_CLOSE_GRACE_MS = 2_000;
/** A Lease stream that has not failed for this long counts as connected (see LeaseStream). */
const ASSUME_CONNECTED_AFTER_MS = 1_000;
/** The server's cancellation normally wins; the local timer only covers a lost one. */
const LOCAL_TIMEOUT_GRACE_MS = 1_000;
/** How long a job's report waits for its last progress and log lines to be stored, without the server acknowledging any. */
const REPORT_FLUSH_TIMEOUT_MS = 30_000;
/** setTimeout's limit; longer attempt timeouts get no local timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

class ConveyorWorker<TMap extends JobTypeMap> implements Worker<TMap> {
  readonly workerId: string;
  private readonly options: ResolvedWorkerOptions;
  private readonly logger: WorkerLogger;
  private readonly lifecycle: Lifecycle;
  private readonly handlers = new Map<string, AnyJobHandler>();
  private readonly listeners = new Map<keyof WorkerEvents, Set<(...args: unknown[]) => void>>();
  private readonly rpc: WorkerRpc;
  private readonly completions: ReportBatcher<CompletionItem, LeaseOutcome>;
  private readonly failures: ReportBatcher<FailureItem, LeaseOutcome>;
  private readonly heartbeats: ReportBatcher<HeldJob, LeaseOutcome>;
  private readonly heartbeater: Heartbeater;
  private readonly reporter: JobReporter;

  /** Every lease held, by lease id: queued, running or being reported. */
  private readonly held = new Map<string, HeldJob>();
  /** Leased jobs waiting for a free slot (the server can push more than `concurrency` after a reconnect or a cancellation). */
  private readonly queued: HeldJob[] = [];
  private running = 0;
  private readonly counters = { leased: 0, succeeded: 0, failed: 0, released: 0, refused: 0 };
  private readonly heldWaiters = new Set<() => void>();

  private connectionState: ConnectionState = "disconnected";
  private stream: LeaseStream | undefined;
  /** False once the drain timeout ran out or the stream is being closed: jobs pushed then are released, not run. */
  private acceptingJobs = true;
  private stopping: Promise<void> | undefined;
  /** Interrupts the reconnect backoff when stop() is called. */
  private readonly stopRequested = new AbortController();
  /** Cuts the drain wait short: stop({ force: true }). */
  private readonly forceRequested = new AbortController();
  private fatalError: unknown;

  constructor(options: ResolvedWorkerOptions) {
    this.options = options;
    this.workerId = options.workerId;
    this.logger = options.logger.child({ workerId: options.workerId });
    this.lifecycle = new Lifecycle((state, previous) => {
      this.logger.debug({ state, previous }, "worker state changed");
      this.emit("state", state, previous);
    });
    this.rpc = createWorkerRpc(options.url, options.token);
    ({ completions: this.completions, failures: this.failures, heartbeats: this.heartbeats } = createReportChannels({
      client: this.rpc.client,
      namespace: options.namespace,
      retryBackoff: options.reconnect,
      reportBatchMaxDelayMs: options.reportBatchMaxDelayMs,
      logger: this.logger,
    }));
    this.reporter = new JobReporter({
      send: (batch) => (this.connectionState === "connected" && this.stream ? this.stream.report(batch) : false),
      logger: this.logger,
    });
    this.heartbeater = new Heartbeater({
      batcher: this.heartbeats,
      leases: () => this.held.values(),
      onLost: (job, reason) => {
        job.logger.warn({ reason: reason.message }, "lease lost; aborting the handler");
        this.releaseLease(job, reason);
      },
      logger: this.logger,
    });
  }

  get state(): WorkerState {
    return this.lifecycle.state;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get stats(): WorkerStats {
    return { ...this.counters, running: this.running, held: this.held.size };
  }

  handle(type: string, handler: JobHandler<never, never>): this {
    if (this.lifecycle.state !== "idle") {
      throw new Error(`handle("${type}") must be called before run(): job types are declared when the lease stream opens`);
    }
    if (typeof type !== "string" || !JOB_TYPE.test(type)) {
      throw new TypeError(`handle(): ${JSON.stringify(type)} is not a job type (1 to 128 letters, digits, '_', '.', ':', '-')`);
    }
    if (typeof handler !== "function") throw new TypeError(`handle("${type}"): the handler must be a function`);
    if (this.handlers.has(type)) throw new Error(`handle("${type}"): a handler for this type is already registered`);
    this.handlers.set(type, handler as AnyJobHandler);
    return this;
  }

  on<E extends keyof WorkerEvents>(event: E, listener: (...args: WorkerEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const stored = listener as unknown as (...args: unknown[]) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  async run(): Promise<void> {
    if (this.lifecycle.state === "idle" && this.handlers.size === 0) {
      throw new Error("run(): register at least one handler with worker.handle() first");
    }
    this.lifecycle.moveTo("running");
    const { url, namespace, queues, concurrency } = this.options;
    this.logger.info({ url, namespace, queues, jobTypes: [...this.handlers.keys()], concurrency }, "worker starting");
    this.heartbeater.start();
    await this.connectionLoop();
    // The loop only ends once stop() has begun (called by the user, a signal, or a fatal error).
    await this.stopping;
    if (this.fatalError !== undefined) throw this.fatalError;
  }

  stop(options: StopOptions = {}): Promise<void> {
    if (options.force) this.forceRequested.abort();
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  installSignalHandlers(signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): () => void {
    let received = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      received++;
      if (received === 1) {
        this.logger.info({ signal }, "signal received: draining (send it again to abort running handlers now)");
      } else {
        this.logger.warn({ signal }, "signal received again: aborting running handlers");
      }
      this.stop({ force: received > 1 }).catch((error: unknown) => this.logger.error({ err: error }, "stop failed"));
    };
    const uninstall = () => {
      for (const signal of signals) process.off(signal, onSignal);
    };
    for (const signal of signals) process.on(signal, onSignal);
    // Once stopped, signals get their default behaviour back.
    const unsubscribe = this.on("state", (state) => {
      if (state !== "stopped") return;
      uninstall();
      unsubscribe();
    });
    return () => {
      uninstall();
      unsubscribe();
    };
  }

  // --- Connection ----------------------------------------------------------------------------------

  private async connectionLoop(): Promise<void> {
    let failures = 0;
    while (this.lifecycle.state === "running") {
      const stream = new LeaseStream({
        client: this.rpc.client,
        open: this.leaseOpen(),
        onConnected: () => {
          this.setConnection("connected", undefined);
          // Leases held across the outage could not be renewed meanwhile: renew them now.
          if (this.held.size > 0 && failures > 0) this.heartbeater.beatNow();
        },
        assumeConnectedAfterMs: ASSUME_CONNECTED_AFTER_MS,
        onMessage: (message) => this.onMessage(message),
      });
      this.stream = stream;
      this.setConnection("connecting", undefined);
      let error: unknown;
      try {
        await stream.run();
      } catch (caught) {
        error = caught;
      }
      if (this.stream === stream) this.stream = undefined;
      this.setConnection("disconnected", error);
      if (this.lifecycle.state !== "running") return;

      if (error !== undefined && isFatal(error)) {
        this.logger.error({ error: describeRpcError(error), url: this.options.url }, "the server refused the lease stream; not retrying");
        this.fatalError = error;
        void this.stop();
        return;
      }
      if (stream.connected) failures = 0;
      const delay = backoffDelay(failures++, this.options.reconnect);
      // Warn when a connection is lost (or the first attempt fails), not on every retry of an outage.
      const fields = { error: error === undefined ? "ended by the server" : describeRpcError(error), retryInMs: delay, attempt: failures, held: this.held.size };
      if (failures === 1 || failures % 20 === 0) this.logger.warn(fields, "lease stream closed; reconnecting");
      else this.logger.debug(fields, "lease stream closed; reconnecting");
      await sleep(delay, this.stopRequested.signal);
    }
  }

  private leaseOpen() {
    const { namespace, workerId, queues, concurrency, labels } = this.options;
    return {
      namespace,
      workerId,
      queues,
      jobTypes: [...this.handlers.keys()],
      capacity: concurrency,
      labels: {
        sdk: SDK_NAME,
        sdk_version: SDK_VERSION,
        host: hostname(),
        pid: String(process.pid),
        runtime: `node ${process.version}`,
        ...labels,
      },
    };
  }

  private setConnection(state: ConnectionState, error: unknown): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    if (state === "connected") this.reporter.onConnected();
    else this.reporter.onDisconnected();
    if (state === "connected") this.logger.info({ url: this.options.url }, "connected: lease stream open");
    else this.logger.debug({ connection: state }, "connection state changed");
    this.emit("connection", state, error);
  }

  private emit<E extends keyof WorkerEvents>(event: E, ...args: WorkerEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        this.logger.error({ err: error, event }, "a worker event listener threw");
      }
    }
  }

  // --- Messages from the server --------------------------------------------------------------------

  private onMessage(message: LeaseResponse): void {
    try {
      switch (message.message.case) {
        case "jobs":
          // The first message of a stream states the server's lease TTL: heartbeat to it from the start.
          if (message.message.value.leaseTtl) this.heartbeater.learnTtl(durationMs(message.message.value.leaseTtl));
          for (const leased of message.message.value.jobs) this.accept(leased);
          this.pump();
          break;
        case "cancellation":
          this.onCancellation(message.message.value);
          break;
        case "reportsStored":
          this.reporter.onStored(message.message.value.batch);
          break;
        default:
          this.logger.debug("ignoring an unknown message on the lease stream");
      }
    } catch (error) {
      // Our bug, not the stream's: keep the stream.
      this.logger.error({ err: error }, "could not process a message from the lease stream");
    }
  }

  private accept(leased: LeasedJob): void {
    if (!leased.job) {
      this.logger.error({ leaseId: leased.leaseId }, "the server pushed a lease without its job; ignoring it");
      return;
    }
    if (this.held.has(leased.leaseId)) {
      this.logger.warn({ jobId: leased.job.id, leaseId: leased.leaseId }, "the server pushed a lease already held; ignoring it");
      return;
    }
    const timeoutMs = leased.timeout ? durationMs(leased.timeout) : 0;
    const job = new HeldJob(leased.job, leased.leaseId, leased.leaseExpiresAt, timeoutMs > 0 ? timeoutMs : undefined, this.logger, leased.parentResults);
    job.leaseTraceContext = leased.traceContext;
    this.counters.leased++;
    this.held.set(job.leaseId, job);
    const ttl = job.expiresAtLocal - Date.now();
    // A lease ending with the attempt's timeout says nothing about the server's lease TTL.
    if (timeoutMs <= 0 || ttl < timeoutMs - 1_000) this.heartbeater.learnTtl(ttl);
    if (timeoutMs > 0 && timeoutMs + LOCAL_TIMEOUT_GRACE_MS <= MAX_TIMER_MS) {
      job.timeoutTimer = setTimeout(() => {
        job.logger.warn({ timeoutMs }, "attempt timed out; aborting the handler");
        this.releaseLease(job, new JobTimeoutError(timeoutMs));
      }, timeoutMs + LOCAL_TIMEOUT_GRACE_MS);
      job.timeoutTimer.unref();
    }
    if (!this.acceptingJobs) {
      job.logger.debug("job pushed while the worker is stopping; releasing it");
      this.releaseLease(job, new WorkerShutdownError("worker stopping: job arrived after the drain timeout"));
      return;
    }
    job.logger.debug({ leaseId: job.leaseId, leaseExpiresAt: job.leaseExpiresAt }, "job leased");
    this.queued.push(job);
  }

  private onCancellation(cancellation: LeaseCancellation): void {
    const job =
      this.held.get(cancellation.leaseId) ??
      (cancellation.leaseId === "" ? [...this.held.values()].find((j) => j.jobId === cancellation.jobId) : undefined);
    if (!job || job.jobId !== cancellation.jobId) {
      this.logger.debug({ jobId: cancellation.jobId, leaseId: cancellation.leaseId }, "cancellation for a lease not held; ignoring it");
      return;
    }
    job.logger.info({ reason: cancellation.reason, code: CancellationReason[cancellation.reasonCode] }, "the server ended the lease; aborting the handler");
    this.releaseLease(job, cancellationError(cancellation, job));
  }

  // --- Running jobs --------------------------------------------------------------------------------

  /** Starts queued jobs while slots are free. */
  private pump(): void {
    while (this.running < this.options.concurrency && this.queued.length > 0) {
      const job = this.queued.shift()!;
      job.phase = "running";
      this.running++;
      void this.execute(job);
    }
  }

  /**
   * Runs one job's handler. Whatever happens in user code, the finally block reports the lease
   * (Complete or Fail) or releases it, exactly once, and frees the slot. A handler that ignores
   * its abort signal keeps the slot until it returns.
   */
  private async execute(job: HeldJob): Promise<void> {
    let outcome: HandlerOutcome | undefined;
    try {
      const ctx = createJobContext(job, (j) => this.heartbeater.beat(j), this.reporter);
      outcome = await runInHandlerSpan(job, () => runHandler(this.handlers.get(job.job.type), job, ctx));
    } finally {
      this.running--;
      job.dispose();
      this.settle(job, outcome ?? { ok: false, failure: { message: "the worker failed to run the handler", nonRetryable: false, retryAfterMs: undefined } });
      this.pump();
    }
  }

  /** Reports the outcome, unless the lease already ended (cancelled, lost, timed out, given up). Never throws. */
  private settle(job: HeldJob, outcome: HandlerOutcome): void {
    if (job.released) {
      job.logger.debug({ reason: job.released.message }, "lease ended while the handler ran; not reporting");
      this.forget(job);
      return;
    }
    job.phase = "reporting";
    void this.report(job, outcome).finally(() => this.forget(job));
  }

  /** Sends the Complete or Fail (batched) and counts the answer. Never rejects. */
  private async report(job: HeldJob, outcome: HandlerOutcome): Promise<void> {
    // The job's last progress and log lines first: once it is finished, the server takes no more.
    await this.reporter.flush(job, REPORT_FLUSH_TIMEOUT_MS);
    try {
      const result = outcome.ok
        ? await this.completions.submit({ job, result: outcome.result })
        : await this.failures.submit({ job, failure: outcome.failure });
      this.onReported(job, outcome, result);
    } catch (error) {
      if (outcome.ok && isRefusedContent(error)) {
        // The result itself was refused (over the size limit, say): the same handler would produce
        // the same result, so the job fails for good, saying why.
        const message = `the server refused the handler's result: ${describeRpcError(error)}`;
        return this.report(job, { ok: false, failure: { message, nonRetryable: true, retryAfterMs: undefined } });
      }
      this.counters.refused++;
      job.logger.warn({ error: describeRpcError(error) }, "could not report the job; its lease will expire and the job will be retried");
    }
  }

  private onReported(job: HeldJob, outcome: HandlerOutcome, result: LeaseOutcome): void {
    if (!result.accepted) {
      this.counters.refused++;
      job.logger.debug({ code: result.code, message: result.message }, "report refused: the lease is no longer held");
      return;
    }
    if (outcome.ok) {
      this.counters.succeeded++;
      job.logger.debug("job succeeded");
    } else {
      this.counters.failed++;
      const { message, nonRetryable, retryAfterMs } = outcome.failure;
      job.logger.warn({ error: message, nonRetryable, retryAfterMs }, "job failed");
    }
  }

  /**
   * The server ended this lease (or the worker gives it up): abort a running handler, drop a
   * queued job. Nothing is reported for it. A lease whose report is already on its way is left to
   * that report.
   */
  private releaseLease(job: HeldJob, reason: Error): void {
    if (job.released || job.phase === "reporting") return;
    job.release(reason);
    if (job.phase === "queued") {
      const index = this.queued.indexOf(job);
      if (index >= 0) this.queued.splice(index, 1);
      this.forget(job);
    }
  }

  /** The lease is settled: stop tracking (and heartbeating) it. Idempotent. */
  private forget(job: HeldJob): void {
    if (!this.held.delete(job.leaseId)) return;
    job.dispose();
    this.reporter.forget(job);
    if (job.released) this.counters.released++;
    if (this.held.size === 0) for (const notify of [...this.heldWaiters]) notify();
  }

  /** Resolves true once no lease is held, false after `ms` or when `signal` aborts. */
  private waitUntilNoneHeld(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.held.size === 0) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (drained: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.heldWaiters.delete(onDrained);
        resolve(drained);
      };
      const onDrained = () => finish(true);
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.heldWaiters.add(onDrained);
    });
  }

  // --- Shutdown ------------------------------------------------------------------------------------

  private async shutdown(): Promise<void> {
    if (this.lifecycle.state === "idle") {
      this.lifecycle.moveTo("stopped");
      this.rpc.close();
      return;
    }
    this.lifecycle.moveTo("draining");
    this.stopRequested.abort();
    this.stream?.drain();
    const { drainTimeoutMs, abortGraceMs } = this.options;
    this.logger.info({ held: this.held.size, running: this.running, drainTimeoutMs }, "draining: no new jobs, waiting for the held ones");

    let drained = await this.waitUntilNoneHeld(drainTimeoutMs, this.forceRequested.signal);
    if (!drained) {
      this.acceptingJobs = false;
      const forced = this.forceRequested.signal.aborted;
      const jobs = [...this.held.values()];
      this.logger.warn(
        { running: jobs.filter((j) => j.phase === "running").length, queued: jobs.filter((j) => j.phase === "queued").length },
        forced ? "stopping now: aborting running handlers" : "drain timeout: aborting running handlers",
      );
      for (const job of jobs) {
        if (job.phase === "queued") this.releaseLease(job, new WorkerShutdownError("worker stopping: the job never started"));
        else if (job.phase === "running") job.abort(new WorkerShutdownError(forced ? "worker stopping: aborted by stop({ force: true })" : undefined));
      }
      drained = await this.waitUntilNoneHeld(abortGraceMs);
    }
    if (!drained) {
      const stuck = [...this.held.values()];
      this.logger.error(
        { jobs: stuck.map((j) => ({ jobId: j.jobId, phase: j.phase })), abortGraceMs },
        "giving up leases whose handlers ignored the abort or whose reports could not be sent",
      );
      const reason = new WorkerShutdownError("worker stopped before the job was reported");
      this.completions.abandon(reason);
      this.failures.abandon(reason);
      for (const job of stuck) {
        job.release(reason);
        this.forget(job);
      }
    }

    // Nothing is held: close the stream (the server ends what it still thinks we hold as LOST).
    this.acceptingJobs = false;
    this.heartbeater.stop();
    this.heartbeats.abandon(new WorkerShutdownError("worker stopped"));
    this.reporter.close();
    await this.stream?.close(STREAM_CLOSE_GRACE_MS);
    this.rpc.close();
    this.setConnection("disconnected", undefined);
    this.lifecycle.moveTo("stopped");
    this.logger.info({ stats: this.stats }, "worker stopped");
  }
}

/** The abort reason a handler sees, by why the server ended its lease. */
function cancellationError(cancellation: LeaseCancellation, job: HeldJob): Error {
  switch (cancellation.reasonCode) {
    case CancellationReason.TIMED_OUT:
      return new JobTimeoutError(job.timeoutMs ?? 0);
    case CancellationReason.LEASE_EXPIRED:
      return new LeaseLostError("EXPIRED", cancellation.reason || "the lease expired");
    default:
      return new JobCancelledError(cancellation.reason);
  }
}
