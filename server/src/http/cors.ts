import { cors } from "@connectrpc/connect";
import type http from "node:http";
import type http2 from "node:http2";

type NodeHandlerFn = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

/**
 * CORS for browser clients (Connect-Web, gRPC-Web) served from other origins. `origins` is the
 * allow-list; "*" allows any origin, which is safe here because credentials travel in the
 * Authorization header, never in cookies.
 */
export function withCors(handler: NodeHandlerFn, origins: readonly string[]): NodeHandlerFn {
  if (origins.length === 0) return handler;
  const allowAny = origins.includes("*");
  const allowedHeaders = [...cors.allowedHeaders, "Authorization"].join(", ");
  const exposedHeaders = cors.exposedHeaders.join(", ");
  const allowedMethods = cors.allowedMethods.join(", ");
  return (req, res) => {
    const origin = req.headers["origin"];
    if (typeof origin === "string" && (allowAny || origins.includes(origin))) {
      res.setHeader("Access-Control-Allow-Origin", allowAny ? "*" : origin);
      res.setHeader("Access-Control-Expose-Headers", exposedHeaders);
      if (!allowAny) res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", allowedMethods);
        res.setHeader("Access-Control-Allow-Headers", allowedHeaders);
        res.setHeader("Access-Control-Max-Age", "7200");
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    handler(req, res);
  };
}
