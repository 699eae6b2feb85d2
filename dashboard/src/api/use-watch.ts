import { Code, ConnectError } from "@connectrpc/connect";
import { useEffect, useRef } from "react";
import { handleAuthError } from "./transport.ts";

/**
 * Runs a server stream while the component is mounted (and its deps hold), calling onMessage for
 * each message. A stream that breaks (server restart, proxy timeout) is opened again after a pause;
 * one that ends normally (the job or workflow finished) is not.
 */
export function useStream<M>(open: ((signal: AbortSignal) => AsyncIterable<M>) | undefined, onMessage: (message: M) => void, deps: unknown[]): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    void (async () => {
      for (let failures = 0; !abort.signal.aborted; ) {
        try {
          for await (const message of open(abort.signal)) {
            failures = 0;
            handler.current(message);
          }
          return;
        } catch (error) {
          if (abort.signal.aborted) return;
          const code = ConnectError.from(error).code;
          if (code === Code.Unauthenticated) return handleAuthError(error);
          if (code === Code.NotFound || code === Code.PermissionDenied || code === Code.InvalidArgument) return;
          failures++;
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** failures)));
        }
      }
    })();
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
