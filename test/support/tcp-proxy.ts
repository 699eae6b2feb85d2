// A TCP proxy between a server and a dependency (RabbitMQ, PostgreSQL) that a test can break in the
// two ways networks break:
// - freeze(): forwards nothing in either direction but keeps every socket open, like a network that
//   silently stops delivering (publisher confirms never arrive, nothing notices a closed connection);
// - cut(): resets every connection and refuses new ones until restore(), like a dependency that
//   went down and came back.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** The target's URL with the proxy's host and port, e.g. amqp://guest:guest@127.0.0.1:<port>. */
  url: string;
  port: number;
  /** Stop forwarding data both ways; sockets stay open. */
  freeze(): void;
  /** Resets every open connection and refuses new ones until restore(). */
  cut(): void;
  /** Accepts and forwards connections again after cut(). */
  restore(): void;
  /** Closes the listener and every socket. */
  close(): Promise<void>;
  readonly connections: number;
}

const DEFAULT_PORTS: Record<string, number> = { "amqp:": 5672, "postgres:": 5432, "postgresql:": 5432 };

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || DEFAULT_PORTS[target.protocol] || 0);
  const sockets = new Set<Socket>();
  let frozen = false;
  let refusing = false;
  let connections = 0;

  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      if (!frozen) to.write(chunk);
    });
    from.on("close", () => to.destroy());
    from.on("error", () => to.destroy());
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.on("error", () => {});
      client.resetAndDestroy();
      return;
    }
    connections++;
    const upstream = connect(targetPort, target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.toString().replace(/\/$/, ""),
    port,
    freeze: () => {
      frozen = true;
    },
    cut: () => {
      refusing = true;
      for (const socket of sockets) {
        socket.on("error", () => {});
        socket.resetAndDestroy();
      }
    },
    restore: () => {
      refusing = false;
    },
    get connections() {
      return connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
