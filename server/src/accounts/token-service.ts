import { randomBytes } from "node:crypto";
import { hash, verify as verifyPassword } from "@node-rs/argon2";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { parseRequest } from "../api/request-validation.ts";
import type { Identity } from "../auth/identity.ts";
import { FailedPreconditionError, UnauthenticatedError } from "../errors/conveyor-error.ts";
import type { Database } from "../store/database.ts";
import { findAccountAccess, findApiKey, findUserByEmail, rolesOf, touchApiKey } from "../store/account-store.ts";
import { parseApiKey, secretMatches } from "./api-key-format.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { grantsOf, type Role, type RoleGrant } from "./roles.ts";
import { SIGNING_ALGORITHM, type SigningKeyRing } from "./signing-key-ring.ts";

const CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenServiceOptions {
  db: Database;
  ring: SigningKeyRing;
  throttle: LoginThrottle;
  issuer: string;
  audience: string | undefined;
  tokenTtlMs: number;
  accountCacheMs: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
  accountId: string;
  roles: RoleGrant[];
}

const loginSchema = z.object({
  email: z.string().max(254, "must be at most 254 characters").transform((email) => email.trim().toLowerCase()),
  password: z.string().max(256, "must be at most 256 characters"),
});

/** The `cred` claim: how the token was obtained, so that revoking that credential ends it. */
const credentialSchema = z.union([z.literal("password"), z.string().regex(/^key:[0-9a-f-]{36}$/)]);

type Access = NonNullable<Awaited<ReturnType<typeof findAccountAccess>>>;

/**
 * Issues this server's tokens (Login, ExchangeApiKey) and verifies them. A token's claims say what
 * it granted when issued, for other services that verify it with the JWKS; this server, though,
 * reads the account's state again (cached for accountCacheMs) at each call, so that disabling an
 * account, a new password, a revoked key or a changed role takes effect without waiting for expiry.
 */
export class TokenService {
  private readonly options: TokenServiceOptions;
  private readonly cache = new Map<string, { at: number; access: Promise<Access | undefined> }>();
  /** Verified when the email is unknown, so that an unknown email costs what a wrong password does. */
  private readonly dummyHash: Promise<string>;

  constructor(options: TokenServiceOptions) {
    this.options = options;
    this.dummyHash = hash(randomBytes(16).toString("base64url"));
  }

  async login(input: { email: string; password: string }, address: string): Promise<IssuedToken> {
    const { email, password } = parseRequest(loginSchema, input);
    await this.options.throttle.check(email, address);
    const account = await findUserByEmail(this.options.db, email);
    // ┃ Same work whether or not the account exists: no user enumeration through timing. ┃
    const matches = await verifyPassword(account?.password_hash ?? (await this.dummyHash), password).catch(() => false);
    if (!account || !matches) {
      await this.options.throttle.failed(email, address);
      throw new UnauthenticatedError("wrong email or password");
    }
    // Only the account's owner (who knows the password) learns that it is disabled.
    if (account.disabled) throw new UnauthenticatedError("this account is disabled");
    await this.options.throttle.succeeded(email);
    const roles = await rolesOf(this.options.db, [account.id]);
    return this.issue(account.id, account.name, "password", roles.map(({ namespace, role }) => ({ namespace, role: role as Role })));
  }

  async exchangeApiKey(apiKey: string, address: string): Promise<IssuedToken> {
    await this.options.throttle.check(undefined, address);
    const parsed = parseApiKey(apiKey);
    const key = parsed === undefined ? undefined : await findApiKey(this.options.db, parsed.id);
    if (parsed === undefined || !secretMatches(parsed.secret, key?.secret_hash) || key === undefined) {
      await this.options.throttle.failed(undefined, address);
      throw new UnauthenticatedError("the API key is not valid");
    }
    // The caller holds the real key from here on: telling them why it no longer works is safe.
    if (key.revoked_at !== null) throw new UnauthenticatedError("the API key was revoked");
    if (key.expires_at !== null && key.expires_at.getTime() <= Date.now()) throw new UnauthenticatedError(`the API key expired at ${key.expires_at.toISOString()}`);
    const access = await findAccountAccess(this.options.db, key.account_id, key.id);
    if (!access || access.account.disabled) throw new UnauthenticatedError("the API key's account is disabled");
    await touchApiKey(this.options.db, key.id);
    return this.issue(key.account_id, access.account.name, `key:${key.id}`, access.roles.map(({ namespace, role }) => ({ namespace, role: role as Role })), key);
  }

  /** Whether `payload` (not yet verified) claims to come from this server. */
  isOwn(issuer: unknown): boolean {
    return issuer === this.options.issuer;
  }

  /** Verifies one of this server's tokens and returns the caller's identity as their account stands now. */
  async authenticate(token: string): Promise<Identity> {
    const { payload } = await jwtVerify(token, this.options.ring.getKey, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: this.options.issuer,
      audience: this.options.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat", "sub"],
    });
    const credential = credentialSchema.safeParse(payload["cred"]);
    if (!credential.success) throw new UnauthenticatedError('invalid token: its "cred" claim is not one this server issues');
    const keyId = credential.data === "password" ? undefined : credential.data.slice(4);
    const access = await this.access(payload.sub!, keyId);
    if (!access || access.account.disabled) throw new UnauthenticatedError("invalid token: its account is disabled or deleted");
    const issuedMs = typeof payload["iat_ms"] === "number" ? payload["iat_ms"] : payload.iat! * 1000;
    if (issuedMs < access.account.tokens_valid_after.getTime()) {
      throw new UnauthenticatedError("invalid token: it was issued before the account's password changed; log in again");
    }
    if (keyId !== undefined) {
      if (!access.key || access.key.revoked_at !== null) throw new UnauthenticatedError("invalid token: its API key was revoked");
      if (access.key.expires_at !== null && access.key.expires_at.getTime() <= Date.now()) throw new UnauthenticatedError("invalid token: its API key has expired");
    }
    const grants = grantsOf(
      access.roles.map(({ namespace, role }) => ({ namespace, role: role as Role })),
      access.key && { scopes: access.key.scopes, namespaces: access.key.namespaces },
    );
    return {
      subject: payload.sub!,
      accountName: access.account.name,
      grants,
      scopes: new Set([...grants.values()].flatMap((scopes) => [...scopes])),
      namespaces: new Set(grants.keys()),
    };
  }

  /** Forgets what this server cached of an account: its own changes apply at once. */
  forget(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}/`)) this.cache.delete(key);
  }

  private access(accountId: string, keyId: string | undefined): Promise<Access | undefined> {
    const cacheKey = `${accountId}/${keyId ?? ""}`;
    const cached = this.cache.get(cacheKey);
    if (cached && Date.now() - cached.at < this.options.accountCacheMs) return cached.access;
    const access = findAccountAccess(this.options.db, accountId, keyId);
    // A failed read is not remembered; the next call reads again.
    access.catch(() => this.cache.delete(cacheKey));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { at: Date.now(), access });
    return access;
  }

  private async issue(accountId: string, name: string, credential: string, roles: RoleGrant[], key?: { scopes: string[]; namespaces: string[] }): Promise<IssuedToken> {
    const grants = grantsOf(roles, key);
    const { kid, privateKey } = await this.options.ring.signingKey();
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const expiresAt = now + Math.ceil(this.options.tokenTtlMs / 1000);
    // scope and namespaces as every Conveyor verifier reads them (their unions); grants per
    // namespace for verifiers that tell namespaces apart, as this server does.
    const jwt = new SignJWT({
      scope: [...new Set([...grants.values()].flatMap((scopes) => [...scopes]))].join(" "),
      namespaces: [...grants.keys()],
      grants: Object.fromEntries([...grants].map(([namespace, scopes]) => [namespace, [...scopes].join(" ")])),
      name,
      cred: credential,
      // iat in milliseconds: a password changed in the same second still ends the tokens issued before it.
      iat_ms: nowMs,
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: "JWT" })
      .setIssuer(this.options.issuer)
      .setSubject(accountId)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .setJti(randomBytes(12).toString("base64url"));
    if (this.options.audience) jwt.setAudience(this.options.audience);
    return { accessToken: await jwt.sign(privateKey), expiresAt: new Date(expiresAt * 1000), accountId, roles };
  }
}

/** Thrown by the API when accounts are not configured. */
export function accountsOff(): FailedPreconditionError {
  return new FailedPreconditionError("accounts are off on this server: set CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE (see docs/accounts.md)");
}
