import { createHash } from "node:crypto";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { ResourceExhaustedError } from "../errors/conveyor-error.ts";
import type { Database } from "../store/database.ts";

export interface LoginThrottleOptions {
  db: Database;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockoutMs: number;
}

/**
 * Brute-force protection for Login and ExchangeApiKey: failures are counted per email (as typed,
 * whether or not such an account exists, so a lockout says nothing about who has an account) and
 * per client address, in PostgreSQL so that every server counts them together. Past the limit,
 * attempts are refused before any password is checked, until the lockout ends.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterPostgres;
  private readonly perAddress: RateLimiterPostgres;
  private readonly options: LoginThrottleOptions;

  constructor(options: LoginThrottleOptions) {
    this.options = options;
    const seconds = Math.ceil(options.lockoutMs / 1000);
    const common = { storeClient: options.db.pool, storeType: "pool", tableName: "login_throttle", tableCreated: true, clearExpiredByTimeout: false, duration: seconds, blockDuration: seconds };
    this.perAccount = new RateLimiterPostgres({ ...common, keyPrefix: "account", points: options.maxFailuresPerAccount });
    this.perAddress = new RateLimiterPostgres({ ...common, keyPrefix: "address", points: options.maxFailuresPerAddress });
  }

  /** Throws ResourceExhausted while the email or the address is locked out. */
  async check(email: string | undefined, address: string): Promise<void> {
    const [account, source] = await Promise.all([email === undefined ? null : this.perAccount.get(counterKey(email)), this.perAddress.get(address)]);
    const wait = Math.max(lockedFor(account, this.options.maxFailuresPerAccount), lockedFor(source, this.options.maxFailuresPerAddress));
    if (wait > 0) throw new ResourceExhaustedError(`too many failed attempts for this account or from this address; try again in ${Math.ceil(wait / 1000)}s`);
  }

  async failed(email: string | undefined, address: string): Promise<void> {
    // consume() rejects once over the limit: that is the lockout being recorded, not an error.
    await Promise.all([email === undefined ? undefined : this.perAccount.consume(counterKey(email)).catch(rejected), this.perAddress.consume(address).catch(rejected)]);
  }

  /** A successful login forgives the email's failures (not the address's). */
  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(counterKey(email));
  }
}

/** Emails are counted by their hash: the table's keys are short, and it holds no one's address. */
function counterKey(email: string): string {
  return createHash("sha256").update(email).digest("base64url");
}

function lockedFor(res: RateLimiterRes | null, limit: number): number {
  return res !== null && res.consumedPoints >= limit ? res.msBeforeNext : 0;
}

function rejected(reason: unknown): void {
  if (reason instanceof Error) throw reason;
}
