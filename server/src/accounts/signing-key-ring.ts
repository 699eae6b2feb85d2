import { hkdfSync, randomBytes } from "node:crypto";
import { compactDecrypt, CompactEncrypt, errors, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from "jose";
import { FailedPreconditionError } from "../errors/conveyor-error.ts";
import type { Database } from "../store/database.ts";
import { insertSigningKey, liveSigningKeys, lockSigningKeys, type SigningKeyRow } from "../store/account-store.ts";

export const SIGNING_ALGORITHM = "ES256";

/** After this, a server reads the keys again even when nothing asked it to: another server may have rotated. */
const RELOAD_AFTER_MS = 60_000;
/** A token with an unknown kid makes a server read the keys again, but not more often than this. */
const UNKNOWN_KID_RELOAD_MS = 5_000;
/**
 * A retired key verifies this long past a token's lifetime: another server may go on signing with
 * it until it next reads the keys (RELOAD_AFTER_MS), and clocks drift a little.
 */
const RETIRED_KEY_MARGIN_MS = RELOAD_AFTER_MS + 60_000;

export interface SigningKeyRingOptions {
  db: Database;
  /** The accounts secret: the key that encrypts the private keys at rest is derived from it. */
  secret: Uint8Array;
  rotationMs: number;
  tokenTtlMs: number;
}

interface LiveKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  row: SigningKeyRow;
}

/**
 * The server's own signing keys, shared by every server of an installation through PostgreSQL.
 * The newest key signs; older ones verify the tokens they signed until those expire, then they
 * leave the JWKS and the table. The private halves are stored as JWEs (dir, A256GCM) under a key
 * derived (HKDF-SHA256) from the accounts secret, so a database dump alone cannot mint tokens.
 */
export class SigningKeyRing {
  private readonly options: SigningKeyRingOptions;
  private readonly wrappingKey: Uint8Array;
  private keys = new Map<string, LiveKey>();
  private signer: { kid: string; privateKey: CryptoKey } | undefined;
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(options: SigningKeyRingOptions) {
    this.options = options;
    this.wrappingKey = new Uint8Array(hkdfSync("sha256", options.secret, "conveyor", "conveyor signing keys v1", 32));
  }

  /** The key to sign with now: a new one when there is none or the newest is due for rotation. */
  async signingKey(): Promise<{ kid: string; privateKey: CryptoKey }> {
    if (Date.now() - this.loadedAt > RELOAD_AFTER_MS) await this.reload();
    let newest = this.newestRow();
    if (newest === undefined || Date.now() - newest.created_at.getTime() >= this.options.rotationMs) {
      await this.rotate(false);
      newest = this.newestRow()!;
    }
    // Decrypted only to sign: a server with the wrong secret still verifies and serves the JWKS.
    if (this.signer?.kid !== newest.kid) this.signer = { kid: newest.kid, privateKey: await this.decrypt(newest) };
    return this.signer;
  }

  /**
   * Makes a new signing key (force), or one only if the newest is missing or due (another server
   * may have rotated first: the lock and the second look make that one key, not two).
   */
  async rotate(force: boolean): Promise<string> {
    await this.options.db.withTransaction(async (tx) => {
      await lockSigningKeys(tx);
      const newest = (await liveSigningKeys(tx)).find((row) => row.retired_at === null);
      if (!force && newest && Date.now() - newest.created_at.getTime() < this.options.rotationMs) return;
      const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
      const kid = randomBytes(12).toString("base64url");
      const privateJwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(await exportJWK(privateKey))))
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
        .encrypt(this.wrappingKey);
      const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: "sig" };
      await insertSigningKey(tx, { kid, algorithm: SIGNING_ALGORITHM, publicJwk, privateJwe, verifyForMs: this.options.tokenTtlMs + RETIRED_KEY_MARGIN_MS });
    });
    await this.reload();
    return this.newestRow()!.kid;
  }

  /** For jose's jwtVerify: the public key of the token's kid, read again once if unknown. */
  readonly getKey: JWTVerifyGetKey = async (header) => {
    let key = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (key === undefined && header.kid !== undefined && Date.now() - this.loadedAt > UNKNOWN_KID_RELOAD_MS) {
      await this.reload();
      key = this.keys.get(header.kid);
    }
    if (key === undefined || (key.row.verify_until !== null && key.row.verify_until.getTime() <= Date.now())) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  };

  /** The public keys that verify tokens now, for /.well-known/jwks.json. */
  async jwks(): Promise<JSONWebKeySet> {
    if (Date.now() - this.loadedAt > RELOAD_AFTER_MS) await this.reload();
    const now = Date.now();
    return { keys: [...this.keys.values()].filter((key) => key.row.verify_until === null || key.row.verify_until.getTime() > now).map((key) => key.publicJwk) };
  }

  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const rows = await liveSigningKeys(this.options.db);
    const keys = new Map<string, LiveKey>();
    for (const row of rows) {
      const publicJwk = row.public_jwk as JWK;
      keys.set(row.kid, { kid: row.kid, publicJwk, publicKey: (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey, row });
    }
    this.keys = keys;
    this.loadedAt = Date.now();
  }

  /** The key that signs: the newest that is not retired. */
  private newestRow(): SigningKeyRow | undefined {
    let newest: SigningKeyRow | undefined;
    for (const { row } of this.keys.values()) if (row.retired_at === null && (newest === undefined || row.created_at > newest.created_at)) newest = row;
    return newest;
  }

  private async decrypt(row: SigningKeyRow): Promise<CryptoKey> {
    try {
      const { plaintext } = await compactDecrypt(row.private_jwe, this.wrappingKey);
      return (await importJWK(JSON.parse(new TextDecoder().decode(plaintext)) as JWK, SIGNING_ALGORITHM)) as CryptoKey;
    } catch (error) {
      // FAILED_PRECONDITION: a configuration to fix, not a request to retry. The message holds no secret.
      throw new FailedPreconditionError(
        `this server cannot issue tokens: its accounts secret does not decrypt signing key ${row.kid}; every server of an installation needs the same CONVEYOR_AUTH_ACCOUNTS_SECRET (${(error as Error).message})`,
      );
    }
  }
}
