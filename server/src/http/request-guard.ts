import { isIPv6 } from "node:net";
import type http from "node:http";
import type http2 from "node:http2";
import type { Logger } from "pino";

type RequestHandler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

/**
 * ┃ No request may take the process down. ┃
 * Wraps the request handler so that whatever it throws synchronously (connect-node builds its
 * request from the Node request before any interceptor runs, and throws when it cannot) becomes a
 * 400 answer for that request alone, logged at warn: the request was malformed, the server is fine.
 */
export function withRequestGuard(handler: RequestHandler, logger: Logger): RequestHandler {
  return (req, res) => {
    // HTTP/1.0 does not require Host, and connect-node needs an authority to build the request
    // URL (only its path routes): the address the client reached stands in for it.
    if (!("authority" in req) && req.headers.host === undefined) req.headers.host = localAuthority(req.socket);
    try {
      handler(req, res);
    } catch (error) {
      logger.warn({ err: error, method: req.method, url: req.url, httpVersion: req.httpVersion }, "malformed request refused");
      refuse(res, error);
    }
  };
}

function localAuthority(socket: { localAddress?: string; localPort?: number }): string {
  const address = socket.localAddress ?? "localhost";
  return `${isIPv6(address) ? `[${address}]` : address}:${socket.localPort ?? 0}`;
}

function refuse(res: http.ServerResponse | http2.Http2ServerResponse, error: unknown): void {
  if (res.headersSent) {
    // Too late for a status: end this exchange only (an HTTP/2 stream, not its session).
    if ("stream" in res) res.stream.close(0x2 /* INTERNAL_ERROR */);
    else res.socket?.destroy();
    return;
  }
  const message = `malformed request: ${error instanceof Error ? error.message : String(error)}`;
  // Connect's error body: Connect clients read the code; others see a JSON message.
  const reply = res as http.ServerResponse;
  reply.writeHead(400, { "content-type": "application/json" });
  reply.end(JSON.stringify({ code: "invalid_argument", message }));
}
