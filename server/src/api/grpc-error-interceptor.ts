import { Code, ConnectError, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { ConveyorError, type ConveyorErrorKind } from "../errors/conveyor-error.ts";
import { isConnectionScoped } from "../errors/last-resort-handlers.ts";
import { IllegalTransitionError } from "../jobs/job-state-machine.ts";

const codeOfKind: Record<ConveyorErrorKind, Code> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  resource_exhausted: Code.ResourceExhausted,
  unauthenticated: Code.Unauthenticated,
  permission_denied: Code.PermissionDenied,
  unavailable: Code.Unavailable,
};

/** PostgreSQL error classes that mean "try again later", not "you sent something wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const NETWORK_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
/**
 * node-postgres's errors for a connection lost or never made, or for a pool this server closed while
 * shutting down (a handler still running then, say a WatchJob whose client just left), which carry
 * no code.
 */
const LOST_CONNECTION_MESSAGE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended|Cannot use a pool after calling end on the pool)/;

/**
 * ┃ The one place where errors become gRPC codes. ┃
 * Domain errors keep their message; anything unexpected is logged with its stack and reaches the
 * client as INTERNAL without internal detail. The original error stays in `cause`.
 */
export function toConnectError(thrown: unknown, logger: Logger, procedure: string, signal?: AbortSignal): ConnectError {
  if (thrown instanceof ConnectError) return thrown;
  // A client that stops listening (an abandoned WatchJob, a closed tab) aborts its call: normal.
  // The handler then sees its wait aborted, or its next write fail on the closed stream.
  if (signal?.aborted && ((thrown as { name?: unknown } | null)?.name === "AbortError" || isConnectionScoped(thrown))) {
    logger.debug({ procedure }, "call abandoned by the client");
    return new ConnectError("the call was cancelled", Code.Canceled, undefined, undefined, thrown);
  }
  if (thrown instanceof ConveyorError) return new ConnectError(thrown.message, codeOfKind[thrown.kind], undefined, undefined, thrown);
  if (thrown instanceof IllegalTransitionError) return new ConnectError(thrown.message, Code.FailedPrecondition, undefined, undefined, thrown);
  const error = thrown as { code?: unknown; message?: unknown };
  if (typeof error?.code === "string") {
    if (error.code === "23505") return new ConnectError("already exists", Code.AlreadyExists, undefined, undefined, thrown);
    // Serialization failure or deadlock: a conflict with a concurrent request that a retry resolves.
    if (error.code === "40001" || error.code === "40P01") {
      logger.warn({ err: thrown, procedure }, "transaction aborted by a concurrent one");
      return new ConnectError("conflicted with a concurrent request; try again", Code.Aborted, undefined, undefined, thrown);
    }
  }
  const unavailable =
    (typeof error?.code === "string" && (UNAVAILABLE_SQLSTATE.test(error.code) || NETWORK_ERRNO.has(error.code))) ||
    (typeof error?.message === "string" && LOST_CONNECTION_MESSAGE.test(error.message));
  if (unavailable) {
    logger.warn({ err: thrown, procedure }, "dependency unavailable");
    return new ConnectError("a dependency of the server is unavailable; try again", Code.Unavailable, undefined, undefined, thrown);
  }
  logger.error({ err: thrown, procedure }, "unexpected error in handler");
  return new ConnectError("internal error", Code.Internal, undefined, undefined, thrown);
}

/**
 * What connect-es itself answers INTERNAL for, though the client is at fault: request bytes that
 * are no protobuf message, and a message flagged compressed without an encoding it can undo
 * (gRPC's own servers say INTERNAL too; for us an INTERNAL always means a server bug).
 */
const CLIENT_FAULT = /^(parse binary: |received compressed envelope, but do not know how to decompress)/;

/**
 * A connect-es request gate (it runs for every call of every protocol, before the body is read)
 * that makes those answers INVALID_ARGUMENT. connect-es raises them while decoding the request,
 * before any interceptor runs; every protocol's handler then passes the error to the call
 * context's abort() before it writes it, which is where this corrects the code, on the error
 * itself. (Not an abort listener: a call whose deadline already passed is aborted already.)
 */
export function clientFaultGate(context: HandlerContext): void {
  const withAbort = context as HandlerContext & { abort(reason?: unknown): void };
  const abort = withAbort.abort.bind(context);
  withAbort.abort = (reason?: unknown) => {
    if (reason instanceof ConnectError && reason.code === Code.Internal && CLIENT_FAULT.test(reason.rawMessage)) {
      (reason as { code: Code }).code = Code.InvalidArgument;
    }
    abort(reason);
  };
}

export function errorMappingInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    const procedure = request.method.name;
    try {
      const response = await next(request);
      if (!response.stream) return response;
      const messages = response.message;
      return {
        ...response,
        message: (async function* () {
          try {
            yield* messages;
          } catch (error) {
            throw toConnectError(error, logger, procedure, request.signal);
          }
        })(),
      };
    } catch (error) {
      throw toConnectError(error, logger, procedure, request.signal);
    }
  };
}
