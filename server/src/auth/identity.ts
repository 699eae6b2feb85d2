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
  /**
   * Scopes per namespace (key ALL_NAMESPACES for every namespace), for callers whose scopes differ
   * between namespaces: Conveyor's own accounts, whose roles are granted per namespace. Absent, the
   * token grants each of `scopes` in each of `namespaces`. `scopes` and `namespaces` are then the
   * unions of these.
   */
  readonly grants?: ReadonlyMap<string, ReadonlySet<string>>;
  /** For Conveyor's own accounts: the user's email or the service account's name, for logs and WhoAmI. */
  readonly accountName?: string;
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
  return covers(identity.scopes, scope);
}

function covers(scopes: ReadonlySet<string> | undefined, scope: Scope): boolean {
  if (scopes === undefined) return false;
  return scopes.has(scope) || (IMPLIED_BY[scope] ?? []).some((broader) => scopes.has(broader));
}

/** Whether the caller holds `scope` in `namespace` (ALL_NAMESPACES: in every namespace). */
export function hasScopeIn(identity: Identity, scope: Scope, namespace: string): boolean {
  if (identity.grants === undefined) return hasScope(identity, scope) && (identity.namespaces.has(ALL_NAMESPACES) || identity.namespaces.has(namespace));
  return covers(identity.grants.get(ALL_NAMESPACES), scope) || (namespace !== ALL_NAMESPACES && covers(identity.grants.get(namespace), scope));
}

/** Throws PermissionDenied naming the scope `what` needs and the ones the token has. */
export function requireScope(identity: Identity, scope: Scope, what: string): void {
  if (hasScope(identity, scope)) return;
  const held = identity.scopes.size > 0 ? [...identity.scopes].join(" ") : "none";
  throw new PermissionDeniedError(`${what} needs scope "${scope}"${IMPLIED_BY[scope] ? " (or admin)" : ""}; the token's scopes: ${held}`);
}

/**
 * Throws PermissionDenied unless the token is bound to `namespace` ("" is "default", as in
 * requests) and, for a token whose scopes differ between namespaces, holds `scope` there.
 */
export function requireNamespace(identity: Identity | null, namespace: string, field = "namespace", scope?: Scope): asserts identity is Identity {
  if (identity === null) throw new UnauthenticatedError("the call was not authenticated");
  const name = namespace || "default";
  if (!identity.namespaces.has(ALL_NAMESPACES) && !identity.namespaces.has(name)) {
    throw new PermissionDeniedError(`the token is not valid for ${describe(field, name)}; it is for: ${[...identity.namespaces].join(", ") || "no namespace"}`);
  }
  if (scope !== undefined && identity.grants !== undefined && !hasScopeIn(identity, scope, name)) {
    throw new PermissionDeniedError(`the token does not grant scope "${scope}"${IMPLIED_BY[scope] ? " (or admin)" : ""} in ${describe(field, name)}; it grants there: ${scopesIn(identity, name)}`);
  }
}

/** Throws PermissionDenied unless the token is bound to every namespace (with `scope` in all of them). */
export function requireAllNamespaces(identity: Identity, what: string, scope?: Scope): void {
  if (!identity.namespaces.has(ALL_NAMESPACES)) throw new PermissionDeniedError(`${what} names no namespace, so it needs a token for all namespaces ("*")`);
  if (scope !== undefined && identity.grants !== undefined && !hasScopeIn(identity, scope, ALL_NAMESPACES)) {
    throw new PermissionDeniedError(`${what} names no namespace, so it needs scope "${scope}" for all namespaces ("*"); the token grants for "*": ${scopesIn(identity, ALL_NAMESPACES)}`);
  }
}

function scopesIn(identity: Identity, namespace: string): string {
  const held = new Set([...(identity.grants?.get(ALL_NAMESPACES) ?? []), ...(identity.grants?.get(namespace) ?? [])]);
  return held.size > 0 ? [...held].join(" ") : "none";
}

function describe(field: string, namespace: string): string {
  // The namespace is the caller's own input; cut it short so that a log line stays a line.
  const shown = namespace.length > 80 ? `${namespace.slice(0, 80)}…` : namespace;
  return `${field} ${JSON.stringify(shown)}`;
}
