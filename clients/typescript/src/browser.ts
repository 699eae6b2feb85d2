// @conveyor/client for browsers: the Conveyor API over Connect (JSON or binary) or gRPC-Web, with
// fetch. Bundlers pick this file through the package's "browser" export condition; import
// "@conveyor/client/browser" to name it explicitly.
//
// A page on another origin than the server needs the server to allow it (CORS): see README.md.
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import type { CommonClientOptions, ConveyorClient } from "./common.ts";
import { clientOver, interceptorsFor } from "./internal.ts";

export * from "./common.ts";

export interface ConveyorClientOptions extends CommonClientOptions {
  /** "connect" (the default) or "grpc-web". Browsers cannot speak plain gRPC. */
  protocol?: "connect" | "grpc-web";
  /** For "connect": binary protobuf instead of JSON (JSON is the default: readable in the network panel). */
  binary?: boolean;
  /** A fetch to use instead of globalThis.fetch, e.g. one that sets `credentials: "include"`. */
  fetch?: typeof globalThis.fetch;
}

/**
 * A client for the server at `baseUrl` (for example "https://conveyor.example.com").
 *
 *     const conveyor = createConveyorClient("https://conveyor.example.com", { token: () => session.token });
 *     for await (const update of conveyor.jobs.watchJob({ id })) render(update);
 */
export function createConveyorClient(baseUrl: string, options: ConveyorClientOptions = {}): ConveyorClient {
  const common = {
    baseUrl,
    interceptors: interceptorsFor(options),
    defaultTimeoutMs: options.defaultTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const transport =
    options.protocol === "grpc-web"
      ? createGrpcWebTransport({ ...common, useBinaryFormat: true })
      : createConnectTransport({ ...common, useBinaryFormat: options.binary ?? false });
  return clientOver(transport);
}
