import { Migration } from "@mikro-orm/migrations";

/**
 * Accounts and access (docs/accounts.md): users and service accounts, their roles per namespace,
 * their API keys (hashed), the audit log of access changes, the server's signing keys (private
 * halves encrypted with the accounts secret), and the failed-login counters of the rate limiter
 * (rate-limiter-flexible's table layout, created here so that no server creates tables at run time).
 */
export class Migration0015Accounts extends Migration {
  override name = "0015-accounts";

  override up(): void {
    this.addSql(`create table accounts (
      id uuid primary key,
      kind text not null check (kind in ('user', 'service')),
      -- A user's email (lower case) or a service account's name.
      name text not null unique,
      password_hash text,
      disabled boolean not null default false,
      -- Tokens issued before this instant are refused (password change, disable).
      tokens_valid_after timestamptz not null default now(),
      created_at timestamptz not null default now(),
      check ((kind = 'user') = (password_hash is not null))
    )`);
    this.addSql(`create table account_roles (
      account_id uuid not null references accounts (id) on delete cascade,
      namespace text not null,
      role text not null check (role in ('viewer', 'producer', 'worker', 'admin')),
      primary key (account_id, namespace, role)
    )`);
    this.addSql(`create table api_keys (
      id uuid primary key,
      account_id uuid not null references accounts (id) on delete cascade,
      name text not null,
      -- SHA-256 of the key's 256-bit random secret (high entropy needs no slow hash).
      secret_hash bytea not null,
      scopes text[] not null default '{}',
      namespaces text[] not null default '{}',
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      unique (account_id, name)
    )`);
    this.addSql(`create table access_audit (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      -- No foreign key: the log outlives deleted accounts.
      account_id uuid,
      details jsonb not null default '{}'
    )`);
    this.addSql(`create table signing_keys (
      kid text primary key,
      algorithm text not null,
      public_jwk jsonb not null,
      -- The private JWK as a compact JWE (dir, A256GCM) under a key derived from the accounts secret.
      private_jwe text not null,
      created_at timestamptz not null default now(),
      -- Set when a newer key takes over signing; the key still verifies until verify_until.
      retired_at timestamptz,
      verify_until timestamptz
    )`);
    this.addSql(`create table login_throttle (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`);
  }

  override down(): void {
    for (const table of ["login_throttle", "signing_keys", "access_audit", "api_keys", "account_roles", "accounts"]) this.addSql(`drop table ${table}`);
  }
}
