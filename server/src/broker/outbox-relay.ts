import type { Logger } from "pino";
import type { Publisher } from "rabbitmq-client";
import type { Database } from "../store/database.ts";
import { claimOutboxMessages, type OutboxMessage } from "../store/outbox-store.ts";
import type { Broker } from "./broker.ts";
import { delayHeaders } from "./delay-routing.ts";
import { withPublishSpan } from "./message-tracing.ts";

export interface OutboxRelayOptions {
  db: Database;
  broker: Broker;
  logger: Logger;
  /** Messages per round. Defaults to 500. */
  batchSize?: number;
  /** How often to look for messages nobody kicked the relay for (a crashed peer's). Defaults to 1s. */
  pollIntervalMs?: number;
  /** Delayed messages must reach a ready queue this long before their run_at (the dispatcher leases ahead). Defaults to 0. */
  leaseAheadMs?: number;
  /** Rounds in flight at once. Defaults to 3. */
  concurrentRounds?: number;
}

/**
 * Publishes the outbox: the broker messages that were committed together with the jobs they
 * announce. A round claims messages (DELETE ... RETURNING, skipping rows another server holds),
 * publishes them with publisher confirms, and only then commits; if the server dies in between,
 * the transaction rolls back and the messages are published by the next relay that looks. So a
 * committed job is announced at least once, and a duplicate announcement is harmless: Postgres
 * decides who leases a job.
 *
 * Writers call kick() after their commit, so a message is normally published within a round trip
 * or two rather than at the next poll.
 */
export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private readonly publisher: Publisher;
  private readonly loops = new Set<Promise<void>>();
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: OutboxRelayOptions) {
    this.options = { batchSize: 500, pollIntervalMs: 1_000, leaseAheadMs: 0, concurrentRounds: 3, ...options };
    this.publisher = options.broker.connection.createPublisher({ confirm: true, maxAttempts: 3 });
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.kick();
  }

  /** Asks for a round soon; a kick while the most rounds are running causes one more after them. */
  kick(): void {
    if (this.stopped) return;
    // A round waits for the broker's confirms (a quorum queue's are written to disk first): a
    // message committed meanwhile would wait for that round and then its own. Up to
    // `concurrentRounds` rounds run at once, claiming disjoint rows (SKIP LOCKED).
    if (this.loops.size >= this.options.concurrentRounds) {
      this.again = true;
      return;
    }
    const loop: Promise<void> = this.loop().finally(() => this.loops.delete(loop));
    this.loops.add(loop);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const published = await this.round();
        if (published === this.options.batchSize) this.again = true;
      } catch (error) {
        this.options.logger.warn({ err: error }, "outbox relay round failed; messages stay in the outbox");
        return;
      }
    } while (this.again && !this.stopped);
  }

  private round(): Promise<number> {
    return this.options.db.withTransaction(async (tx) => {
      // Losing this commit in a crash only brings the messages back, to be published again, which
      // is harmless; so it need not wait for the WAL flush.
      await tx.query("set local synchronous_commit = off");
      const messages = await claimOutboxMessages(tx, this.options.batchSize);
      if (messages.length === 0) return 0;
      await Promise.all(messages.map((message) => this.publish(message)));
      return messages.length;
    });
  }

  private async publish(message: OutboxMessage): Promise<void> {
    const { broker } = this.options;
    const { topology } = broker;
    const body = message.body;
    if (message.exchange === "dead") {
      await this.publisher.send({ exchange: topology.deadExchange, routingKey: message.routing_key, durable: true }, body);
      return;
    }
    // The ready queue must exist before anything is routed to it, or the message would be dropped.
    await broker.ensureReadyQueue(body.namespace, body.queue);
    const delay = message.exchange === "delayed" && body.runAt !== undefined ? delayHeaders(body.runAt - this.options.leaseAheadMs - Date.now()) : undefined;
    const exchange = delay ? topology.delayedExchange : topology.readyExchange;
    await withPublishSpan({ exchange, routingKey: message.routing_key, jobs: body.jobIds.length }, message.trace_context, delay, (headers) =>
      this.publisher.send({ exchange, routingKey: message.routing_key, durable: true, contentType: "application/json", headers }, body),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all(this.loops);
    await this.publisher.close();
  }
}
