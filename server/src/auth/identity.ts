import { createContextKey } from "@connectrpc/connect";
import { PermissionDeniedError, UnauthenticatedError } from "../errors/conveyor-error.ts";

/** The scopes a token can carry, in its space-separated `scope` claim (OAuth style). */
export const SCOPES = ["jobs:write", "jobs:read", "worker", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** The `namespaces` claim's wildcard: every namespace, present and future. */
export const ALL_NAMESPACES = "*";

/** Who is calling, as their verified token says. */
export interface Identity {
  /** The token's `sub`, for logs. */
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  /** The namespaces the token is bound to; may hold ALL_NAMESPACES. */
  readonly namespaces: ReadonlySet<string>;
}

/** The caller when CONVEYOR_AUTH_MODE=off: everything, everywhere. */
export const UNRESTRICTED: Identity = { subject: "anonymous (auth off)", scopes: new Set(SCOPES), namespaces: new Set([ALL_NAMESPACES]) };

/**
 * The authenticated caller of the current RPC, set by the auth interceptor for handlers that must
 * check what only they can see (the namespace in LeaseOpen). null means nobody authenticated this
 * call, which handlers refuse: an unwired interceptor fails closed.
 */
export const identityKey = createContextKey<Identity | null>(null, { description: "conveyor authenticated identity" });

/**
 * `admin` includes `jobs:read` and `jobs:write` (an operator inspects, cancels and retries anyone's
 * jobs) but not `worker`: leasing jobs is a role of its own, so an operator's token never runs them.
 */
const IMPLIED_BY: Partial<Record<Scope, Scope[]>> = { "jobs:read": ["admin"], "jobs:write": ["admin"] };

export function hasScope(identity: Identity, scope: Scope): boolean {
  return identity.scopes.has(scope) || (IMPLIED_BY[scope] ?? []).some((broader) => identity.scopes.has(broader));
}

/** Throws PermissionDenied naming the scope `what` needs and the ones the token has. */
export function requireScope(identity: Identity, scope: Scope, what: string): void {
  if (hasScope(identity, scope)) return;
  const held = identity.scopes.size > 0 ? [...identity.scopes].join(" ") : "none";
  throw new PermissionDeniedError(`${what} needs scope "${scope}"${IMPLIED_BY[scope] ? " (or admin)" : ""}; the token's scopes: ${held}`);
}

/** Throws PermissionDenied unless the token is bound to `namespace` ("" is "default", as in requests). */
export function requireNamespace(identity: Identity | null, namespace: string, field = "namespace"): asserts identity is Identity {
  if (identity === null) throw new UnauthenticatedError("the call was not authenticated");
  const name = namespace || "default";
  if (identity.namespaces.has(ALL_NAMESPACES) || identity.namespaces.has(name)) return;
  throw new PermissionDeniedError(`the token is not valid for ${describe(field, name)}; it is for: ${[...identity.namespaces].join(", ") || "no namespace"}`);
}

/** Throws PermissionDenied unless the token is bound to every namespace. */
export function requireAllNamespaces(identity: Identity, what: string): void {
  if (identity.namespaces.has(ALL_NAMESPACES)) return;
  throw new PermissionDeniedError(`${what} names no namespace, so it needs a token for all namespaces ("*")`);
}

function describe(field: string, namespace: string): string {
  // The namespace is the caller's own input; cut it short so that a log line stays a line.
  const shown = namespace.length > 80 ? `${namespace.slice(0, 80)}…` : namespace;
  return `${field} ${JSON.stringify(shown)}`;
}
