import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { ConveyorError, type ConveyorErrorKind } from "../errors/conveyor-error.ts";
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
/** node-postgres's errors for a connection lost or never made, which carry no code. */
const LOST_CONNECTION_MESSAGE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended)/;

/**
 * ┃ The one place where errors become gRPC codes. ┃
 * Domain errors keep their message; anything unexpected is logged with its stack and reaches the
 * client as INTERNAL without internal detail. The original error stays in `cause`.
 */
export function toConnectError(thrown: unknown, logger: Logger, procedure: string): ConnectError {
  if (thrown instanceof ConnectError) return thrown;
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
            throw toConnectError(error, logger, procedure);
          }
        })(),
      };
    } catch (error) {
      throw toConnectError(error, logger, procedure);
    }
  };
}
