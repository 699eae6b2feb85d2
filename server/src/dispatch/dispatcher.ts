import type { Logger } from "pino";
import type { Publisher } from "rabbitmq-client";
import type { Broker } from "../broker/broker.ts";
import type { JobChangeListener } from "../events/job-change-listener.ts";
import type { ConveyorMetrics } from "../observability/metrics.ts";
import type { Database } from "../store/database.ts";
import { findLatestEventMessages, findLeaseStates, type InsertedJob } from "../store/job-store.ts";
import { withdrawAnnouncements } from "../store/outbox-store.ts";
import { leaseJobs, type HeldBack, type LeasedRow, type LeaseRequest } from "../store/lease-store.ts";
import { Batcher } from "../util/batcher.ts";
import { QueueFeed, type PendingJob } from "./queue-feed.ts";
import type { QueueRestrictions } from "./queue-restrictions.ts";
import type { CancellationCode, WorkerSession } from "./worker-session.ts";

export interface DispatcherOptions {
  db: Database;
  broker: Broker;
  jobChanges: JobChangeListener;
  logger: Logger;
  leaseTtlMs: number;
  /** How long before its run_at a delayed job may be leased; its worker waits for run_at. */
  leaseAheadMs: number;
  /** Paused and limited queues; without it every queue is taken as unrestricted (the lease statement still checks). */
  restrictions?: QueueRestrictions;
  metrics?: ConveyorMetrics;
}

/** What leasing one job came to: leased, held back by its queue's pause or limits, or not leasable. */
interface LeaseResult {
  row?: LeasedRow;
  heldBack?: HeldBack;
}

/**
 * Matches announced jobs with local workers that have room. Leases from all queues and workers go
 * through one group-committing batcher, so that under load one transaction leases hundreds of jobs.
 */
export class Dispatcher {
  private readonly options: DispatcherOptions;
  private readonly feeds = new Map<string, QueueFeed>();
  private readonly sessions = new Set<WorkerSession>();
  /** job id -> the local session holding it */
  private readonly holders = new Map<string, WorkerSession>();
  private readonly publisher: Publisher;
  private readonly leaser: Batcher<LeaseRequest, LeaseResult>;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeRestrictions: () => void;
  private changed = new Set<string>();
  private checkScheduled = false;
  private pumpScheduled = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.publisher = options.broker.connection.createPublisher({ confirm: true, maxAttempts: 3 });
    this.leaser = new Batcher<LeaseRequest, LeaseResult>({
      maxBatchSize: 500,
      run: async (requests) => {
        const restrictions = options.restrictions;
        const outcome = await leaseJobs(options.db, requests, options.leaseTtlMs, restrictions && ((ns, q) => restrictions.isLimited(ns, q)), options.leaseAheadMs);
        return requests.map((r) => ({ row: outcome.leased.get(r.jobId), heldBack: outcome.heldBack.get(r.jobId) }));
      },
    });
    this.unsubscribe = options.jobChanges.subscribeAll((jobId) => this.onJobChanged(jobId));
    // Resumed, or a limit raised or removed: held jobs are worth leasing again now.
    this.unsubscribeRestrictions =
      options.restrictions?.onChange((key) => {
        for (const [feedKey, feed] of this.feeds) if (key === undefined || key === feedKey) feed.retryHeld();
      }) ?? (() => {});
  }

  async attach(session: WorkerSession): Promise<void> {
    this.sessions.add(session);
    const { namespace, queues } = session.options;
    for (const queue of queues) {
      const key = `${namespace}.${queue}`;
      let feed = this.feeds.get(key);
      const created = !feed;
      if (!feed) {
        feed = new QueueFeed({
          namespace,
          queue,
          broker: this.options.broker,
          publisher: this.publisher,
          logger: this.options.logger,
          onPending: () => this.schedulePump(),
          prefetch: 256,
          leaseAheadMs: this.options.leaseAheadMs,
        });
        this.feeds.set(key, feed);
      }
      // Before awaiting start(): a detach meanwhile (another worker leaving) closes and forgets
      // every feed without sessions, and would orphan this one with its consumer still running.
      feed.sessions.add(session);
      if (created) await feed.start();
    }
    this.schedulePump();
  }

  /** The session's stream ended: stop feeding it, and close feeds nobody here listens to any more. */
  async detach(session: WorkerSession): Promise<string[]> {
    this.sessions.delete(session);
    for (const [key, feed] of this.feeds) {
      feed.sessions.delete(session);
      if (feed.sessions.size === 0) {
        this.feeds.delete(key);
        await feed.close();
      }
    }
    const held = [...session.held.keys()];
    for (const jobId of held) this.holders.delete(jobId);
    session.close();
    return held;
  }

  /** A job's lease ended through an RPC: free the worker's slot. */
  released(jobId: string): void {
    const session = this.holders.get(jobId);
    if (!session) return;
    this.holders.delete(jobId);
    session.release(jobId);
    this.schedulePump();
  }

  /**
   * Attempts ended and their end is committed: a concurrency-limited queue may have room again, so
   * the jobs it held back are tried now rather than at their backoff. (Not in released(): that
   * runs before the commit, when the ended jobs still count as RUNNING.)
   */
  attemptsEnded(): void {
    for (const feed of this.feeds.values()) if (feed.heldFor === "concurrency") feed.retryHeld();
  }

  /** The server ended the job's attempt (expired, timed out): the worker must abort it. */
  revoke(jobId: string, code: CancellationCode, reason: string): void {
    const session = this.holders.get(jobId);
    if (!session) return;
    this.holders.delete(jobId);
    session.cancel(jobId, code, reason);
    this.schedulePump();
  }

  /** The worker has room again (or new jobs arrived): match once the current tick is done. */
  schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const feed of this.feeds.values()) {
      if (feed.pending.length === 0) continue;
      const { assigned, kept } = assignToSessions(feed, feed.pending);
      feed.pending.splice(0, feed.pending.length, ...kept);
      for (const [session, jobs] of assigned) void this.leaseFor(session, feed, jobs);
    }
  }

  /**
   * Jobs this server has just committed READY: leased at once for local workers with room, without
   * the broker's round trip (the relay's publish and confirm, the delivery back), which is most of
   * an idle job's enqueue-to-start time. The announcements committed with them are withdrawn when
   * every job they name was leased here; the others (and any a relay took first, which then lease
   * nothing) go through the broker and bring every job that no local worker took. A queue with a
   * local backlog, or with a pause or limits, is left to the broker path, so that no job jumps the
   * line. Resolves once the outbox can be published.
   */
  async offerCommitted(namespace: string, jobs: readonly InsertedJob[]): Promise<void> {
    const byQueue = new Map<string, PendingJob[]>();
    for (const { row } of jobs) {
      if (row?.state !== "READY") continue;
      const key = `${namespace}.${row.queue}`;
      const list = byQueue.get(key);
      const pending: PendingJob = { id: row.id, type: row.type, promote: false, settle: () => {} };
      if (list) list.push(pending);
      else byQueue.set(key, [pending]);
    }
    const leasing: Promise<string[]>[] = [];
    for (const [key, offered] of byQueue) {
      const feed = this.feeds.get(key);
      if (!feed || feed.pending.length > 0 || feed.heldFor !== undefined) continue;
      if (this.options.restrictions?.isLimited(namespace, feed.options.queue)) continue;
      // Jobs no local worker has room for are dropped here: their announcements bring them.
      const { assigned } = assignToSessions(feed, offered);
      for (const [session, list] of assigned) leasing.push(this.leaseFor(session, feed, list, { fromBroker: false }));
    }
    if (leasing.length === 0) return;
    const leased = new Set((await Promise.all(leasing)).flat());
    const unleased = new Set(jobs.filter((job) => !leased.has(job.id)).map((job) => job.announcementId));
    const withdrawn = new Set(jobs.flatMap((job) => (job.announcementId && !unleased.has(job.announcementId) ? [job.announcementId] : [])));
    await withdrawAnnouncements(this.options.db, [...withdrawn]).catch((error) =>
      this.options.logger.warn({ err: error }, "could not withdraw announcements of jobs leased here; the broker carries them"),
    );
  }

  /** Leases jobs for one worker and pushes those that were leasable in one message; returns the ids it delivered. */
  private async leaseFor(session: WorkerSession, feed: QueueFeed, jobs: PendingJob[], source = { fromBroker: true }): Promise<string[]> {
    try {
      const { namespace, queue } = feed.options;
      const results = await this.leaser.submitAll(
        jobs.map((job) => ({ jobId: job.id, workerId: session.options.workerId, promote: job.promote, namespace, queue })),
      );
      const leased = results.flatMap((result) => (result.row ? [result.row] : []));
      const metrics = this.options.metrics;
      if (metrics) {
        metrics.countJobs(metrics.jobsStarted, leased);
        for (const row of leased) metrics.observeSince(metrics.enqueueToStart, row, row.run_at);
      }
      if (session.outbox.isClosed) {
        session.deliver([], jobs.length);
        // The stream closed while we leased: end those attempts now rather than when the lease expires.
        if (leased.length > 0) this.onOrphanedLeases(leased);
      } else {
        for (const row of leased) this.holders.set(row.id, session);
        session.deliver(leased, jobs.length);
      }
      const held: PendingJob[] = [];
      let heldBack: HeldBack | undefined;
      jobs.forEach((job, i) => {
        const result = results[i]!;
        if (!result.heldBack) return job.settle();
        held.push(job);
        heldBack = result.heldBack;
      });
      if (leased.length > 0) feed.leasedSome();
      // Offered jobs have announcements of their own on the way, which the feed holds if need be.
      if (heldBack && source.fromBroker) feed.hold(held, heldBack);
      return session.outbox.isClosed ? [] : leased.map((row) => row.id);
    } catch (error) {
      session.deliver([], jobs.length);
      this.options.logger.warn({ err: error, jobs: jobs.length }, "lease failed; the announcements will be redelivered");
      // Not settled: the messages stay unacknowledged and return to the queue when the feed closes.
      return [];
    } finally {
      this.schedulePump();
    }
  }

  /** Set by the server: ends attempts leased to a stream that closed before they reached it. */
  onOrphanedLeases: (rows: LeasedRow[]) => void = () => {};

  /** Some job changed somewhere: if a local worker holds it and it is no longer its, tell the worker. */
  private onJobChanged(jobId: string): void {
    if (!this.holders.has(jobId)) return;
    this.changed.add(jobId);
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setTimeout(() => void this.checkHeldJobs(), 5);
  }

  private async checkHeldJobs(): Promise<void> {
    this.checkScheduled = false;
    const ids = [...this.changed];
    this.changed.clear();
    const byNamespace = new Map<string, string[]>();
    for (const id of ids) {
      const session = this.holders.get(id);
      if (!session) continue;
      const list = byNamespace.get(session.options.namespace) ?? [];
      list.push(id);
      byNamespace.set(session.options.namespace, list);
    }
    for (const [namespace, list] of byNamespace) {
      const rows = await findLeaseStates(this.options.db, namespace, list).catch(() => []);
      // Most changes are this server's own leases: only jobs no longer held need their reason.
      const lost = rows.filter((row) => {
        const session = this.holders.get(row.id);
        return session !== undefined && !(row.state === "RUNNING" && row.lease_id === session.held.get(row.id));
      });
      if (lost.length === 0) continue;
      const reasons = await findLatestEventMessages(this.options.db, lost.map((row) => row.id)).catch(() => new Map<string, string>());
      for (const row of lost) {
        const session = this.holders.get(row.id);
        if (!session) continue;
        const reason = reasons.get(row.id);
        this.holders.delete(row.id);
        if (row.state === "CANCELLED") session.cancel(row.id, "CANCELLED", reason ?? "cancelled");
        else session.cancel(row.id, "JOB_FINISHED", `job is ${row.state}${reason ? `: ${reason}` : ""}`);
        this.schedulePump();
      }
    }
  }

  get connectedWorkers(): number {
    return this.sessions.size;
  }

  /** The open Lease streams of this server, read-only: what AdminService.ListWorkers shows. */
  get workerSessions(): readonly WorkerSession[] {
    return [...this.sessions];
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.unsubscribeRestrictions();
    for (const session of [...this.sessions]) await this.detach(session);
    await this.publisher.close();
  }
}

/**
 * Assigns jobs round-robin to the feed's workers that have room and handle their type, reserving
 * a slot for each; returns the assignment and the jobs nobody could take.
 */
function assignToSessions(feed: QueueFeed, jobs: readonly PendingJob[]): { assigned: Map<WorkerSession, PendingJob[]>; kept: PendingJob[] } {
  const assigned = new Map<WorkerSession, PendingJob[]>();
  const sessions = [...feed.sessions].filter((s) => s.free > 0);
  if (sessions.length === 0) return { assigned, kept: [...jobs] };
  const kept: PendingJob[] = [];
  let next = 0;
  for (const job of jobs) {
    let chosen: WorkerSession | undefined;
    for (let tried = 0; tried < sessions.length && !chosen; tried++) {
      const candidate = sessions[(next + tried) % sessions.length]!;
      // An announcement without types (published by hand, say) may go to any worker.
      if (candidate.free > 0 && (job.type === "" || candidate.handles(job.type))) chosen = candidate;
    }
    if (!chosen) {
      kept.push(job);
      continue;
    }
    next++;
    chosen.reserve();
    const list = assigned.get(chosen);
    if (list) list.push(job);
    else assigned.set(chosen, [job]);
  }
  return { assigned, kept };
}
