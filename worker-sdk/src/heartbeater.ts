import type { LeaseOutcome } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { backoffDelay } from "./backoff.ts";
import { LeaseLostError } from "./errors.ts";
import { DEFAULT_LEASE_TTL_MS, type HeldJob } from "./held-job.ts";
import type { WorkerLogger } from "./logger.ts";
import type { ReportBatcher } from "./report-batcher.ts";
import { describeRpcError } from "./rpc.ts";

export interface HeartbeaterOptions {
  /** Group-commits heartbeats: one RPC renews every lease of a tick (1,000 per RPC). */
  batcher: ReportBatcher<HeldJob, LeaseOutcome>;
  /** The leases to renew on a tick. */
  leases(): Iterable<HeldJob>;
  /** The lease is gone (refused or expired): abort the handler, do not report. */
  onLost(job: HeldJob, reason: LeaseLostError): void;
  logger: WorkerLogger;
}

const MAX_INTERVAL_MS = 10_000;
const MIN_INTERVAL_MS = 100;
const RETRY_INITIAL_MS = 200;

/**
 * Renews every held lease every min(10 s, ttl / 3), where ttl is what the server grants (learnt
 * from lease_expires_at - now of the jobs and heartbeats it answers), so a lease survives two
 * missed heartbeats. A lease that could not be renewed before it ran out is given up locally: the
 * server has ended that attempt and may already run the job elsewhere.
 */
export class Heartbeater {
  private readonly options: HeartbeaterOptions;
  private ttlMs = DEFAULT_LEASE_TTL_MS;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking = false;
  private failedTicks = 0;

  constructor(options: HeartbeaterOptions) {
    this.options = options;
  }

  get intervalMs(): number {
    return Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, Math.floor(this.ttlMs / 3)));
  }

  /**
   * The server grants leases of `ttlMs`. Learnt from a tick's renewals (the longest one: a lease
   * near its attempt's timeout is granted less) and from pushed jobs not capped by their timeout.
   */
  learnTtl(ttlMs: number): void {
    const before = this.intervalMs;
    this.ttlMs = ttlMs;
    if (this.running && this.intervalMs < before) this.reschedule();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.reschedule();
  }

  /** Renews every lease now, out of turn: after a reconnection, leases may be close to expiry. */
  beatNow(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Renews one lease now (ctx.heartbeat()); rejects with LeaseLostError when it is gone. */
  async beat(job: HeldJob): Promise<void> {
    if (job.released) throw job.released;
    const outcome = await this.options.batcher.submit(job);
    const applied = this.apply(job, outcome);
    if (applied instanceof LeaseLostError) throw applied;
  }

  private reschedule(delayMs = this.intervalMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    if (this.ticking) return this.reschedule();
    this.ticking = true;
    try {
      const now = Date.now();
      const due: HeldJob[] = [];
      for (const job of this.options.leases()) {
        if (job.released) continue;
        // A report on its way ends the lease; a refused renewal then means nothing.
        if (job.phase !== "reporting" && job.expiresAtLocal <= now && !job.leaseEndsWithTimeout) {
          this.options.onLost(job, new LeaseLostError("EXPIRED", `not renewed before ${job.leaseExpiresAt.toISOString()}`));
          continue;
        }
        due.push(job);
      }
      if (due.length === 0) return;
      let outcomes: LeaseOutcome[];
      try {
        outcomes = await this.options.batcher.submitAll(due);
      } catch (error) {
        // Probably a server restart: retry soon (the leases are running out meanwhile), backing off
        // up to the normal interval.
        const retryInMs = backoffDelay(this.failedTicks++, { initialDelayMs: RETRY_INITIAL_MS, maxDelayMs: this.intervalMs });
        const fields = { leases: due.length, error: describeRpcError(error), retryInMs };
        if (this.failedTicks === 1) this.options.logger.warn(fields, "heartbeat failed; retrying");
        else this.options.logger.debug(fields, "heartbeat failed; retrying");
        this.reschedule(retryInMs);
        return;
      }
      this.failedTicks = 0;
      let longest = 0;
      due.forEach((job, i) => {
        const applied = this.apply(job, outcomes[i]!);
        if (typeof applied === "number") longest = Math.max(longest, applied);
      });
      if (longest > 0) this.learnTtl(longest);
    } finally {
      this.ticking = false;
      if (this.running && !this.timer) this.reschedule();
    }
  }

  /** Returns the renewed lease's TTL, or the LeaseLostError when the server refused the renewal. */
  private apply(job: HeldJob, outcome: LeaseOutcome): number | LeaseLostError | undefined {
    if (outcome.accepted) return job.renew(outcome.leaseExpiresAt);
    if (job.phase === "reporting" || job.released) return undefined;
    const lost = new LeaseLostError(outcome.code || "REFUSED", outcome.message || "heartbeat refused");
    this.options.onLost(job, lost);
    return lost;
  }
}
