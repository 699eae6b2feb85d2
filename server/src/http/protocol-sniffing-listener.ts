import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { withSpecGrpcMessageEncoding } from "./grpc-message-encoding.ts";

type RequestHandler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

/** How long a new connection may stay silent before its first bytes; past it, it is closed. */
const FIRST_BYTES_TIMEOUT_MS = 10_000;

/** What every HTTP/2 connection starts with (RFC 9113, section 3.4). */
const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/**
 * One cleartext port for both HTTP/2 (gRPC, and Connect from servers) and HTTP/1.1 (browsers,
 * gRPC-Web, plain curl): the first bytes of each connection decide which server gets it. Without
 * TLS there is no ALPN, and Node's http2 server cannot fall back to HTTP/1.1 by itself.
 */
export function createProtocolSniffingServer(
  handler: RequestHandler,
  options: { firstBytesTimeoutMs?: number } = {},
): {
  server: net.Server;
  http2Server: http2.Http2Server;
  http1Server: http.Server;
} {
  // gRPC lives on HTTP/2 only; see grpc-message-encoding.ts.
  const http2Server = http2.createServer({}, withSpecGrpcMessageEncoding(handler) as never);
  const http1Server = http.createServer(handler as never);
  // noDelay: gRPC messages are small and latency-bound; Nagle would hold them for the peer's delayed ACK (~40 ms).
  const firstBytesTimeoutMs = options.firstBytesTimeoutMs ?? FIRST_BYTES_TIMEOUT_MS;
  const server = net.createServer({ noDelay: true }, (socket) => {
    // A client that connects and says nothing would otherwise hold its socket forever: neither
    // server has seen it, so neither server's timeouts apply yet.
    const silent = () => socket.destroy();
    socket.setTimeout(firstBytesTimeoutMs);
    socket.once("timeout", silent);
    // Paused-mode read and unshift: the bytes stay in the socket's buffer, where both servers find them.
    socket.once("readable", () => {
      const first = socket.read() as Buffer | null;
      if (!first) return;
      // The chosen server sets its own timeouts from here on.
      socket.setTimeout(0);
      socket.off("timeout", silent);
      socket.unshift(first);
      const length = Math.min(first.length, HTTP2_PREFACE.length);
      const isHttp2 = first.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
      (isHttp2 ? http2Server : http1Server).emit("connection", socket);
    });
    socket.on("error", () => socket.destroy());
  });
  return { server, http2Server, http1Server };
}
