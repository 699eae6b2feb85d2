import type { StreamRequest, UnaryRequest } from "@connectrpc/connect";

/**
 * The request with `check` applied to its message, or, for a streamed request, to each message
 * before the handler reads it. For interceptors that refuse requests by their content.
 */
export function checkedRequest<R extends UnaryRequest | StreamRequest>(request: R, check: (message: unknown) => void): R {
  if (!request.stream) {
    check(request.message);
    return request;
  }
  const messages = request.message;
  return {
    ...request,
    message: (async function* () {
      for await (const message of messages) {
        check(message);
        yield message;
      }
    })(),
  };
}
