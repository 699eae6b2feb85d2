// @conveyor/client for Node: the Conveyor API over gRPC (HTTP/2), Connect or gRPC-Web.
// Bundlers that honour the "browser" export condition get ./browser.ts instead.
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { CommonClientOptions, ConveyorClient } from "./common.ts";
import { clientOver, interceptorsFor } from "./internal.ts";

export * from "./common.ts";

export interface ConveyorClientOptions extends CommonClientOptions {
  /**
   * "grpc" (the default): gRPC over HTTP/2, like every other gRPC client.
   * "connect": the Connect protocol, binary or JSON (see `json`), over HTTP/2 or HTTP/1.1.
   * "grpc-web": gRPC-Web, as a browser would send it.
   */
  protocol?: "grpc" | "connect" | "grpc-web";
  /** For "connect" and "grpc-web": "2" (the default) or "1.1". gRPC is always HTTP/2. */
  httpVersion?: "1.1" | "2";
  /** For "connect": JSON bodies instead of binary protobuf. */
  json?: boolean;
}

/**
 * A client for the server at `baseUrl` (for example "http://127.0.0.1:50051").
 *
 *     const conveyor = createConveyorClient("http://127.0.0.1:50051", { token: process.env.CONVEYOR_TOKEN });
 *     const { job } = await conveyor.jobs.submitJob({ job: { queue: "emails", type: "send_email" } });
 */
export function createConveyorClient(baseUrl: string, options: ConveyorClientOptions = {}): ConveyorClient {
  const protocol = options.protocol ?? "grpc";
  const httpVersion = protocol === "grpc" ? "2" : (options.httpVersion ?? "2");
  if (protocol === "grpc" && options.httpVersion === "1.1") throw new Error("gRPC needs HTTP/2: use protocol \"connect\" or \"grpc-web\" over HTTP/1.1");
  const common = { baseUrl, interceptors: interceptorsFor(options), defaultTimeoutMs: options.defaultTimeoutMs };
  if (httpVersion === "1.1") {
    const transport =
      protocol === "connect"
        ? createConnectTransport({ ...common, httpVersion, useBinaryFormat: !options.json })
        : createGrpcWebTransport({ ...common, httpVersion, useBinaryFormat: true });
    return clientOver(transport);
  }
  // One HTTP/2 connection for all services, closed by close().
  const sessionManager = new Http2SessionManager(baseUrl);
  const transport =
    protocol === "grpc"
      ? createGrpcTransport({ ...common, sessionManager })
      : protocol === "connect"
        ? createConnectTransport({ ...common, httpVersion, sessionManager, useBinaryFormat: !options.json })
        : createGrpcWebTransport({ ...common, httpVersion, sessionManager, useBinaryFormat: true });
  return clientOver(transport, () => sessionManager.abort());
}
