import type http from "node:http";
import type http2 from "node:http2";

type RequestHandler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;
type NodeHeaders = Record<string, string | string[] | number | undefined>;

/**
 * The grpc-message header as the gRPC spec encodes it: only bytes outside 0x20-0x7E, and '%', are
 * percent-encoded. connect-es uses encodeURIComponent, which also escapes ':', ',', '/' and friends;
 * grpc-js decodes with decodeURI, which leaves exactly those escaped, so its users would read
 * "job.queue%3A is required". Every decoder reads the spec's form correctly.
 */
export function specEncodeGrpcMessage(value: string): string {
  let message: string;
  try {
    message = decodeURIComponent(value);
  } catch {
    return value;
  }
  let encoded = "";
  for (const byte of Buffer.from(message, "utf8")) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

function reencode(headers: unknown): void {
  if (!headers || typeof headers !== "object" || Array.isArray(headers)) return;
  const record = headers as NodeHeaders;
  const value = record["grpc-message"];
  if (typeof value === "string") record["grpc-message"] = specEncodeGrpcMessage(value);
}

/** Wraps a request handler so that grpc-message, in headers (trailers-only) or trailers, is spec-encoded. */
export function withSpecGrpcMessageEncoding(handler: RequestHandler): RequestHandler {
  return (req, res) => {
    const response = res as http2.Http2ServerResponse;
    const writeHead = response.writeHead;
    const addTrailers = response.addTrailers;
    response.writeHead = function (this: http2.Http2ServerResponse, ...args: unknown[]) {
      reencode(args.at(-1));
      return (writeHead as (...a: unknown[]) => http2.Http2ServerResponse).apply(this, args);
    } as typeof response.writeHead;
    response.addTrailers = function (this: http2.Http2ServerResponse, trailers: Parameters<typeof addTrailers>[0]) {
      reencode(trailers);
      return addTrailers.call(this, trailers);
    };
    handler(req, res);
  };
}
