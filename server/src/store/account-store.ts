import type { Queryable } from "./database.ts";

/** The SQL of accounts, roles, API keys, the access audit log and the server's signing keys. */

export interface AccountRow {
  id: string;
  kind: "user" | "service";
  name: string;
  password_hash: string | null;
  disabled: boolean;
  tokens_valid_after: Date;
  created_at: Date;
}

export interface RoleRow {
  account_id: string;
  namespace: string;
  role: string;
}

export interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  secret_hash: Buffer;
  scopes: string[];
  namespaces: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  account_id: string | null;
  details: Record<string, unknown>;
}

export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  public_jwk: Record<string, unknown>;
  private_jwe: string;
  created_at: Date;
  retired_at: Date | null;
  verify_until: Date | null;
}

/**
 * Serializes changes to access within a transaction: the "last admin" rule reads the admins and
 * then changes one, and two concurrent changes must not each think the other admin remains.
 */
export async function lockAccessChanges(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('conveyor.access-changes'))`);
}

export async function insertAccount(q: Queryable, account: { id: string; kind: "user" | "service"; name: string; passwordHash: string | null }): Promise<AccountRow> {
  const { rows } = await q.query<AccountRow>(`insert into accounts (id, kind, name, password_hash) values ($1, $2, $3, $4) returning *`, [
    account.id,
    account.kind,
    account.name,
    account.passwordHash,
  ]);
  return rows[0]!;
}

export async function findAccount(q: Queryable, id: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>(`select * from accounts where id = $1`, [id]);
  return rows[0];
}

export async function findUserByEmail(q: Queryable, email: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>(`select * from accounts where kind = 'user' and name = $1`, [email]);
  return rows[0];
}

export async function listAccounts(q: Queryable): Promise<AccountRow[]> {
  const { rows } = await q.query<AccountRow>(`select * from accounts order by created_at, id`);
  return rows;
}

export async function countAccounts(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`select count(*)::int as n from accounts`);
  return rows[0]!.n;
}

export async function rolesOf(q: Queryable, accountIds: readonly string[]): Promise<RoleRow[]> {
  const { rows } = await q.query<RoleRow>(`select * from account_roles where account_id = any($1::uuid[]) order by namespace, role`, [accountIds]);
  return rows;
}

/** Disabling also ends the tokens issued so far; enabling does not bring them back. */
export async function setAccountDisabled(q: Queryable, id: string, disabled: boolean): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>(
    `update accounts set disabled = $2, tokens_valid_after = case when $2 then now() else tokens_valid_after end where id = $1 returning *`,
    [id, disabled],
  );
  return rows[0];
}

export async function deleteAccount(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(`delete from accounts where id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}

/** A new password ends the tokens issued with the old one. */
export async function setPasswordHash(q: Queryable, id: string, hash: string): Promise<void> {
  await q.query(`update accounts set password_hash = $2, tokens_valid_after = now() where id = $1`, [id, hash]);
}

export async function insertRole(q: Queryable, role: RoleRow): Promise<boolean> {
  const { rowCount } = await q.query(`insert into account_roles (account_id, namespace, role) values ($1, $2, $3) on conflict do nothing`, [role.account_id, role.namespace, role.role]);
  return (rowCount ?? 0) > 0;
}

export async function deleteRole(q: Queryable, role: RoleRow): Promise<boolean> {
  const { rowCount } = await q.query(`delete from account_roles where account_id = $1 and namespace = $2 and role = $3`, [role.account_id, role.namespace, role.role]);
  return (rowCount ?? 0) > 0;
}

/** Enabled accounts that are admins of every namespace. */
export async function globalAdminIds(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `select a.id from accounts a join account_roles r on r.account_id = a.id where not a.disabled and r.namespace = '*' and r.role = 'admin'`,
  );
  return rows.map((row) => row.id);
}

export async function insertApiKey(
  q: Queryable,
  key: { id: string; accountId: string; name: string; secretHash: Buffer; scopes: string[]; namespaces: string[]; expiresAt: Date | null },
): Promise<ApiKeyRow> {
  const { rows } = await q.query<ApiKeyRow>(
    `insert into api_keys (id, account_id, name, secret_hash, scopes, namespaces, expires_at) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [key.id, key.accountId, key.name, key.secretHash, key.scopes, key.namespaces, key.expiresAt],
  );
  return rows[0]!;
}

export async function findApiKey(q: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await q.query<ApiKeyRow>(`select * from api_keys where id = $1`, [id]);
  return rows[0];
}

export async function listApiKeys(q: Queryable, accountId: string): Promise<ApiKeyRow[]> {
  const { rows } = await q.query<ApiKeyRow>(`select * from api_keys where account_id = $1 order by created_at, id`, [accountId]);
  return rows;
}

export async function revokeApiKey(q: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await q.query<ApiKeyRow>(`update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning *`, [id]);
  return rows[0];
}

export async function touchApiKey(q: Queryable, id: string): Promise<void> {
  await q.query(`update api_keys set last_used_at = now() where id = $1`, [id]);
}

export async function insertAuditEvent(q: Queryable, event: { actor: string; action: string; accountId: string | null; details: Record<string, unknown> }): Promise<void> {
  await q.query(`insert into access_audit (actor, action, account_id, details) values ($1, $2, $3, $4)`, [event.actor, event.action, event.accountId, JSON.stringify(event.details)]);
}

/** Newest first; `beforeId` continues a previous page. */
export async function listAuditEvents(q: Queryable, params: { beforeId?: string; limit: number }): Promise<AuditRow[]> {
  const { rows } = await q.query<AuditRow>(
    `select id::text, at, actor, action, account_id, details from access_audit where ($1::bigint is null or access_audit.id < $1::bigint) order by access_audit.id desc limit $2`,
    [params.beforeId ?? null, params.limit],
  );
  return rows;
}

/** Keys that still sign or verify: not retired, or retired with tokens that may still be valid. */
export async function liveSigningKeys(q: Queryable): Promise<SigningKeyRow[]> {
  const { rows } = await q.query<SigningKeyRow>(`select * from signing_keys where verify_until is null or verify_until > now() order by created_at desc, kid`);
  return rows;
}

/**
 * Inserts the new signing key, retires the others (they verify until `verifyForMs` from now: the
 * longest a token they signed can still be valid) and deletes the keys nothing can need any more.
 */
export async function insertSigningKey(q: Queryable, key: { kid: string; algorithm: string; publicJwk: object; privateJwe: string; verifyForMs: number }): Promise<void> {
  await q.query(
    `update signing_keys set retired_at = now(), verify_until = now() + make_interval(secs => $1::double precision / 1000) where retired_at is null`,
    [key.verifyForMs],
  );
  await q.query(`delete from signing_keys where verify_until < now()`);
  await q.query(`insert into signing_keys (kid, algorithm, public_jwk, private_jwe) values ($1, $2, $3, $4)`, [key.kid, key.algorithm, JSON.stringify(key.publicJwk), key.privateJwe]);
}

export async function lockSigningKeys(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('conveyor.signing-keys'))`);
}

/** What a server needs to accept or refuse one of its own tokens: the account's state now. */
export async function findAccountAccess(q: Queryable, accountId: string, keyId: string | undefined) {
  const account = await findAccount(q, accountId);
  if (!account) return undefined;
  const roles = await rolesOf(q, [accountId]);
  const key = keyId === undefined ? undefined : await findApiKey(q, keyId);
  return { account, roles, key: key?.account_id === accountId ? key : undefined };
}
