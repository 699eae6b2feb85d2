import { Connection } from "rabbitmq-client";
import type { Logger } from "pino";
import { UnavailableError } from "../errors/conveyor-error.ts";
import { redactUrl } from "../store/database.ts";
import { DELAY_BUCKETS_MS, DELAY_HEADER, makeTopology, type Topology } from "./topology.ts";

export interface BrokerOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** How long start() waits for the first connection. Defaults to 5s. */
  connectTimeoutMs?: number;
  /** Queue type of the ready queues. Defaults to quorum. */
  queueType?: "quorum" | "classic";
}

/** The RabbitMQ connection and the topology this server relies on. */
export class Broker {
  readonly connection: Connection;
  readonly topology: Topology;
  private readonly options: BrokerOptions;
  private readonly declaredReadyQueues = new Map<string, Promise<string>>();

  private constructor(connection: Connection, options: BrokerOptions) {
    this.connection = connection;
    this.options = options;
    this.topology = makeTopology(options.prefix);
  }

  /** Connects and declares the fixed topology; fails with UnavailableError when the broker does not answer. */
  static async connect(options: BrokerOptions): Promise<Broker> {
    // noDelay: announcements and acks are small; Nagle would hold each for the broker's delayed ACK.
    const connection = new Connection({ url: options.url, connectionName: "conveyor-server", retryLow: 200, retryHigh: 5_000, noDelay: true });
    connection.on("error", (error) => options.logger.warn({ err: error }, "RabbitMQ connection error"));
    try {
      await connection.onConnect(options.connectTimeoutMs ?? 5_000);
    } catch (error) {
      // Not awaited: close() never settles on a connection that never connected.
      void connection.close().catch(() => {});
      throw new UnavailableError(`cannot reach RabbitMQ at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
    }
    const broker = new Broker(connection, options);
    await broker.declareTopology();
    return broker;
  }

  private async declareTopology(): Promise<void> {
    const t = this.topology;
    const c = this.connection;
    await c.exchangeDeclare({ exchange: t.readyExchange, type: "direct", durable: true });
    await c.exchangeDeclare({ exchange: t.delayedExchange, type: "headers", durable: true });
    await c.exchangeDeclare({ exchange: t.deadExchange, type: "topic", durable: true });
    await c.queueDeclare({
      queue: t.deadLetterQueue,
      durable: true,
      // Postgres keeps every dead job; this queue is for looking at recent ones, so it stays bounded.
      arguments: { "x-queue-type": "classic", "x-max-length": 100_000, "x-overflow": "drop-head" },
    });
    await c.queueBind({ queue: t.deadLetterQueue, exchange: t.deadExchange, routingKey: "#" });
    for (const delayMs of DELAY_BUCKETS_MS) {
      const queue = t.delayQueue(delayMs);
      await c.queueDeclare({
        queue,
        durable: true,
        arguments: { "x-message-ttl": delayMs, "x-dead-letter-exchange": t.readyExchange, "x-queue-type": "classic" },
      });
      await c.queueBind({ queue, exchange: t.delayedExchange, arguments: { "x-match": "all", [DELAY_HEADER]: String(delayMs) } });
    }
  }

  /** Declares (once per process) the durable queue of a namespace's job queue and binds it. */
  ensureReadyQueue(namespace: string, queue: string): Promise<string> {
    const name = this.topology.readyQueue(namespace, queue);
    let declared = this.declaredReadyQueues.get(name);
    if (!declared) {
      declared = (async () => {
        await this.connection.queueDeclare({
          queue: name,
          durable: true,
          arguments: { "x-queue-type": this.options.queueType ?? "quorum" },
        });
        await this.connection.queueBind({ queue: name, exchange: this.topology.readyExchange, routingKey: `${namespace}.${queue}` });
        return name;
      })();
      declared.catch(() => this.declaredReadyQueues.delete(name));
      this.declaredReadyQueues.set(name, declared);
    }
    return declared;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
