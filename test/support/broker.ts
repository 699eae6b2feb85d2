// A RabbitMQ connection for tests that look into (or tamper with) an installation's queues.
import { Connection } from "rabbitmq-client";
import { afterAll } from "vitest";
import { makeTopology, type Topology } from "../../server/src/broker/topology.ts";
import type { JobAnnouncement } from "../../server/src/store/outbox-store.ts";
import { testEnv } from "./test-env.ts";

export interface TestBroker {
  connection: Connection;
  topology: Topology;
  /** Publishes an announcement to <prefix>.ready with the queue's routing key, with a publisher confirm. */
  announce(announcement: JobAnnouncement, copies?: number): Promise<void>;
  /** Messages ready in a queue (not counting unacknowledged ones). */
  depth(queue: string): Promise<number>;
}

/** A connection for the file, closed in afterAll. */
export function useBroker(prefix: () => string): () => TestBroker {
  let broker: TestBroker | undefined;
  let closePublisher: (() => Promise<void>) | undefined;
  afterAll(async () => {
    // A connection's close() waits for its channels: the publisher's first.
    await closePublisher?.();
    await broker?.connection.close();
  });
  return () => {
    if (broker) return broker;
    const connection = new Connection({ url: testEnv.amqpUrl, connectionName: "conveyor-test" });
    const topology = makeTopology(prefix());
    const publisher = connection.createPublisher({ confirm: true });
    closePublisher = () => publisher.close();
    broker = {
      connection,
      topology,
      async announce(announcement, copies = 1) {
        for (let i = 0; i < copies; i++) {
          await publisher.send(
            {
              exchange: topology.readyExchange,
              routingKey: `${announcement.namespace}.${announcement.queue}`,
              durable: true,
              contentType: "application/json",
              mandatory: true,
            },
            announcement,
          );
        }
      },
      async depth(queue) {
        return (await connection.queueDeclare({ queue, passive: true })).messageCount;
      },
    };
    return broker;
  };
}
