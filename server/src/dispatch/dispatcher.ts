import type { Logger } from "pino";
import type { Publisher } from "rabbitmq-client";
import type { Broker } from "../broker/broker.ts";
import type { JobChangeListener } from "../events/job-change-listener.ts";
import type { ConveyorMetrics } from "../observability/metrics.ts";
import type { Database } from "../store/database.ts";
import { findAttemptEndings, type AttemptEnding } from "../store/attempt-store.ts";
import { findLeaseStates, type InsertedJob } from "../store/job-store.ts";
import { withdrawAnnouncements } from "../store/outbox-store.ts";
import { leaseEach, type HeldBack, type LeasedRow, type LeaseRequest, type LeaseResult } from "../store/lease-store.ts";
import { Batcher } from "../util/batcher.ts";
import { QueueFeed, type PendingJob } from "./queue-feed.ts";
import type { QueueRestrictions } from "./queue-restrictions.ts";
import type { CancellationCode, WorkerSession } from "./worker-session.ts";

/** First wait before retrying after the database failed a lease or a check; doubles up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2_000;

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
  /** Database failures in a row, for the retry backoff. */
  private failureStreak = 0;
  private checkScheduled = false;
  private pumpScheduled = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.publisher = options.broker.connection.createPublisher({ confirm: true, maxAttempts: 3 });
    this.leaser = new Batcher<LeaseRequest, LeaseResult>({
      maxBatchSize: 500,
      run: (requests) => {
        const restrictions = options.restrictions;
        return leaseEach(options.db, requests, options.leaseTtlMs, restrictions && ((ns, q) => restrictions.isLimited(ns, q)), options.leaseAheadMs);
      },
    });
    const unsubscribeChanges = options.jobChanges.subscribeAll((jobId) => this.onJobChanged(jobId));
    // Changes made while the listener was reconnecting were never heard: look at every held job.
    const unsubscribeResync = options.jobChanges.subscribeResync(() => {
      for (const jobId of this.holders.keys()) this.onJobChanged(jobId);
    });
    // The channels that delivered the pending announcements died with the connection, and the
    // broker gives their messages to a consumer again: the copies held here are dropped, and their
    // consumers, which wait for them before they resubscribe, are let go at once.
    const onBrokerConnection = () => {
      for (const feed of this.feeds.values()) feed.abandonDeliveries();
    };
    options.broker.connection.on("connection", onBrokerConnection);
    this.unsubscribe = () => {
      unsubscribeChanges();
      unsubscribeResync();
      options.broker.connection.off("connection", onBrokerConnection);
    };
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

  /** A job's lease ended through an RPC: free the slot of the worker holding that lease (a stale or forged lease frees nothing). */
  released(jobId: string, leaseId: string): void {
    const session = this.holders.get(jobId);
    if (!session?.holds(jobId, leaseId)) return;
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
  revoke(jobId: string, leaseId: string, code: CancellationCode, reason: string): void {
    const session = this.holders.get(jobId);
    if (!session?.holds(jobId, leaseId)) return;
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
      this.failureStreak = 0;
      if (leased.length > 0) feed.leasedSome();
      // Offered jobs have announcements of their own on the way, which the feed holds if need be.
      if (heldBack && source.fromBroker) feed.hold(held, heldBack);
      return session.outbox.isClosed ? [] : leased.map((row) => row.id);
    } catch (error) {
      session.deliver([], jobs.length);
      this.options.metrics?.dispatchErrors.inc({ operation: "lease" });
      if (source.fromBroker) {
        // ┃ Every failure path gives back what it holds. ┃ The announcements stay unacknowledged
        // (if this server dies they return to the broker) and are tried again here, with backoff,
        // until the database answers: nothing waits for a redelivery that would never come.
        const delayMs = this.nextRetryDelay();
        this.options.logger.warn({ err: error, jobs: jobs.length, retryInMs: delayMs }, "lease failed; retrying");
        feed.retryLater(jobs, delayMs);
      } else {
        this.options.logger.warn({ err: error, jobs: jobs.length }, "leasing new jobs locally failed; their announcements bring them");
      }
      return [];
    } finally {
      this.schedulePump();
    }
  }

  /** Set by the server: ends attempts leased to a stream that closed before they reached it. */
  onOrphanedLeases: (rows: LeasedRow[]) => void = () => {};

  /** Some job changed somewhere: if a local worker holds it and it is no longer its, tell the worker. */
  private onJobChanged(jobId: string, delayMs = 5): void {
    if (!this.holders.has(jobId)) return;
    this.changed.add(jobId);
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setTimeout(() => void this.checkHeldJobs(), delayMs);
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
      try {
        await this.checkHeld(namespace, list);
      } catch (error) {
        // Not forgotten: a worker must hear that its lease ended, so the check is tried again.
        this.options.metrics?.dispatchErrors.inc({ operation: "check_held" });
        const delayMs = this.nextRetryDelay();
        this.options.logger.warn({ err: error, jobs: list.length, retryInMs: delayMs }, "checking held jobs failed; retrying");
        for (const id of list) this.onJobChanged(id, delayMs);
      }
    }
  }

  private async checkHeld(namespace: string, ids: string[]): Promise<void> {
    const rows = await findLeaseStates(this.options.db, namespace, ids);
    // Most changes are this server's own leases: only jobs no longer held need their reason.
    const lost = rows.flatMap((row) => {
      const session = this.holders.get(row.id);
      const lease = session?.held.get(row.id);
      if (!session || !lease || (row.state === "RUNNING" && row.lease_id === lease.leaseId)) return [];
      return [{ ...row, session, attempt: lease.attempt }];
    });
    if (lost.length === 0) return;
    const endings = await findAttemptEndings(this.options.db, lost.map((row) => ({ jobId: row.id, attempt: row.attempt })));
    this.failureStreak = 0;
    for (const row of lost) {
      if (this.holders.get(row.id) !== row.session) continue;
      this.holders.delete(row.id);
      const { code, reason } = whyLeaseEnded(row.state, endings.get(row.id));
      row.session.cancel(row.id, code, reason);
    }
    this.schedulePump();
  }

  /** The wait before the next retry after a database failure: doubles with each failure in a row. */
  private nextRetryDelay(): number {
    return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.failureStreak++, 10));
  }

  get connectedWorkers(): number {
    return this.sessions.size;
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

/**
 * ┃ One source of truth for why an attempt ended: the attempt's own record. ┃ The server that
 * ended it (the reaper's timeout, a cancel, an expired lease) wrote the outcome in the same
 * transaction as the state change, so every server tells the worker the same reason, whichever
 * notification reaches it first.
 */
export function whyLeaseEnded(state: string, ending: AttemptEnding | undefined): { code: CancellationCode; reason: string } {
  switch (ending?.outcome) {
    case "CANCELLED":
      return { code: "CANCELLED", reason: ending.error ?? "cancelled" };
    case "TIMED_OUT":
      return { code: "TIMED_OUT", reason: ending.error ?? "attempt timed out" };
    case "LOST":
      return { code: "LEASE_EXPIRED", reason: ending.error ?? "lease expired" };
    default:
      return { code: "JOB_FINISHED", reason: `job is ${state}${ending?.error ? `: ${ending.error}` : ""}` };
  }
}
