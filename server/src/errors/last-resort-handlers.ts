import { ConnectError } from "@connectrpc/connect";
import type { Logger } from "pino";

/**
 * Error codes of failures scoped to one connection or one request: a peer that reset, a stream
 * written after its end, a malformed HTTP exchange. The process's own state is intact after them.
 */
const CONNECTION_SCOPED_CODE = /^(ECONNRESET|EPIPE|ECONNABORTED|ETIMEDOUT|ERR_STREAM_|ERR_HTTP2_|ERR_HTTP_|ERR_INVALID_URL$|HPE_)/;

/** Whether an uncaught exception came from one connection's or request's handling. */
export function isConnectionScoped(error: unknown): boolean {
  if (error instanceof ConnectError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_SCOPED_CODE.test(code);
}

/**
 * ┃ The process-level guard behind the per-request ones (http/request-guard.ts). ┃
 * - An unhandled rejection is a promise that nobody awaited: whatever failed had already given up
 *   its synchronous work, so the process logs it at error level and keeps serving.
 * - An uncaught exception interrupted synchronous code at an unknown point. One from a single
 *   connection's handling (see isConnectionScoped) leaves shared state intact: logged, survived.
 *   Any other may have left shared state half-changed: logged as fatal, and the process exits so
 *   that its supervisor restarts it clean. Leases held by its workers expire and are re-run.
 */
export function installLastResortHandlers(
  logger: Logger,
  target: NodeJS.EventEmitter = process,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  target.on("unhandledRejection", (reason: unknown) => {
    logger.error({ err: reason }, "unhandled promise rejection; serving on");
  });
  target.on("uncaughtException", (error: unknown) => {
    if (isConnectionScoped(error)) {
      logger.error({ err: error }, "uncaught error from one connection; serving on");
      return;
    }
    logger.fatal({ err: error }, "uncaught exception; exiting so that a supervisor restarts the server clean");
    exit(1);
  });
}
