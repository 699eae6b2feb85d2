import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { ConfigError, readSecretFile, type Config } from "../config/config.ts";

/** HS256 secrets shorter than this are refused: RFC 7518 wants a key as long as the hash. */
export const MIN_SECRET_BYTES = 32;

/** Accepted algorithms per key source: a secret verifies HS256 only, a JWKS asymmetric ones only. */
export const SECRET_ALGORITHMS = ["HS256"];
export const JWKS_ALGORITHMS = ["RS256", "ES256"];

export type VerificationKeys =
  | { kind: "secret"; secret: Uint8Array; algorithms: string[] }
  | { kind: "jwks"; getKey: JWTVerifyGetKey; algorithms: string[]; remote: boolean };

/** The HS256 secret from CONVEYOR_AUTH_HS256_SECRET or the file CONVEYOR_AUTH_HS256_SECRET_FILE names. */
export function readHs256Secret(config: Config): Uint8Array | undefined {
  let text = config.authHs256Secret;
  if (config.authHs256SecretFile !== undefined) {
    text = readSecretFile(config.authHs256SecretFile, "CONVEYOR_AUTH_HS256_SECRET_FILE").replace(/\r?\n$/, "");
  }
  if (text === undefined) return undefined;
  const secret = new TextEncoder().encode(text);
  if (secret.byteLength < MIN_SECRET_BYTES) {
    const source = config.authHs256SecretFile !== undefined ? `the file ${config.authHs256SecretFile} (CONVEYOR_AUTH_HS256_SECRET_FILE)` : "CONVEYOR_AUTH_HS256_SECRET";
    throw new ConfigError(`invalid configuration:\n  the HS256 secret in ${source} has ${secret.byteLength} bytes; it needs at least ${MIN_SECRET_BYTES}`);
  }
  return secret;
}

/**
 * The keys of an external issuer (or the development secret), or undefined when none is configured
 * and the server's own accounts are on: it then accepts only the tokens it issues.
 */
export function loadExternalKeys(config: Config, accountsOn: boolean): VerificationKeys | undefined {
  const configured = [config.authHs256Secret, config.authHs256SecretFile, config.authJwksFile, config.authJwksUrl].some((value) => value !== undefined);
  if (!configured && accountsOn) return undefined;
  return loadVerificationKeys(config);
}

/** The keys tokens are verified with; a ConfigError when a configured source cannot be used. */
export function loadVerificationKeys(config: Config): VerificationKeys {
  const secret = readHs256Secret(config);
  if (secret !== undefined) return { kind: "secret", secret, algorithms: SECRET_ALGORITHMS };
  if (config.authJwksFile !== undefined) {
    const text = readSecretFile(config.authJwksFile, "CONVEYOR_AUTH_JWKS_FILE");
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(text) as JSONWebKeySet;
      if (!Array.isArray(jwks?.keys)) throw new Error('no "keys" array');
    } catch (error) {
      throw new ConfigError(`invalid configuration:\n  CONVEYOR_AUTH_JWKS_FILE ${config.authJwksFile} is not a JWKS: ${(error as Error).message}`);
    }
    return { kind: "jwks", getKey: createLocalJWKSet(jwks), algorithms: JWKS_ALGORITHMS, remote: false };
  }
  if (config.authJwksUrl !== undefined) {
    // Fetched on first use, cached, and fetched again (at most every 30 s) for an unknown key id.
    return { kind: "jwks", getKey: createRemoteJWKSet(new URL(config.authJwksUrl)), algorithms: JWKS_ALGORITHMS, remote: true };
  }
  throw new ConfigError("invalid configuration:\n  no token verification key: set CONVEYOR_AUTH_HS256_SECRET_FILE, CONVEYOR_AUTH_HS256_SECRET, CONVEYOR_AUTH_JWKS_FILE or CONVEYOR_AUTH_JWKS_URL");
}
