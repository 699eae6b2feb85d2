import type { Logger } from "pino";
import { ConsumerStatus, type AsyncMessage, type Consumer, type Publisher } from "rabbitmq-client";
import type { Broker } from "../broker/broker.ts";
import { delayBucketFor, delayHeaders } from "../broker/delay-routing.ts";
import type { HeldBack } from "../store/lease-store.ts";
import { startReceiveSpan, traceHeadersOf } from "../broker/message-tracing.ts";
import type { JobAnnouncement } from "../store/outbox-store.ts";
import type { WorkerSession } from "./worker-session.ts";

/** A job id from an announcement, waiting for a worker with room. */
export interface PendingJob {
  id: string;
  type: string;
  promote: boolean;
  settle: () => void;
}

export interface QueueFeedOptions {
  namespace: string;
  queue: string;
  broker: Broker;
  /** With confirms; shared by the feeds of a server. */
  publisher: Publisher;
  logger: Logger;
  /** Called whenever new pending jobs arrive. */
  onPending: () => void;
  /** Unacknowledged messages this server takes at once. */
  prefetch: number;
  /** How long before its run_at a delayed job is leased (its worker waits for run_at). */
  leaseAheadMs: number;
}

/**
 * The RabbitMQ consumer of one ready queue on this server, alive while at least one local worker
 * listens to that queue. A message is acknowledged only once every job it announces has been
 * leased (committed in Postgres) or found not leasable; if this server dies first, the broker
 * redelivers it elsewhere.
 */
export class QueueFeed {
  readonly sessions = new Set<WorkerSession>();
  readonly pending: PendingJob[] = [];
  /**
   * READY jobs that a pause or a limit held back: out of `pending`, so that the pump does not spin
   * on them, and unsettled, so that their announcements stay unacknowledged (and come back from
   * the broker if this server dies). They return to `pending` when their queue's settings change,
   * when their timer fires, or (for a concurrency limit) when a local job of the queue ends.
   */
  private readonly held: PendingJob[] = [];
  private heldReason: HeldBack["reason"] | undefined;
  private heldTimer: NodeJS.Timeout | undefined;
  private heldTimerDue = Infinity;
  /** Consecutive holds without a lease: the retry interval doubles with it. */
  private holdStreak = 0;
  private consumer: Consumer | undefined;
  readonly options: QueueFeedOptions;
  private readonly unsettled = new Set<(status: ConsumerStatus) => void>();
  /** Timers of jobs whose lease failed, to be tried again. */
  private readonly retrying = new Set<NodeJS.Timeout>();
  /** Goes up each time the deliveries held so far are abandoned (the broker connection was lost). */
  private generation = 0;
  private closed = false;

  constructor(options: QueueFeedOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    const { broker, namespace, queue, prefetch } = this.options;
    const queueName = await broker.ensureReadyQueue(namespace, queue);
    this.consumer = broker.connection.createConsumer(
      { queue: queueName, queueOptions: { passive: true }, qos: { prefetchCount: prefetch }, concurrency: prefetch, requeue: true },
      (message) => this.onMessage(message),
    );
    this.consumer.on("error", (error: Error) => {
      // Settling a message whose channel died with the connection fails, as it should: the broker
      // delivers that message again (see abandonDeliveries).
      const level = error.message.startsWith("failed to ack/nack message") ? "debug" : "warn";
      this.options.logger[level]({ err: error, queue: queueName }, "ready queue consumer error");
    });
  }

  private onMessage(message: AsyncMessage): Promise<ConsumerStatus> {
    if (this.closed) return Promise.resolve(ConsumerStatus.REQUEUE);
    const generation = this.generation;
    let body: JobAnnouncement;
    try {
      body = typeof message.body === "string" ? JSON.parse(message.body) : (message.body as JobAnnouncement);
      if (!Array.isArray(body.jobIds)) throw new Error("no jobIds");
    } catch (error) {
      // A message we cannot read would loop forever if requeued; Postgres still has every job.
      this.options.logger.error({ err: error }, "dropping unreadable announcement");
      return Promise.resolve(ConsumerStatus.DROP);
    }
    // runAt is in whole milliseconds, run_at in Postgres in microseconds: only once runAt has
    // passed (+1) is the job surely leasable, or the lease's promote would find it early and do
    // nothing. Leasable means due within the lease-ahead: the lease round trip overlaps the wait.
    const leaseAheadMs = this.options.leaseAheadMs;
    const dueInMs = () => (body.runAt === undefined ? 0 : body.runAt + 1 - leaseAheadMs - Date.now());
    const remainingMs = dueInMs();
    if (remainingMs > 0 && delayBucketFor(remainingMs) !== undefined) return this.delayAgain(message, body, remainingMs);
    return new Promise<ConsumerStatus>((settleMessage) => {
      const span = startReceiveSpan(message.routingKey, message.headers, body.jobIds.length);
      const resolve = span
        ? (status: ConsumerStatus) => {
            span.end();
            settleMessage(status);
          }
        : settleMessage;
      const enqueue = () => {
        this.unsettled.delete(resolve);
        if (this.closed || generation !== this.generation) return resolve(ConsumerStatus.REQUEUE);
        let remaining = body.jobIds.length;
        if (remaining === 0) return resolve(ConsumerStatus.ACK);
        this.unsettled.add(resolve);
        const settle = () => {
          if (--remaining === 0) {
            this.unsettled.delete(resolve);
            resolve(ConsumerStatus.ACK);
          }
        };
        body.jobIds.forEach((id, i) =>
          this.pending.push({ id, type: body.types?.[i] ?? "", promote: body.runAt !== undefined, settle }),
        );
        this.options.onPending();
      };
      // Shorter than the shortest delay queue: wait here, holding the unacknowledged message.
      if (remainingMs > 0) {
        this.unsettled.add(resolve);
        // A timer may fire a little early by Date.now(): wait again until the time has really come.
        const wait = (): void => {
          if (dueInMs() > 0 && !this.closed && generation === this.generation) setTimeout(wait, dueInMs());
          else enqueue();
        };
        setTimeout(wait, remainingMs);
      } else {
        enqueue();
      }
    });
  }

  /** Came out of a delay queue early (a long wait takes several hops): send it back for what remains. */
  private async delayAgain(message: AsyncMessage, body: JobAnnouncement, remainingMs: number): Promise<ConsumerStatus> {
    const { broker, publisher } = this.options;
    await publisher.send(
        {
          exchange: broker.topology.delayedExchange,
          routingKey: message.routingKey,
          durable: true,
          contentType: "application/json",
          headers: { ...delayHeaders(remainingMs), ...traceHeadersOf(message.headers) },
        },
      body,
    );
    return ConsumerStatus.ACK;
  }

  /**
   * Keeps jobs that were not leased because of their queue's pause or limits until leasing them may
   * succeed. A paused queue is looked at again only every few seconds, in case a notification was
   * lost; a rate limit says when a token will be there; a concurrency limit is retried with backoff.
   */
  hold(jobs: PendingJob[], heldBack: HeldBack): void {
    if (this.closed) return;
    this.held.push(...jobs);
    this.heldReason = heldBack.reason;
    this.holdStreak++;
    const backoffMs = Math.min(1_000, 25 * 2 ** Math.min(this.holdStreak, 6));
    const delayMs = heldBack.reason === "paused" ? 5_000 : heldBack.retryAfterMs !== undefined ? Math.max(5, heldBack.retryAfterMs) : backoffMs;
    const due = Date.now() + delayMs;
    if (due >= this.heldTimerDue) return;
    clearTimeout(this.heldTimer);
    this.heldTimerDue = due;
    this.heldTimer = setTimeout(() => this.retryHeld(), delayMs);
  }

  /** Some of this feed's jobs were leased: limits let work through again. */
  leasedSome(): void {
    this.holdStreak = 0;
  }

  get heldFor(): HeldBack["reason"] | undefined {
    return this.held.length > 0 ? this.heldReason : undefined;
  }

  /** Puts the held jobs back in front of the pending ones, for the pump to lease again. */
  retryHeld(): void {
    clearTimeout(this.heldTimer);
    this.heldTimerDue = Infinity;
    if (this.held.length === 0 || this.closed) return;
    this.pending.unshift(...this.held.splice(0));
    this.options.onPending();
  }

  /** Tries the jobs again after `delayMs`: their lease failed (the database did not answer). */
  retryLater(jobs: PendingJob[], delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retrying.delete(timer);
      if (this.closed) return;
      this.pending.unshift(...jobs);
      this.options.onPending();
    }, delayMs);
    this.retrying.add(timer);
  }

  /**
   * The broker connection was lost, and with it the channel of every delivery held here: the
   * broker gives those messages to a consumer again. Drops the copies held here (pending, held
   * back, waiting for a retry) and settles their handlers at once: the consumer waits for every
   * handler to settle before it subscribes again, so a held delivery would stall the queue.
   */
  abandonDeliveries(): void {
    this.generation++;
    this.dropDeliveries();
  }

  private dropDeliveries(): void {
    clearTimeout(this.heldTimer);
    this.heldTimerDue = Infinity;
    for (const timer of this.retrying) clearTimeout(timer);
    this.retrying.clear();
    this.held.length = 0;
    this.pending.length = 0;
    for (const resolve of this.unsettled) resolve(ConsumerStatus.REQUEUE);
    this.unsettled.clear();
  }

  /** Stops consuming; messages not yet settled go back to the broker for other servers. */
  async close(): Promise<void> {
    this.closed = true;
    this.dropDeliveries();
    await this.consumer?.close();
  }
}
