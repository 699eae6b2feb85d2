import { createHmac, timingSafeEqual } from "node:crypto";

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = "Conveyor-Signature";

export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver does (the README shows the same): recompute the HMAC over "<t>.<body>", compare
 * in constant time, and refuse old timestamps so that a captured request cannot be replayed.
 */
export function verifyWebhookSignature(secret: string, body: string, header: string, toleranceS = 300, nowS = Date.now() / 1000): boolean {
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const t = Number(parts["t"]);
  if (!Number.isFinite(t) || Math.abs(nowS - t) > toleranceS || !parts["v1"]) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts["v1"]);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
