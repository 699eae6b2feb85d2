// Conveyor's own accounts against real servers: users log in with passwords, service accounts
// exchange API keys for short-lived ES256 tokens that the server signs with keys kept (encrypted)
// in PostgreSQL and publishes as a JWKS. Roles are granted per namespace; changes, revocations and
// disabling take effect on running tokens; brute force is throttled; and an external identity
// provider's tokens keep working beside the server's own.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { AccountKind, AccountService } from "@conveyor/client/gen/conveyor/v1/account_service_pb.js";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { AuthService } from "@conveyor/client/gen/conveyor/v1/auth_service_pb.js";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { createConveyorClient } from "@conveyor/client";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const dir = mkdtempSync(join(tmpdir(), "conveyor-accounts-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const accountsSecret = randomBytes(32).toString("base64url");
const ADMIN = { email: "root@example.com", password: "violet tractor harbor quietly" };
const PASSWORD = "marble kettle orbit sunflower";
const IDP_ISSUER = "https://idp.test";

const { installation } = useConveyor({}, { startServer: false });
/** Accounts on, beside an external identity provider's JWKS; the first admin from a file. */
let server: ConveyorServer;
/** Another server of the same installation: same database, same accounts secret. */
let second: ConveyorServer;
let idpKey: CryptoKey;

beforeAll(async () => {
  const idp = await generateKeyPair("ES256", { extractable: true });
  idpKey = idp.privateKey;
  const jwksFile = join(dir, "idp-jwks.json");
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(idp.publicKey)), kid: "idp-1", alg: "ES256", use: "sig" }] }));
  const passwordFile = join(dir, "admin-password");
  writeFileSync(passwordFile, `${ADMIN.password}\n`, { mode: 0o600 });
  const common = {
    authMode: "jwt",
    authAccountsSecret: accountsSecret,
    authJwksFile: jwksFile,
    authIssuer: IDP_ISSUER,
    authMaxFailuresPerAccount: 5,
    authMaxFailuresPerAddress: 10_000,
  } as const;
  server = await installation.startServer({ ...common, authBootstrapAdminEmail: ADMIN.email, authBootstrapAdminPasswordFile: passwordFile });
  second = await installation.startServer(common);
  adminToken = await login(ADMIN.email, ADMIN.password);
});

/**
 * A further server for one test, with a small pool, closed when the test ends: the machine's
 * PostgreSQL connections are shared by every suite running at once.
 */
async function extraServer(overrides: Parameters<typeof installation.startServer>[0]): Promise<ConveyorServer> {
  const extra = await installation.startServer({ databasePoolSize: 2, ...overrides });
  onTestFinished(() => extra.close());
  return extra;
}

function bearer(token: string | undefined): Interceptor {
  return (next) => (request) => {
    if (token !== undefined) request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

function clients(target: ConveyorServer, token?: string) {
  const transport = createGrpcTransport({ baseUrl: target.url, interceptors: [bearer(token)] });
  return {
    auth: createClient(AuthService, transport),
    accounts: createClient(AccountService, transport),
    jobs: createClient(JobService, transport),
    admin: createClient(AdminService, transport),
  };
}

async function login(email: string, password: string, target = server): Promise<string> {
  const { token } = await clients(target).auth.login({ email, password });
  return token!.accessToken;
}

async function expectCode(call: Promise<unknown>, code: Code, message?: RegExp): Promise<string> {
  const error = await rpcError(call);
  expect(Code[error.code], error.rawMessage).toBe(Code[code]);
  if (message) expect(error.rawMessage).toMatch(message);
  return error.rawMessage;
}

let adminToken: string;
const admin = () => clients(server, adminToken).accounts;
let counter = 0;
const uniqueEmail = () => `user${++counter}-${randomBytes(3).toString("hex")}@example.com`;

async function createUser(roles: { namespace: string; role: string }[], email = uniqueEmail()): Promise<{ id: string; email: string }> {
  const { account } = await admin().createAccount({ kind: AccountKind.USER, name: email, password: PASSWORD, roles });
  return { id: account!.id, email };
}

describe("the first admin and login", () => {
  it("creates the first admin from the bootstrap file, who logs in for a short-lived ES256 token", async () => {
    const before = Date.now();
    const { token, accountId, roles } = await clients(server).auth.login(ADMIN);
    const adminToken = token!.accessToken;
    expect(roles).toEqual([expect.objectContaining({ namespace: "*", role: "admin" })]);
    expect(decodeProtectedHeader(adminToken)).toMatchObject({ alg: "ES256", typ: "JWT" });
    const claims = decodeJwt(adminToken);
    expect(claims).toMatchObject({ iss: "conveyor", sub: accountId, scope: "admin jobs:write jobs:read", namespaces: ["*"] });
    // Default lifetime: 15 minutes.
    const lifetimeMs = Number(token!.expiresAt!.seconds) * 1000 - before;
    expect(lifetimeMs).toBeGreaterThan(14 * 60_000);
    expect(lifetimeMs).toBeLessThanOrEqual(15 * 60_000 + 1_000);
    const me = await clients(server, adminToken).auth.whoAmI({});
    expect(me).toMatchObject({ subject: accountId, accountName: ADMIN.email });
    expect(me.grants).toEqual([expect.objectContaining({ namespace: "*", scopes: ["jobs:write", "jobs:read", "admin"] })]);
  });

  it("logs in over Connect JSON on HTTP/1.1, as a browser would, and the token works from the client library", async () => {
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false });
    const { token } = await createClient(AuthService, transport).login(ADMIN);
    const conveyor = createConveyorClient(server.url, { protocol: "connect", httpVersion: "1.1", json: true, token: token!.accessToken });
    expect((await conveyor.auth.whoAmI({})).accountName).toBe(ADMIN.email);
    expect((await conveyor.accounts.listAccounts({})).accounts.map((a) => a.name)).toContain(ADMIN.email);
    conveyor.close();
  });

  it("publishes its public keys at /.well-known/jwks.json, where another service verifies its tokens", async () => {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
    const { payload } = await jwtVerify(adminToken, createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), { issuer: "conveyor" });
    expect(payload.sub).toBeTruthy();
    // Keys live in PostgreSQL: the other server signs and serves the same ones, and accepts this server's tokens.
    expect((await clients(second, adminToken).auth.whoAmI({})).accountName).toBe(ADMIN.email);
  });

  it("keeps the private keys encrypted at rest", async () => {
    const rows = await installation.sql<{ private_jwe: string }>("select private_jwe from signing_keys");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(decodeProtectedHeader(row.private_jwe)).toMatchObject({ alg: "dir", enc: "A256GCM" });
      expect(row.private_jwe).not.toContain('"d"');
    }
  });

  it("a server with another accounts secret cannot issue tokens, but still verifies them", async () => {
    const stranger = await extraServer({ authMode: "jwt", authAccountsSecret: randomBytes(32).toString("base64url") });
    await expectCode(clients(stranger).auth.login(ADMIN), Code.FailedPrecondition, /this server cannot issue tokens: its accounts secret does not decrypt signing key/);
    expect((await clients(stranger, adminToken).auth.whoAmI({})).accountName).toBe(ADMIN.email);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const wrong = await expectCode(clients(server).auth.login({ email: ADMIN.email, password: "not the password at all" }), Code.Unauthenticated);
    const unknown = await expectCode(clients(server).auth.login({ email: "nobody@example.com", password: "not the password at all" }), Code.Unauthenticated);
    expect(wrong).toBe("wrong email or password");
    expect(unknown).toBe(wrong);
    const longest = `${"x".repeat(242)}@example.com`;
    expect(await expectCode(clients(server).auth.login({ email: longest, password: "not the password at all" }), Code.Unauthenticated)).toBe(wrong);
  });

  it("costs an unknown email what a wrong password costs (a dummy hash is verified), so timing tells nothing", async () => {
    const users = [await createUser([]), await createUser([])];
    const timed = async (email: string) => {
      const start = performance.now();
      await expectCode(clients(server).auth.login({ email, password: "not the password at all" }), Code.Unauthenticated);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so that the machine's load falls on both alike; 3 per user stays under the lockout.
    for (let i = 0; i < 6; i++) {
      known.push(await timed(users[i % 2]!.email));
      unknown.push(await timed(uniqueEmail()));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // Without the dummy hash an unknown email skips argon2 (tens of ms) and answers in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });

  it("refuses weak passwords, naming the field", async () => {
    for (const password of ["short", "password1234", "Password123!", "qwertyuiopasdf"]) {
      await expectCode(admin().createAccount({ kind: AccountKind.USER, name: uniqueEmail(), password }), Code.InvalidArgument, /^password: /);
    }
    const email = uniqueEmail();
    await expectCode(admin().createAccount({ kind: AccountKind.USER, name: email, password: `${email}2024` }), Code.InvalidArgument, /^password: is too easy to guess/);
  });

  it("validates every field and says which one is wrong", async () => {
    await expectCode(admin().createAccount({ kind: AccountKind.UNSPECIFIED, name: "x" }), Code.InvalidArgument, /^kind: /);
    await expectCode(admin().createAccount({ kind: AccountKind.USER, name: "not an email", password: PASSWORD }), Code.InvalidArgument, /^name: must be an email address/);
    await expectCode(admin().createAccount({ kind: AccountKind.SERVICE, name: "bad\u0000name" }), Code.InvalidArgument, /^name: /);
    await expectCode(admin().createAccount({ kind: AccountKind.SERVICE, name: "svc", password: PASSWORD }), Code.InvalidArgument, /^password: service accounts have no password/);
    await expectCode(admin().grantRole({ accountId: "nope", grant: { namespace: "default", role: "viewer" } }), Code.InvalidArgument, /^account_id: must be an account id/);
    const { id } = await createUser([]);
    await expectCode(admin().grantRole({ accountId: id, grant: { namespace: "default", role: "root" } }), Code.InvalidArgument, /^grant\.role: must be one of viewer, producer, worker, admin/);
    await expectCode(admin().grantRole({ accountId: id, grant: { namespace: "Bad NS", role: "viewer" } }), Code.InvalidArgument, /^grant\.namespace: /);
    await expectCode(clients(server).auth.login({ email: "x".repeat(300), password: "p" }), Code.InvalidArgument, /^email: must be at most 254/);
    await expectCode(clients(server).auth.exchangeApiKey({ apiKey: "" }), Code.InvalidArgument, /^api_key: is required/);
    await expectCode(admin().createApiKey({ accountId: id, name: "k", expiresAt: timestampFromDate(new Date(Date.now() - 1000)) }), Code.InvalidArgument, /^expires_at: must be in the future/);
    await expectCode(admin().createApiKey({ accountId: id, name: "k", scopes: ["everything"] }), Code.InvalidArgument, /^scopes\[0\]: must be one of/);
    await expectCode(admin().listAuditEvents({ pageSize: 501 }), Code.InvalidArgument, /^page_size: /);
    await expectCode(admin().getAccount({ accountId: "01a241fd-98d6-7acb-85c2-f0fc2ae886b3" }), Code.NotFound, /no account/);
    await expectCode(admin().createAccount({ kind: AccountKind.USER, name: ADMIN.email.toUpperCase(), password: PASSWORD }), Code.AlreadyExists, /root@example\.com/);
  });
});

describe("roles per namespace", () => {
  it("grants each role's scopes in its namespace only, and refuses other namespaces", async () => {
    const user = await createUser([{ namespace: "payments", role: "producer" }]);
    const { jobs, admin: queues } = clients(server, await login(user.email, PASSWORD));
    const { job } = await jobs.submitJob({ namespace: "payments", job: jobSpec("roles-a") });
    expect((await jobs.getJob({ namespace: "payments", id: job!.id })).job!.id).toBe(job!.id);
    await expectCode(jobs.submitJob({ namespace: "default", job: jobSpec("roles-a") }), Code.PermissionDenied, /not valid for namespace "default"/);
    await expectCode(queues.listQueues({ namespace: "payments" }), Code.PermissionDenied, /needs scope "admin"/);
    await expectCode(clients(server, await login(user.email, PASSWORD)).accounts.listAccounts({}), Code.PermissionDenied);
  });

  it("tells scopes apart between namespaces: a viewer of one and producer of another writes only where it produces", async () => {
    const user = await createUser([
      { namespace: "payments", role: "producer" },
      { namespace: "reports", role: "viewer" },
    ]);
    const { jobs } = clients(server, await login(user.email, PASSWORD));
    await jobs.submitJob({ namespace: "payments", job: jobSpec("roles-b") });
    expect((await jobs.listJobs({ namespace: "reports" })).jobs).toEqual([]);
    await expectCode(jobs.submitJob({ namespace: "reports", job: jobSpec("roles-b") }), Code.PermissionDenied, /does not grant scope "jobs:write" \(or admin\) in namespace "reports"; it grants there: jobs:read/);
  });

  it("applies role changes to tokens already issued", async () => {
    const user = await createUser([{ namespace: "payments", role: "viewer" }]);
    const { jobs } = clients(server, await login(user.email, PASSWORD));
    await expectCode(jobs.submitJob({ namespace: "payments", job: jobSpec("roles-c") }), Code.PermissionDenied);
    await admin().grantRole({ accountId: user.id, grant: { namespace: "payments", role: "producer" } });
    await jobs.submitJob({ namespace: "payments", job: jobSpec("roles-c") });
    await admin().revokeRole({ accountId: user.id, grant: { namespace: "payments", role: "producer" } });
    await expectCode(jobs.submitJob({ namespace: "payments", job: jobSpec("roles-c") }), Code.PermissionDenied);
  });

  it("applies a change made through one server on the other within the account cache time", async () => {
    const user = await createUser([{ namespace: "payments", role: "producer" }]);
    const onSecond = clients(second, await login(user.email, PASSWORD)).jobs;
    await onSecond.submitJob({ namespace: "payments", job: jobSpec("roles-d") });
    await admin().revokeRole({ accountId: user.id, grant: { namespace: "payments", role: "producer" } });
    await pollUntil(
      "the other server refuses the revoked role",
      () => rpcError(onSecond.submitJob({ namespace: "payments", job: jobSpec("roles-d") })).then((e) => Code[e.code], () => "accepted"),
      (code) => code === "PermissionDenied",
      15_000,
      100,
    );
  });

  it("needs admin of all namespaces to manage accounts: an admin of one namespace may not", async () => {
    const nsAdmin = await createUser([{ namespace: "payments", role: "admin" }]);
    const { accounts, admin: queues } = clients(server, await login(nsAdmin.email, PASSWORD));
    expect((await queues.listQueues({ namespace: "payments" })).queues).toBeDefined();
    await expectCode(accounts.listAccounts({}), Code.PermissionDenied, /needs a token for all namespaces \("\*"\)/);
    await expectCode(accounts.grantRole({ accountId: nsAdmin.id, grant: { namespace: "payments", role: "producer" } }), Code.PermissionDenied);
  });

  it("never removes the last admin of all namespaces", async () => {
    const { accountId } = await clients(server).auth.login(ADMIN);
    const others = (await admin().listAccounts({})).accounts.filter((a) => a.id !== accountId && a.roles.some((r) => r.namespace === "*" && r.role === "admin") && !a.disabled);
    expect(others).toEqual([]);
    await expectCode(admin().deleteAccount({ accountId }), Code.FailedPrecondition, /would leave no enabled admin/);
    await expectCode(admin().disableAccount({ accountId }), Code.FailedPrecondition, /would leave no enabled admin/);
    await expectCode(admin().revokeRole({ accountId, grant: { namespace: "*", role: "admin" } }), Code.FailedPrecondition, /would leave no enabled admin/);
  });
});

describe("service accounts and API keys", () => {
  async function serviceAccount(roles: { namespace: string; role: string }[]) {
    const { account } = await admin().createAccount({ kind: AccountKind.SERVICE, name: `svc-${randomBytes(4).toString("hex")}`, roles });
    return account!;
  }

  it("shows a key once, stores only its hash, and exchanges it for a token that works", async () => {
    const account = await serviceAccount([{ namespace: "ingest", role: "producer" }]);
    const { key, apiKey } = await admin().createApiKey({ accountId: account.id, name: "ci" });
    expect(apiKey).toMatch(/^cvk_[0-9a-f]{32}_[\w-]{43}$/);
    const [row] = await installation.sql<{ secret_hash: Buffer }>("select secret_hash from api_keys where id = $1", [key!.id]);
    expect(row!.secret_hash).toHaveLength(32);
    const [listed] = (await admin().listApiKeys({ accountId: account.id })).keys;
    expect(listed).toMatchObject({ id: key!.id, name: "ci", scopes: [], namespaces: [] });
    const secret = apiKey.slice("cvk_".length + 32 + 1);
    expect(JSON.stringify(listed, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toContain(secret);
    const { token, accountId } = await clients(server).auth.exchangeApiKey({ apiKey });
    expect(accountId).toBe(account.id);
    await clients(server, token!.accessToken).jobs.submitJob({ namespace: "ingest", job: jobSpec("keys-a") });
    expect((await admin().listApiKeys({ accountId: account.id })).keys[0]!.lastUsedAt).toBeDefined();
    await expectCode(admin().createApiKey({ accountId: account.id, name: "ci" }), Code.AlreadyExists, /has a key named "ci"/);
  });

  it("limits a key to the scopes and namespaces it was given", async () => {
    const account = await serviceAccount([{ namespace: "*", role: "producer" }]);
    const { apiKey } = await admin().createApiKey({ accountId: account.id, name: "read-only-ingest", scopes: ["jobs:read"], namespaces: ["ingest"] });
    const { token } = await clients(server).auth.exchangeApiKey({ apiKey });
    const { jobs } = clients(server, token!.accessToken);
    expect((await jobs.listJobs({ namespace: "ingest" })).jobs).toBeDefined();
    await expectCode(jobs.submitJob({ namespace: "ingest", job: jobSpec("keys-b") }), Code.PermissionDenied, /jobs:write/);
    await expectCode(jobs.listJobs({ namespace: "default" }), Code.PermissionDenied, /not valid for namespace "default"/);
  });

  it("refuses an unknown key, a forged secret and garbage alike", async () => {
    const account = await serviceAccount([{ namespace: "ingest", role: "viewer" }]);
    const { apiKey } = await admin().createApiKey({ accountId: account.id, name: "real" });
    const forged = apiKey.slice(0, -4) + (apiKey.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const attempt of [forged, `cvk_${"0".repeat(32)}_${"A".repeat(43)}`, "not-a-key"]) {
      await expectCode(clients(server).auth.exchangeApiKey({ apiKey: attempt }), Code.Unauthenticated, /^the API key is not valid$/);
    }
  });

  it("ends a revoked key's tokens: at once on the server that revoked it, within the cache time on the others", async () => {
    const account = await serviceAccount([{ namespace: "ingest", role: "producer" }]);
    const { key, apiKey } = await admin().createApiKey({ accountId: account.id, name: "to-revoke" });
    const token = (await clients(server).auth.exchangeApiKey({ apiKey })).token!.accessToken;
    await clients(second, token).jobs.submitJob({ namespace: "ingest", job: jobSpec("keys-c") });
    const { key: revoked } = await admin().revokeApiKey({ keyId: key!.id });
    expect(revoked!.revokedAt).toBeDefined();
    await expectCode(clients(server, token).jobs.submitJob({ namespace: "ingest", job: jobSpec("keys-c") }), Code.Unauthenticated, /its API key was revoked/);
    await pollUntil(
      "the other server refuses the revoked key's token",
      () => rpcError(clients(second, token).jobs.submitJob({ namespace: "ingest", job: jobSpec("keys-c") })).then((e) => e.rawMessage, () => "accepted"),
      (message) => /its API key was revoked/.test(message),
      15_000,
      100,
    );
    await expectCode(clients(server).auth.exchangeApiKey({ apiKey }), Code.Unauthenticated, /the API key was revoked/);
  });

  it("stops exchanging a key, and accepting its tokens, once it expires", async () => {
    const account = await serviceAccount([{ namespace: "ingest", role: "viewer" }]);
    const { apiKey } = await admin().createApiKey({ accountId: account.id, name: "short", expiresAt: timestampFromDate(new Date(Date.now() + 2_000)) });
    const token = (await clients(server).auth.exchangeApiKey({ apiKey })).token!.accessToken;
    await pollUntil(
      "the key expires",
      () => rpcError(clients(server).auth.exchangeApiKey({ apiKey })).then((e) => e.rawMessage, () => "exchanged"),
      (message) => /the API key expired at/.test(message),
      15_000,
      200,
    );
    await expectCode(clients(server, token).jobs.listJobs({ namespace: "ingest" }), Code.Unauthenticated, /its API key has expired/);
  });
});

describe("disabling, passwords, expiry and key rotation", () => {
  it("a disabled account's tokens stop working and it cannot log in; enabled again, it logs in anew", async () => {
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    const token = await login(user.email, PASSWORD);
    await admin().disableAccount({ accountId: user.id });
    await expectCode(clients(server, token).jobs.listJobs({}), Code.Unauthenticated, /its account is disabled or deleted/);
    await expectCode(clients(server).auth.login({ email: user.email, password: PASSWORD }), Code.Unauthenticated, /this account is disabled/);
    await admin().enableAccount({ accountId: user.id });
    await expectCode(clients(server, token).jobs.listJobs({}), Code.Unauthenticated, /issued before/);
    expect((await clients(server, await login(user.email, PASSWORD)).jobs.listJobs({})).jobs).toBeDefined();
  });

  it("a new password ends the tokens issued before it", async () => {
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    const token = await login(user.email, PASSWORD);
    await admin().setPassword({ accountId: user.id, password: "copper lantern meadow whistle" });
    await expectCode(clients(server, token).jobs.listJobs({}), Code.Unauthenticated, /issued before the account's password changed/);
    await expectCode(clients(server).auth.login({ email: user.email, password: PASSWORD }), Code.Unauthenticated);
    await login(user.email, "copper lantern meadow whistle");
  });

  it("a deleted account's tokens stop working", async () => {
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    const token = await login(user.email, PASSWORD);
    await admin().deleteAccount({ accountId: user.id });
    await expectCode(clients(server, token).jobs.listJobs({}), Code.Unauthenticated, /disabled or deleted/);
  });

  it("refuses its tokens once they expire", async () => {
    const shortLived = await extraServer({ authMode: "jwt", authAccountsSecret: accountsSecret, authTokenTtlMs: 1_000 });
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    const { token } = await clients(shortLived).auth.login({ email: user.email, password: PASSWORD });
    expect(Number(token!.expiresAt!.seconds) * 1000 - Date.now()).toBeLessThanOrEqual(2_000);
    expect((await clients(shortLived, token!.accessToken).jobs.listJobs({})).jobs).toBeDefined();
    // Verifiers allow 5 s of clock skew past the expiry.
    await pollUntil(
      "the token expires",
      () => rpcError(clients(shortLived, token!.accessToken).jobs.listJobs({})).then((e) => e.rawMessage, () => "accepted"),
      (message) => message === "invalid token: it has expired",
      20_000,
      250,
    );
  });

  it("rotates its signing key: the new key signs, the old one still verifies its tokens and stays published", async () => {
    const oldToken = await login(ADMIN.email, ADMIN.password);
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const { kid } = await admin().rotateSigningKey({});
    expect(kid).not.toBe(oldKid);
    const newToken = await login(ADMIN.email, ADMIN.password);
    expect(decodeProtectedHeader(newToken).kid).toBe(kid);
    expect((await clients(server, oldToken).auth.whoAmI({})).accountName).toBe(ADMIN.email);
    // The other server has not read the new key yet: the token's unknown kid makes it read them.
    expect((await clients(second, newToken).auth.whoAmI({})).accountName).toBe(ADMIN.email);
    expect((await clients(second, oldToken).auth.whoAmI({})).accountName).toBe(ADMIN.email);
    const jwks = (await (await fetch(`${second.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, kid]));
  });

  it("records who changed access in an audit log that admins read, page by page", async () => {
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    await admin().grantRole({ accountId: user.id, grant: { namespace: "payments", role: "worker" } });
    const first = await admin().listAuditEvents({ pageSize: 2 });
    expect(first.events.map((e) => e.action)).toEqual(["role.granted", "account.created"]);
    expect(first.events[0]).toMatchObject({ accountId: user.id, actor: expect.stringMatching(/^account:[0-9a-f-]{36} \(root@example\.com\)$/) });
    expect(JSON.parse(first.events[0]!.details)).toMatchObject({ namespace: "payments", role: "worker" });
    expect(first.events[1]!.details).not.toContain(PASSWORD);
    const next = await admin().listAuditEvents({ pageSize: 500, pageToken: first.nextPageToken });
    const actions = next.events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["signing_key.rotated", "api_key.revoked", "account.disabled", "account.enabled", "account.password_set", "account.deleted", "role.revoked"]));
    expect(next.events.at(-1)).toMatchObject({ action: "account.created", actor: "bootstrap" });
    await expectCode(clients(server, await login(user.email, PASSWORD)).accounts.listAuditEvents({}), Code.PermissionDenied);
  });
});

describe("brute-force throttling", () => {
  it("locks an email out after too many failures, even for the right password, and for an unknown email alike", async () => {
    const user = await createUser([{ namespace: "default", role: "viewer" }]);
    for (const email of [user.email, "ghost@example.com"]) {
      for (let i = 0; i < 5; i++) await expectCode(clients(server).auth.login({ email, password: `wrong password ${i}` }), Code.Unauthenticated);
      await expectCode(clients(server).auth.login({ email, password: PASSWORD }), Code.ResourceExhausted, /too many failed attempts.*try again in \d+s/);
    }
    // Counted in PostgreSQL: the other server refuses too. Other accounts are unaffected.
    await expectCode(clients(second).auth.login({ email: user.email, password: PASSWORD }), Code.ResourceExhausted);
    await login(ADMIN.email, ADMIN.password);
  });

  it("locks an address out after too many failures across emails and API keys, on every server", async () => {
    // Counters are shared through PostgreSQL: start from none, so that earlier tests' failures do not count.
    await installation.sql("delete from login_throttle");
    const strict = await extraServer({ authMode: "jwt", authAccountsSecret: accountsSecret, authMaxFailuresPerAddress: 3 });
    const { auth } = clients(strict);
    await expectCode(auth.login({ email: "a@example.com", password: "wrong password a" }), Code.Unauthenticated);
    await expectCode(auth.exchangeApiKey({ apiKey: "cvk_not-a-key" }), Code.Unauthenticated);
    await expectCode(auth.login({ email: "b@example.com", password: "wrong password b" }), Code.Unauthenticated);
    await expectCode(auth.login(ADMIN), Code.ResourceExhausted, /too many failed attempts/);
    await expectCode(auth.exchangeApiKey({ apiKey: "cvk_another" }), Code.ResourceExhausted, /too many failed attempts/);
    await installation.sql("delete from login_throttle");
    await auth.login(ADMIN);
  });

  it("forgives an email's failures after a successful login", async () => {
    const user = await createUser([]);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await expectCode(clients(server).auth.login({ email: user.email, password: "wrong password" }), Code.Unauthenticated);
      await login(user.email, PASSWORD);
    }
  });
});

describe("the external identity provider, side by side", () => {
  const idpToken = (claims: { iss?: string; scope: string; namespaces: string[] }, key: CryptoKey = idpKey, kid = "idp-1") => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scope: claims.scope, namespaces: claims.namespaces })
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(claims.iss ?? IDP_ISSUER)
      .setSubject("idp-user")
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(key);
  };

  it("accepts the provider's tokens as before, with their flat scopes", async () => {
    const token = await idpToken({ scope: "jobs:write jobs:read", namespaces: ["default", "payments"] });
    const { jobs, auth } = clients(server, token);
    await jobs.submitJob({ namespace: "payments", job: jobSpec("idp-a") });
    await expectCode(jobs.submitJob({ namespace: "reports", job: jobSpec("idp-a") }), Code.PermissionDenied);
    expect(await auth.whoAmI({})).toMatchObject({ subject: "idp-user", accountName: "" });
  });

  it("does not let a provider-signed token pass as the server's own, nor the server's pass as the provider's", async () => {
    const posing = await idpToken({ iss: "conveyor", scope: "admin", namespaces: ["*"] });
    await expectCode(clients(server, posing).jobs.listJobs({}), Code.Unauthenticated, /invalid token/);
    // The server's own key signing a token that claims the provider as issuer: refused too.
    const own = await login(ADMIN.email, ADMIN.password);
    const [, payload] = own.split(".");
    const relabelled = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), iss: IDP_ISSUER })).toString("base64url");
    const [header, , signature] = own.split(".");
    await expectCode(clients(server, `${header}.${relabelled}.${signature}`).jobs.listJobs({}), Code.Unauthenticated, /invalid token/);
  });

  it("works with the HS256 development secret beside accounts too", async () => {
    const hsSecret = randomBytes(32).toString("base64url");
    const hsServer = await extraServer({ authMode: "jwt", authAccountsSecret: accountsSecret, authHs256Secret: hsSecret });
    const now = Math.floor(Date.now() / 1000);
    const devToken = await new SignJWT({ scope: "jobs:read", namespaces: ["default"] }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(now + 60).sign(new TextEncoder().encode(hsSecret));
    expect((await clients(hsServer, devToken).jobs.listJobs({})).jobs).toBeDefined();
    expect((await clients(hsServer, await login(ADMIN.email, ADMIN.password)).jobs.listJobs({})).jobs).toBeDefined();
  });
});

describe("accounts off", () => {
  it("answers FAILED_PRECONDITION, saying how to turn them on", async () => {
    const plain = await extraServer({ authMode: "off" });
    await expectCode(clients(plain).auth.login(ADMIN), Code.FailedPrecondition, /accounts are off on this server: set CONVEYOR_AUTH_ACCOUNTS_SECRET_FILE/);
    await expectCode(clients(plain).accounts.listAccounts({}), Code.FailedPrecondition, /accounts are off/);
    expect((await fetch(`${plain.url}/.well-known/jwks.json`)).status).toBe(404);
  });
});

describe("conveyor account|key|role", () => {
  const execFileAsync = promisify(execFile);
  const main = fileURLToPath(new URL("../server/src/main.ts", import.meta.url));
  const env = { PATH: process.env["PATH"], CONVEYOR_DATABASE_URL: installation.databaseUrl, CONVEYOR_AUTH_MODE: "off" };
  const conveyor = (...args: string[]) => execFileAsync(process.execPath, [main, ...args], { env });

  // Each command is a process of its own, which takes seconds on a loaded machine: few of them.
  it("creates accounts, grants roles and makes keys that the server accepts, audited as the CLI", async () => {
    const name = `cli-svc-${randomBytes(3).toString("hex")}`;
    expect((await conveyor("account", "create", "--service", name, "--role", "*:viewer")).stdout).toMatch(/^created service account [0-9a-f-]{36} \(cli-svc-\w+\)\n$/);
    expect((await conveyor("role", "grant", name, "payments", "producer")).stdout).toBe(`${name}: *:viewer payments:producer\n`);
    const { stdout: apiKey, stderr } = await conveyor("key", "create", name, "--name", "deploy", "--expires-in", "1d");
    expect(stderr).toMatch(/it is shown only now/);
    const { token } = await clients(server).auth.exchangeApiKey({ apiKey: apiKey.trim() });
    const { jobs } = clients(server, token!.accessToken);
    await jobs.submitJob({ namespace: "payments", job: jobSpec("cli-a") });
    expect((await jobs.listJobs({ namespace: "anything" })).jobs).toEqual([]);
    const { events } = await admin().listAuditEvents({ pageSize: 3 });
    expect(events.map((e) => e.action)).toEqual(["api_key.created", "role.granted", "account.created"]);
    for (const event of events) expect(event.actor).toMatch(/^cli:/);
  }, 300_000);

  it("refuses a weak password with the field and exit code 2", async () => {
    const error = (await conveyor("account", "create", "--email", uniqueEmail(), "--password-file", "/dev/null").catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/password: must be at least 12 characters/);
  }, 120_000);
});
