import { SignJWT } from "jose";
import { namespaceSchema } from "../api/request-validation.ts";
import { ALL_NAMESPACES, SCOPES } from "./identity.ts";

export interface DevelopmentTokenOptions {
  scopes: string[];
  namespaces: string[];
  /** Lifetime, e.g. "90s", "30m", "24h", "7d". */
  ttl: string;
  subject: string;
  issuer?: string;
  audience?: string;
}

const TTL_UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses "24h"-style lifetimes; throws naming the flag. */
export function parseTtlSeconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl.trim());
  if (!match || Number(match[1]) === 0) throw new Error(`--ttl: "${ttl}" is not a lifetime like 90s, 30m, 24h or 7d`);
  return Number(match[1]) * TTL_UNIT_SECONDS[match[2]!]!;
}

/** Signs an HS256 token with the development secret; throws naming the flag that is wrong. */
export async function mintDevelopmentToken(secret: Uint8Array, options: DevelopmentTokenOptions): Promise<string> {
  const unknown = options.scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (options.scopes.length === 0) throw new Error(`--scope: at least one of ${SCOPES.join(", ")}`);
  if (unknown.length > 0) throw new Error(`--scope: unknown ${unknown.join(", ")}; scopes are ${SCOPES.join(", ")}`);
  for (const namespace of options.namespaces) {
    if (namespace !== ALL_NAMESPACES && !namespaceSchema.safeParse(namespace).success) throw new Error(`--namespace: "${namespace}" is not a namespace name (or "*")`);
  }
  if (options.namespaces.length === 0) throw new Error("--namespace: at least one namespace");
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope: [...new Set(options.scopes)].join(" "), namespaces: [...new Set(options.namespaces)] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + parseTtlSeconds(options.ttl));
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(secret);
}
