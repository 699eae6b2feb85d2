// Who the page acts as: the pasted token (kept in sessionStorage, never in a URL), what its
// claims say it may do, and the namespace being looked at. The claims are read, not verified:
// the server verifies every call; this only decides which buttons to disable and why.
import { useSyncExternalStore } from "react";

export type Scope = "jobs:read" | "jobs:write" | "admin";

export interface Session {
  /** null: no token (auth off, or not pasted yet). */
  token: string | null;
  /** The server accepts calls without a token. */
  authOff: boolean;
  /** Why the page asks for a token again (expired, refused), shown above the prompt. */
  promptReason: string | null;
  namespace: string;
}

const TOKEN_KEY = "conveyor.token";
const NAMESPACE_KEY = "conveyor.namespace";

let session: Session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  authOff: false,
  promptReason: null,
  namespace: sessionStorage.getItem(NAMESPACE_KEY) ?? "default",
};
const listeners = new Set<() => void>();

function update(change: Partial<Session>): void {
  session = { ...session, ...change };
  for (const listener of listeners) listener();
}

export function currentSession(): Session {
  return session;
}

export function useSession(): Session {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => session,
  );
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  update({ token, promptReason: null });
}

/** Forgets the token and asks for another, saying why. */
export function dropToken(reason: string | null): void {
  sessionStorage.removeItem(TOKEN_KEY);
  update({ token: null, promptReason: reason });
}

export function setAuthOff(authOff: boolean): void {
  if (session.authOff !== authOff) update({ authOff });
}

export function setNamespace(namespace: string): void {
  sessionStorage.setItem(NAMESPACE_KEY, namespace);
  update({ namespace });
}

export interface TokenClaims {
  subject: string;
  scopes: Set<string>;
  namespaces: string[];
  /** Milliseconds since the epoch; undefined when the token has no exp. */
  expiresAt: number | undefined;
}

/** The JWT's payload, or undefined when the text is not a JWT. */
export function readClaims(token: string): TokenClaims | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const namespaces = claims["namespaces"];
    return {
      subject: typeof claims["sub"] === "string" ? claims["sub"] : "(no subject)",
      scopes: new Set(typeof claims["scope"] === "string" ? claims["scope"].split(" ").filter(Boolean) : []),
      namespaces: Array.isArray(namespaces) ? namespaces.map(String) : typeof namespaces === "string" ? namespaces.split(/[ ,]/).filter(Boolean) : [],
      expiresAt: typeof claims["exp"] === "number" ? claims["exp"] * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}

/** admin implies jobs:read and jobs:write, as on the server (server/src/auth/identity.ts). */
export function allows(s: Session, scope: Scope): boolean {
  if (s.authOff) return true;
  if (!s.token) return false;
  const scopes = readClaims(s.token)?.scopes ?? new Set<string>();
  return scopes.has(scope) || (scope !== "admin" && scopes.has("admin"));
}

/** Why an action needing `scope` is disabled, or undefined when it is allowed. */
export function forbiddenReason(s: Session, scope: Scope): string | undefined {
  return allows(s, scope) ? undefined : `Your token lacks the "${scope}" scope${scope === "admin" ? "" : " (or admin)"}.`;
}

export function useAllowed(scope: Scope): { allowed: boolean; reason: string | undefined } {
  const s = useSession();
  const reason = forbiddenReason(s, scope);
  return { allowed: reason === undefined, reason };
}
