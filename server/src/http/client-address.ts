import { createContextKey, createContextValues, type ContextValues } from "@connectrpc/connect";

/**
 * The caller's address: the TCP peer of the request, for per-address login throttling. Proxies'
 * X-Forwarded-For is not read: a client could send any value in it.
 */
export const clientAddressKey = createContextKey<string>("unknown", { description: "conveyor client address" });

/** For connectNodeAdapter's `contextValues`. */
export function clientAddressValues(req: { socket?: { remoteAddress?: string } | null }): ContextValues {
  const values = createContextValues();
  values.set(clientAddressKey, req.socket?.remoteAddress ?? "unknown");
  return values;
}
