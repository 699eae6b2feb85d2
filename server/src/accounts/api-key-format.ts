import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API key is "cvk_<key id, 32 hex>_<secret, 43 base64url>": the id finds the row, the secret
 * (256 random bits) proves possession. Only the secret's SHA-256 is stored: a secret this random
 * cannot be guessed from its hash, so the slow hash that passwords need would add only latency.
 */
const KEY_PATTERN = /^cvk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** The whole key, shown to its creator once. */
  key: string;
  id: string;
  secretHash: Buffer;
}

export function makeApiKey(id: string): NewApiKey {
  const secret = randomBytes(32).toString("base64url");
  return { key: `cvk_${id.replaceAll("-", "")}_${secret}`, id, secretHash: hashSecret(secret) };
}

/** The key id (a UUID) and the secret, or undefined when `key` is not shaped like a key. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const hex = match[1]!;
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, secret: match[2]! };
}

/** Compares in constant time; a missing row is compared against a random hash, which never matches. */
export function secretMatches(secret: string, storedHash: Buffer | undefined): boolean {
  return timingSafeEqual(hashSecret(secret), storedHash ?? randomBytes(32));
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}
