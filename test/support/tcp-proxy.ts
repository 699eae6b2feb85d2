// A TCP proxy in front of a service (RabbitMQ, a Conveyor server) that a test can freeze: while
// frozen it forwards nothing in either direction but keeps every socket open, like a network that
// silently stops delivering (so publisher confirms never arrive and nothing notices a closed
// connection). It can also lose only the answers, or cut every connection at once.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** e.g. amqp://guest:guest@127.0.0.1:<port> when given the broker's URL. */
  url: string;
  port: number;
  /** Stop forwarding data both ways; sockets stay open. */
  freeze(): void;
  /** Stop forwarding what the target sends (its answers are lost); what clients send still arrives. */
  dropReplies(): void;
  /** Forward both ways again (after freeze or dropReplies); what was dropped meanwhile stays lost. */
  resume(): void;
  /** Drops every open connection at once (both sides see a reset); new ones are forwarded as before. */
  cut(): void;
  /** Closes the listener and every socket. */
  close(): Promise<void>;
  readonly connections: number;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5672);
  const sockets = new Set<Socket>();
  let frozen = false;
  let droppingReplies = false;
  let connections = 0;

  const forward = (from: Socket, to: Socket, replies: boolean) => {
    from.on("data", (chunk) => {
      if (!frozen && !(replies && droppingReplies)) to.write(chunk);
    });
    from.on("close", () => to.destroy());
    from.on("error", () => to.destroy());
  };

  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    forward(client, upstream, false);
    forward(upstream, client, true);
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
    dropReplies: () => {
      droppingReplies = true;
    },
    resume: () => {
      frozen = false;
      droppingReplies = false;
    },
    cut: () => {
      for (const socket of sockets) socket.resetAndDestroy();
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
