import { hash } from "@node-rs/argon2";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { namespaceSchema, parseRequest } from "../api/request-validation.ts";
import { ALL_NAMESPACES, SCOPES } from "../auth/identity.ts";
import { ConveyorError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from "../errors/conveyor-error.ts";
import type { Database, Queryable } from "../store/database.ts";
import {
  countAccounts,
  deleteAccount,
  deleteRole,
  findAccount,
  globalAdminIds,
  insertAccount,
  insertApiKey,
  insertAuditEvent,
  insertRole,
  listAccounts,
  listApiKeys,
  listAuditEvents,
  lockAccessChanges,
  revokeApiKey,
  rolesOf,
  setAccountDisabled,
  setPasswordHash,
  type AccountRow,
  type ApiKeyRow,
  type AuditRow,
} from "../store/account-store.ts";
import { makeApiKey } from "./api-key-format.ts";
import { passwordProblem } from "./password-policy.ts";
import { ROLES, type Role, type RoleGrant } from "./roles.ts";

/** An account with its roles, as the API and the CLI show it. */
export interface AccountView {
  id: string;
  kind: "user" | "service";
  name: string;
  disabled: boolean;
  roles: RoleGrant[];
  createdAt: Date;
}

const uuid = (what: string) => z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be ${what} (a UUID)`).transform((id) => id.toLowerCase());
const accountIdSchema = uuid("an account id");
const emailSchema = z
  .string()
  .max(254, "must be at most 254 characters")
  .transform((email) => email.trim().toLowerCase())
  .pipe(z.email("must be an email address"));
const serviceNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1 to 64 letters, digits, '_', '.' or '-'");
const grantSchema = z.object({
  namespace: z.string().refine((ns) => ns === ALL_NAMESPACES || namespaceSchema.safeParse(ns).success, 'must be a namespace name or "*"').transform((ns) => ns || "default"),
  role: z.enum(ROLES, `must be one of ${ROLES.join(", ")}`),
});
const createAccountSchema = z.object({
  kind: z.enum(["user", "service"]),
  name: z.string(),
  password: z.string().optional(),
  roles: z.array(grantSchema).max(100, "at most 100").default([]),
});
const createKeySchema = z.object({
  accountId: accountIdSchema,
  name: z.string().min(1, "is required").max(64, "must be at most 64 characters").regex(/^[^\u0000-\u001f]*$/, "must not contain control characters"),
  scopes: z.array(z.enum(SCOPES, `must be one of ${SCOPES.join(", ")}`)).max(SCOPES.length).default([]),
  namespaces: z.array(z.string().refine((ns) => ns === ALL_NAMESPACES || namespaceSchema.safeParse(ns).success, 'must be a namespace name or "*"')).max(100, "at most 100").default([]),
  expiresAt: z.date().optional(),
});

/** Who made a change, for the audit log. */
export type Actor = string;

/**
 * Creating, changing and deleting accounts, roles and API keys: the one implementation behind
 * AccountService and the `conveyor account|key|role` commands. Each change and its audit event
 * are one transaction; the access lock keeps "never remove the last admin" true under concurrency.
 * `onChanged` lets the server forget what it cached of the account's access.
 */
export class AccountManager {
  private readonly db: Database;
  private readonly onChanged: (accountId: string) => void;

  constructor(options: { db: Database; onChanged?: (accountId: string) => void }) {
    this.db = options.db;
    this.onChanged = options.onChanged ?? (() => {});
  }

  async createAccount(actor: Actor, input: { kind: "user" | "service"; name: string; password?: string; roles?: { namespace: string; role: string }[] }): Promise<AccountView> {
    const request = parseRequest(createAccountSchema, input);
    const name = request.kind === "user" ? parseRequest(emailSchema, request.name, "name") : parseRequest(serviceNameSchema, request.name, "name");
    let passwordHash: string | null = null;
    if (request.kind === "user") {
      passwordHash = await this.hashPassword(request.password ?? "", name);
    } else if (request.password) {
      throw new InvalidArgumentError("password", "service accounts have no password; they use API keys");
    }
    const row = await this.change(async (tx) => {
      const account = await insertAccount(tx, { id: uuidv7(), kind: request.kind, name, passwordHash }).catch((error: { code?: string }) => {
        if (error.code === "23505") throw new ConveyorError("already_exists", `name: an account named ${JSON.stringify(name)} exists`);
        throw error;
      });
      for (const grant of request.roles) await insertRole(tx, { account_id: account.id, namespace: grant.namespace, role: grant.role });
      await insertAuditEvent(tx, { actor, action: "account.created", accountId: account.id, details: { kind: account.kind, name, roles: request.roles } });
      return account;
    });
    return this.view(this.db, row);
  }

  /** The first admin (conveyor account create --admin, or the bootstrap file): only while there is no account. */
  async createFirstAdmin(actor: Actor, email: string, password: string): Promise<AccountView | undefined> {
    if ((await countAccounts(this.db)) > 0) return undefined;
    return this.createAccount(actor, { kind: "user", name: email, password, roles: [{ namespace: ALL_NAMESPACES, role: "admin" }] });
  }

  async listAccounts(): Promise<AccountView[]> {
    const rows = await listAccounts(this.db);
    const roles = await rolesOf(this.db, rows.map((row) => row.id));
    return rows.map((row) => toView(row, roles.filter((role) => role.account_id === row.id)));
  }

  async getAccount(accountId: string): Promise<AccountView> {
    return this.view(this.db, await this.existing(this.db, parseRequest(accountIdSchema, accountId, "account_id")));
  }

  async setDisabled(actor: Actor, accountId: string, disabled: boolean): Promise<AccountView> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    return this.change(async (tx) => {
      await this.existing(tx, id);
      if (disabled) await this.keepAnAdmin(tx, id, "disabling");
      const row = (await setAccountDisabled(tx, id, disabled))!;
      await insertAuditEvent(tx, { actor, action: disabled ? "account.disabled" : "account.enabled", accountId: id, details: { name: row.name } });
      return this.view(tx, row);
    }, id);
  }

  async deleteAccount(actor: Actor, accountId: string): Promise<void> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    await this.change(async (tx) => {
      const row = await this.existing(tx, id);
      await this.keepAnAdmin(tx, id, "deleting");
      await deleteAccount(tx, id);
      await insertAuditEvent(tx, { actor, action: "account.deleted", accountId: id, details: { kind: row.kind, name: row.name } });
    }, id);
  }

  async setPassword(actor: Actor, accountId: string, password: string): Promise<void> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    const row = await this.existing(this.db, id);
    if (row.kind !== "user") throw new FailedPreconditionError(`account ${id} is a service account: it has no password`);
    const passwordHash = await this.hashPassword(password, row.name);
    await this.change(async (tx) => {
      await setPasswordHash(tx, id, passwordHash);
      await insertAuditEvent(tx, { actor, action: "account.password_set", accountId: id, details: { name: row.name } });
    }, id);
  }

  async grantRole(actor: Actor, accountId: string, grant: { namespace: string; role: string } | undefined): Promise<AccountView> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    const { namespace, role } = parseRequest(grantSchema, grant ?? {}, "grant");
    return this.change(async (tx) => {
      const row = await this.existing(tx, id);
      if (await insertRole(tx, { account_id: id, namespace, role })) {
        await insertAuditEvent(tx, { actor, action: "role.granted", accountId: id, details: { name: row.name, namespace, role } });
      }
      return this.view(tx, row);
    }, id);
  }

  async revokeRole(actor: Actor, accountId: string, grant: { namespace: string; role: string } | undefined): Promise<AccountView> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    const { namespace, role } = parseRequest(grantSchema, grant ?? {}, "grant");
    return this.change(async (tx) => {
      const row = await this.existing(tx, id);
      if (namespace === ALL_NAMESPACES && role === "admin") await this.keepAnAdmin(tx, id, "revoking admin of all namespaces from");
      if (await deleteRole(tx, { account_id: id, namespace, role })) {
        await insertAuditEvent(tx, { actor, action: "role.revoked", accountId: id, details: { name: row.name, namespace, role } });
      }
      return this.view(tx, row);
    }, id);
  }

  /** Returns the key's row and the key itself, which is not stored and cannot be shown again. */
  async createApiKey(
    actor: Actor,
    input: { accountId: string; name: string; scopes?: string[]; namespaces?: string[]; expiresAt?: Date },
  ): Promise<{ row: ApiKeyRow; key: string }> {
    const request = parseRequest(createKeySchema, input);
    if (request.expiresAt !== undefined && request.expiresAt.getTime() <= Date.now()) throw new InvalidArgumentError("expires_at", "must be in the future");
    const made = makeApiKey(uuidv7());
    const row = await this.change(async (tx) => {
      const account = await this.existing(tx, request.accountId);
      const key = await insertApiKey(tx, {
        id: made.id,
        accountId: request.accountId,
        name: request.name,
        secretHash: made.secretHash,
        scopes: [...new Set(request.scopes)],
        namespaces: [...new Set(request.namespaces)],
        expiresAt: request.expiresAt ?? null,
      }).catch((error: { code?: string }) => {
        if (error.code === "23505") throw new ConveyorError("already_exists", `name: account ${account.name} has a key named ${JSON.stringify(request.name)}`);
        throw error;
      });
      await insertAuditEvent(tx, {
        actor,
        action: "api_key.created",
        accountId: request.accountId,
        details: { name: account.name, key_id: key.id, key_name: key.name, scopes: key.scopes, namespaces: key.namespaces, expires_at: key.expires_at },
      });
      return key;
    });
    return { row, key: made.key };
  }

  async listApiKeys(accountId: string): Promise<ApiKeyRow[]> {
    const id = parseRequest(accountIdSchema, accountId, "account_id");
    await this.existing(this.db, id);
    return listApiKeys(this.db, id);
  }

  async revokeApiKey(actor: Actor, keyId: string): Promise<ApiKeyRow> {
    const id = parseRequest(uuid("a key id"), keyId, "key_id");
    const row = await this.change(async (tx) => {
      const key = await revokeApiKey(tx, id);
      if (!key) throw new NotFoundError(`no API key ${id}`);
      await insertAuditEvent(tx, { actor, action: "api_key.revoked", accountId: key.account_id, details: { key_id: key.id, key_name: key.name } });
      return key;
    });
    this.onChanged(row.account_id);
    return row;
  }

  async listAuditEvents(params: { pageSize: number; pageToken: string }): Promise<{ events: AuditRow[]; nextPageToken: string }> {
    const pageSize = parseRequest(z.number().int().min(0).max(500, "must be from 1 to 500 (0 means 100)"), params.pageSize, "page_size") || 100;
    const beforeId = parseRequest(z.string().regex(/^(\d{1,18})?$/, "is not a token from a previous ListAuditEvents response"), params.pageToken, "page_token") || undefined;
    const rows = await listAuditEvents(this.db, { beforeId, limit: pageSize + 1 });
    const events = rows.slice(0, pageSize);
    return { events, nextPageToken: rows.length > pageSize ? events.at(-1)!.id : "" };
  }

  async recordAudit(actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
    await insertAuditEvent(this.db, { actor, action, accountId: null, details });
  }

  private async hashPassword(password: string, name: string): Promise<string> {
    const problem = passwordProblem(password, name);
    if (problem) throw new InvalidArgumentError("password", problem);
    // argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum).
    return hash(password);
  }

  private async change<T>(work: (tx: Queryable) => Promise<T>, accountId?: string): Promise<T> {
    const result = await this.db.withTransaction(async (tx) => {
      await lockAccessChanges(tx);
      return work(tx);
    });
    if (accountId !== undefined) this.onChanged(accountId);
    return result;
  }

  private async existing(q: Queryable, id: string): Promise<AccountRow> {
    const row = await findAccount(q, id);
    if (!row) throw new NotFoundError(`no account ${id}`);
    return row;
  }

  /** ┃ Access must never lock everyone out: one enabled admin of all namespaces always remains. ┃ */
  private async keepAnAdmin(tx: Queryable, accountId: string, what: string): Promise<void> {
    const admins = await globalAdminIds(tx);
    if (admins.includes(accountId) && admins.length === 1) {
      throw new FailedPreconditionError(`${what} account ${accountId} would leave no enabled admin of all namespaces ("*"); make another admin first`);
    }
  }

  private async view(q: Queryable, row: AccountRow): Promise<AccountView> {
    return toView(row, await rolesOf(q, [row.id]));
  }
}

function toView(row: AccountRow, roles: { namespace: string; role: string }[]): AccountView {
  return { id: row.id, kind: row.kind, name: row.name, disabled: row.disabled, roles: roles.map(({ namespace, role }) => ({ namespace, role: role as Role })), createdAt: row.created_at };
}
