import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";

export type WorkerServiceClient = Client<typeof WorkerService>;

export interface WorkerRpc {
  client: WorkerServiceClient;
  /** Closes the HTTP/2 connection (and any stream still on it). */
  close(): void;
}

/** Unary calls (Heartbeat, Complete, Fail) give up after this long and count as transient failures. */
export const RPC_TIMEOUT_MS = 15_000;

/** gRPC over one HTTP/2 connection, kept alive with PINGs so that a dead server is noticed. */
export function createWorkerRpc(url: string, token: string | undefined): WorkerRpc {
  const sessionManager = new Http2SessionManager(url, { pingIntervalMs: 15_000, pingTimeoutMs: 10_000 });
  const interceptors: Interceptor[] = token === undefined ? [] : [bearerToken(token)];
  const transport = createGrpcTransport({ baseUrl: url, sessionManager, interceptors });
  return {
    client: createClient(WorkerService, transport),
    close: () => sessionManager.abort(),
  };
}

function bearerToken(token: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

/** Worth another try: the server restarts, the connection drops, a call times out. */
export function isTransient(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return (
    code === Code.Unavailable ||
    code === Code.DeadlineExceeded ||
    code === Code.Aborted ||
    code === Code.Internal ||
    code === Code.Unknown ||
    code === Code.Canceled
  );
}

/**
 * The server refused what was sent rather than failed to process it: a result over its size
 * limit (RESOURCE_EXHAUSTED) or otherwise invalid.
 */
export function isRefusedContent(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.InvalidArgument || code === Code.ResourceExhausted;
}

/** No point reconnecting: the server will answer the same way (bad options, bad token, no WorkerService). */
export function isFatal(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.InvalidArgument || code === Code.Unauthenticated || code === Code.PermissionDenied || code === Code.Unimplemented;
}

export function describeRpcError(error: unknown): string {
  const connectError = ConnectError.from(error);
  return `${Code[connectError.code]}: ${connectError.rawMessage}`;
}
