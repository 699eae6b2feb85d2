import type { Logger } from "pino";
import { ConfigError, readSecretFile, type Config } from "../config/config.ts";
import { ConveyorError, InvalidArgumentError } from "../errors/conveyor-error.ts";
import type { Database } from "../store/database.ts";
import { AccountManager } from "./account-manager.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { SigningKeyRing } from "./signing-key-ring.ts";
import { TokenService } from "./token-service.ts";

export { AccountManager, type AccountView, type Actor } from "./account-manager.ts";
export { ROLES, ROLE_SCOPES, type Role, type RoleGrant } from "./roles.ts";
export { TokenService, accountsOff, type IssuedToken } from "./token-service.ts";
export { SigningKeyRing } from "./signing-key-ring.ts";

const MIN_SECRET_BYTES = 32;

/** Everything accounts need at run time; undefined on a server whose accounts are off. */
export interface Accounts {
  manager: AccountManager;
  tokens: TokenService;
  ring: SigningKeyRing;
}

/** The accounts secret from CONVEYOR_AUTH_ACCOUNTS_SECRET or its _FILE; undefined when accounts are off. */
export function readAccountsSecret(config: Config): Uint8Array | undefined {
  let text = config.authAccountsSecret;
  if (config.authAccountsSecretFile !== undefined) text = readSecretFile(config.authAccountsSecretFile, "CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE").replace(/\r?\n$/, "");
  if (text === undefined) return undefined;
  const secret = new TextEncoder().encode(text);
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new ConfigError(`invalid configuration:\n  the accounts secret has ${secret.byteLength} bytes; it needs at least ${MIN_SECRET_BYTES}`);
  }
  return secret;
}

export function createAccounts(config: Config, db: Database, secret: Uint8Array): Accounts {
  const ring = new SigningKeyRing({ db, secret, rotationMs: config.authSigningKeyRotationMs, tokenTtlMs: config.authTokenTtlMs });
  const throttle = new LoginThrottle({
    db,
    maxFailuresPerAccount: config.authMaxFailuresPerAccount,
    maxFailuresPerAddress: config.authMaxFailuresPerAddress,
    lockoutMs: config.authLockoutMs,
  });
  const tokens = new TokenService({
    db,
    ring,
    throttle,
    issuer: config.authAccountsIssuer,
    audience: config.authAudience,
    tokenTtlMs: config.authTokenTtlMs,
    accountCacheMs: config.authAccountCacheMs,
  });
  const manager = new AccountManager({ db, onChanged: (accountId) => tokens.forget(accountId) });
  return { manager, tokens, ring };
}

/**
 * The first admin from CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL and _PASSWORD_FILE, created only when
 * there is no account at all (so a later start, or another server, changes nothing).
 */
export async function bootstrapFirstAdmin(config: Config, accounts: Accounts, logger: Logger): Promise<void> {
  if (config.authBootstrapAdminEmail === undefined || config.authBootstrapAdminPasswordFile === undefined) return;
  const password = readSecretFile(config.authBootstrapAdminPasswordFile, "CONVEYOR_AUTH_BOOTSTRAP_ADMIN_PASSWORD_FILE").replace(/\r?\n$/, "");
  const created = await accounts.manager.createFirstAdmin("bootstrap", config.authBootstrapAdminEmail, password).catch((error: unknown) => {
    // Two servers starting at once: the other one created it.
    if (error instanceof ConveyorError && error.kind === "already_exists") return undefined;
    if (error instanceof InvalidArgumentError) {
      const variable = error.field === "password" ? "CONVEYOR_AUTH_BOOTSTRAP_ADMIN_PASSWORD_FILE" : "CONVEYOR_AUTH_BOOTSTRAP_ADMIN_EMAIL";
      throw new ConfigError(`invalid configuration:\n  ${variable}: ${error.message.replace(/^[a-z_.]+: /, "")}`);
    }
    throw error;
  });
  if (created) logger.info({ account: created.id, email: created.name }, "created the first admin from the bootstrap file");
}
