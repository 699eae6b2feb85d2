// Authentication and authorization with real tokens against real servers: one verifying HS256 with
// a shared secret, one verifying RS256 and ES256 with a JWKS file. Every call but health and
// reflection needs a bearer token; its scope must cover the method and its namespaces the request's.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { create } from "@bufbuild/protobuf";
import { Code, createClient, createContextValues, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus } from "@conveyor/client/gen/grpc/health/v1/health_pb.js";
import { ServerReflection, ServerReflectionRequestSchema } from "@conveyor/client/gen/grpc/reflection/v1/reflection_pb.js";
import { createConveyorClient } from "@conveyor/client";
import { createWorker } from "@conveyor/worker-sdk";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authInterceptor, createTokenAuthenticator } from "../server/src/auth/index.ts";
import { requiredScope } from "../server/src/auth/method-scopes.ts";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { freePort } from "./support/child-processes.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { testLogger, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { openRawWorker } from "./support/raw-worker.ts";
import { rpcError, within } from "./support/rpc.ts";

const secret = randomBytes(32).toString("base64url");
const dir = mkdtempSync(join(tmpdir(), "conveyor-auth-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { installation } = useConveyor({}, { startServer: false });
/** Verifies HS256 tokens signed with `secret`. */
let hsServer: ConveyorServer;
/** Verifies RS256 and ES256 tokens against a JWKS file. */
let jwksServer: ConveyorServer;
let rsaKey: CryptoKey;
let ecKey: CryptoKey;
let rsaPublicJwk: JWK;

beforeAll(async () => {
  const rsa = await generateKeyPair("RS256", { extractable: true });
  const ec = await generateKeyPair("ES256", { extractable: true });
  rsaKey = rsa.privateKey;
  ecKey = ec.privateKey;
  rsaPublicJwk = { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" };
  const jwksFile = join(dir, "jwks.json");
  writeFileSync(jwksFile, JSON.stringify({ keys: [rsaPublicJwk, { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" }] }));
  hsServer = await installation.startServer({ authMode: "jwt", authHs256Secret: secret });
  jwksServer = await installation.startServer({ authMode: "jwt", authJwksFile: jwksFile });
});

interface Claims {
  scope?: unknown;
  namespaces?: unknown;
  sub?: string;
  /** Seconds from now; null leaves the claim out. */
  expiresIn?: number | null;
  notBeforeIn?: number;
}

function claimsOf({ scope, namespaces, sub = "test", expiresIn = 300, notBeforeIn }: Claims) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope, namespaces }).setSubject(sub).setIssuedAt(now);
  if (expiresIn !== null) jwt.setExpirationTime(now + expiresIn);
  if (notBeforeIn !== undefined) jwt.setNotBefore(now + notBeforeIn);
  return jwt;
}

/** An HS256 token signed with the server's secret (or `key`). */
function hs256(claims: Claims, key: Uint8Array = new TextEncoder().encode(secret)): Promise<string> {
  return claimsOf(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}

function rs256(claims: Claims, key: CryptoKey = rsaKey, kid = "rsa-1"): Promise<string> {
  return claimsOf(claims).setProtectedHeader({ alg: "RS256", kid }).sign(key);
}

function es256(claims: Claims): Promise<string> {
  return claimsOf(claims).setProtectedHeader({ alg: "ES256", kid: "ec-1" }).sign(ecKey);
}

/** An unsecured JWT (`alg: none`, empty signature), with valid-looking claims. */
function unsecured(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })}.`;
}

const JOBS_RW = { scope: "jobs:write jobs:read", namespaces: ["default"] };

const protocols = {
  gRPC: (baseUrl: string, interceptors: Interceptor[]) => createGrpcTransport({ baseUrl, interceptors }),
  "Connect JSON": (baseUrl: string, interceptors: Interceptor[]) => createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false, interceptors }),
};
type Protocol = keyof typeof protocols;

/** A transport that sends `authorization` exactly as given (or no header at all). */
function transport(server: ConveyorServer, authorization?: string, protocol: Protocol = "gRPC"): Transport {
  const header: Interceptor = (next) => (request) => {
    if (authorization !== undefined) request.header.set("authorization", authorization);
    return next(request);
  };
  return protocols[protocol](server.url, [header]);
}

function clientsFor(server: ConveyorServer, token: string | undefined, protocol: Protocol = "gRPC") {
  const t = transport(server, token === undefined ? undefined : `Bearer ${token}`, protocol);
  return { jobs: createClient(JobService, t), workers: createClient(WorkerService, t), schedules: createClient(ScheduleService, t) };
}

async function expectRefusal(call: Promise<unknown>, code: Code, message: RegExp, token?: string): Promise<void> {
  const error = await rpcError(call);
  expect(Code[error.code]).toBe(Code[code]);
  expect(error.rawMessage).toMatch(message);
  if (token) expect(error.rawMessage).not.toContain(token);
}

describe.each(Object.keys(protocols) as Protocol[])("authentication over %s", (protocol) => {
  const getJob = (server: ConveyorServer, authorization?: string) =>
    createClient(JobService, transport(server, authorization, protocol)).getJob({ id: "0190b6f1-8a2e-7c3d-9e4f-5a6b7c8d9e0f" });

  it("refuses a call without a token, saying how to send one", async () => {
    await expectRefusal(getJob(hsServer), Code.Unauthenticated, /no token: send the header "authorization: Bearer <token>"/);
  });

  it("refuses an authorization header that is not a bearer token, and a bearer token that is not a JWT", async () => {
    await expectRefusal(getJob(hsServer, "Basic dXNlcjpwYXNz"), Code.Unauthenticated, /must be "Bearer <token>"/);
    await expectRefusal(getJob(hsServer, "Bearer not.a.jwt"), Code.Unauthenticated, /invalid token: it is not a well-formed signed JWT/, "not.a.jwt");
    await expectRefusal(getJob(hsServer, "Bearer garbage"), Code.Unauthenticated, /invalid token/, "garbage");
  });

  it("refuses a token signed with another secret (forged)", async () => {
    const forged = await hs256(JOBS_RW, randomBytes(32));
    await expectRefusal(getJob(hsServer, `Bearer ${forged}`), Code.Unauthenticated, /invalid token: the signature does not verify/, forged);
  });

  it("refuses a token whose payload was altered after signing", async () => {
    const [header, , signature] = (await hs256({ scope: "jobs:read", namespaces: ["default"] })).split(".");
    const payload = Buffer.from(JSON.stringify({ scope: "admin", namespaces: ["*"], exp: Math.floor(Date.now() / 1000) + 300 })).toString("base64url");
    await expectRefusal(getJob(hsServer, `Bearer ${header}.${payload}.${signature}`), Code.Unauthenticated, /the signature does not verify/);
  });

  it("refuses an expired token, a token not valid yet, and a token without an expiry", async () => {
    await expectRefusal(getJob(hsServer, `Bearer ${await hs256({ ...JOBS_RW, expiresIn: -60 })}`), Code.Unauthenticated, /invalid token: it has expired/);
    await expectRefusal(getJob(hsServer, `Bearer ${await hs256({ ...JOBS_RW, notBeforeIn: 60 })}`), Code.Unauthenticated, /invalid token: it is not valid yet/);
    await expectRefusal(getJob(hsServer, `Bearer ${await hs256({ ...JOBS_RW, expiresIn: null })}`), Code.Unauthenticated, /invalid token: it has no "exp" claim/);
  });

  it("tolerates a little clock skew: a token that expired a second ago still works", async () => {
    const error = await rpcError(getJob(hsServer, `Bearer ${await hs256({ ...JOBS_RW, expiresIn: -1 })}`));
    expect(Code[error.code]).toBe(Code[Code.NotFound]);
  });

  it("refuses an unsecured token (alg: none) on both servers", async () => {
    const none = unsecured({ scope: "admin", namespaces: ["*"] });
    await expectRefusal(getJob(hsServer, `Bearer ${none}`), Code.Unauthenticated, /invalid token/);
    await expectRefusal(getJob(jwksServer, `Bearer ${none}`), Code.Unauthenticated, /invalid token/);
  });

  it("refuses claims of the wrong shape", async () => {
    await expectRefusal(getJob(hsServer, `Bearer ${await hs256({ scope: ["jobs:read"], namespaces: ["default"] })}`), Code.Unauthenticated, /"scope" claim must be a space-separated string/);
    await expectRefusal(getJob(hsServer, `Bearer ${await hs256({ scope: "jobs:read", namespaces: "default" })}`), Code.Unauthenticated, /"namespaces" claim must be an array/);
  });
});

describe("a JWKS-configured server", () => {
  const list = (token: string) => clientsFor(jwksServer, token).jobs.listJobs({});

  it("accepts RS256 and ES256 tokens signed with its keys", async () => {
    expect((await list(await rs256(JOBS_RW))).jobs).toEqual([]);
    expect((await list(await es256(JOBS_RW))).jobs).toEqual([]);
  });

  it("refuses an HS256 token, even one keyed with its own RSA public key (algorithm confusion)", async () => {
    const withPublicKey = await hs256(JOBS_RW, new TextEncoder().encode(JSON.stringify(rsaPublicJwk)));
    await expectRefusal(list(withPublicKey), Code.Unauthenticated, /its algorithm is not accepted here \(accepted: RS256, ES256\)/);
    await expectRefusal(list(await hs256(JOBS_RW)), Code.Unauthenticated, /its algorithm is not accepted here/);
  });

  it("refuses an RS256 token signed with a key that is not in its JWKS, whatever kid it claims", async () => {
    const stranger = (await generateKeyPair("RS256")).privateKey;
    await expectRefusal(list(await rs256(JOBS_RW, stranger, "rsa-1")), Code.Unauthenticated, /the signature does not verify/);
    await expectRefusal(list(await rs256(JOBS_RW, stranger, "unknown-kid")), Code.Unauthenticated, /no key of the JWKS matches it/);
  });

  it("and the HS256 server refuses RS256 tokens", async () => {
    await expectRefusal(clientsFor(hsServer, await rs256(JOBS_RW)).jobs.listJobs({}), Code.Unauthenticated, /accepted: HS256/);
  });
});

describe("a server with a JWKS URL, an issuer and an audience", () => {
  const jwksHttp = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(readFileSync(join(dir, "jwks.json"))));
  let jwksPort: number;
  let urlServer: ConveyorServer;
  const issued = { iss: "https://issuer.test", aud: "conveyor" };
  const token = (claims: { iss?: string; aud?: string }) => {
    const jwt = claimsOf(JOBS_RW).setProtectedHeader({ alg: "ES256", kid: "ec-1" });
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.aud) jwt.setAudience(claims.aud);
    return jwt.sign(ecKey);
  };
  const list = async (claims: { iss?: string; aud?: string }) => clientsFor(urlServer, await token(claims)).jobs.listJobs({});

  beforeAll(async () => {
    jwksPort = await freePort();
    urlServer = await installation.startServer({ authMode: "jwt", authJwksUrl: `http://127.0.0.1:${jwksPort}/jwks.json`, authIssuer: issued.iss, authAudience: issued.aud });
  });
  afterAll(() => new Promise((resolve) => jwksHttp.close(resolve)));

  it("answers UNAVAILABLE (try again), not UNAUTHENTICATED, while the JWKS cannot be fetched; then verifies with the keys it fetches", async () => {
    await expectRefusal(list(issued), Code.Unavailable, /cannot fetch the JWKS to verify the token; try again/);
    // The identity provider's JWKS endpoint comes up: a real HTTP server serving the key set.
    await new Promise<void>((resolve) => jwksHttp.listen(jwksPort, "127.0.0.1", resolve));
    expect((await list(issued)).jobs).toEqual([]);
  });

  it("refuses a token from another issuer, for another audience, or without them", async () => {
    await expectRefusal(list({ ...issued, iss: "https://elsewhere.test" }), Code.Unauthenticated, /its "iss" claim is not accepted here/);
    await expectRefusal(list({ ...issued, aud: "another-service" }), Code.Unauthenticated, /its "aud" claim is not accepted here/);
    await expectRefusal(list({ aud: issued.aud }), Code.Unauthenticated, /it has no "iss" claim/);
  });
});

describe("scopes", () => {
  const token = (scope: string) => hs256({ scope, namespaces: ["default"] });
  const denied = (scope: string) => new RegExp(`needs scope "${scope}"`);

  it("jobs:read reads (Get, List, Watch) but does not write", async () => {
    const { jobs: writer } = clientsFor(hsServer, await token("jobs:write"));
    const { job } = await writer.submitJob({ job: jobSpec("scopes-read") });
    const { jobs: reader, schedules } = clientsFor(hsServer, await token("jobs:read"));
    expect((await reader.getJob({ id: job!.id })).job!.id).toBe(job!.id);
    expect((await reader.listJobs({ queue: "scopes-read" })).jobs.map((j) => j.id)).toEqual([job!.id]);
    const watch = reader.watchJob({ id: job!.id })[Symbol.asyncIterator]();
    expect((await within(watch.next(), 5_000, "first WatchJob message")).value.job.id).toBe(job!.id);
    await watch.return?.();
    expect((await schedules.listSchedules({})).schedules).toEqual([]);

    await expectRefusal(reader.submitJob({ job: jobSpec("scopes-read") }), Code.PermissionDenied, /JobService\.SubmitJob needs scope "jobs:write" \(or admin\); the token's scopes: jobs:read/);
    await expectRefusal(reader.cancelJob({ id: job!.id }), Code.PermissionDenied, denied("jobs:write"));
    await expectRefusal(reader.retryJob({ id: job!.id }), Code.PermissionDenied, denied("jobs:write"));
    await expectRefusal(schedules.triggerSchedule({ id: job!.id }), Code.PermissionDenied, denied("jobs:write"));
  });

  it("jobs:write writes (Submit, Cancel, Retry) but does not read", async () => {
    const { jobs: writer } = clientsFor(hsServer, await token("jobs:write"));
    const { job } = await writer.submitJob({ job: jobSpec("scopes-write") });
    expect((await writer.submitJobs({ jobs: [jobSpec("scopes-write")] })).jobs).toHaveLength(1);
    expect((await writer.cancelJob({ id: job!.id })).job!.state).toBe(JobState.CANCELLED);
    expect((await writer.retryJob({ id: job!.id })).job!.state).toBe(JobState.READY);
    await expectRefusal(writer.getJob({ id: job!.id }), Code.PermissionDenied, /JobService\.GetJob needs scope "jobs:read"/);
    await expectRefusal(writer.listJobs({}), Code.PermissionDenied, denied("jobs:read"));
    await expectRefusal(within(consume(writer.watchJob({ id: job!.id })), 5_000, "WatchJob"), Code.PermissionDenied, denied("jobs:read"));
  });

  it("admin reads and writes jobs, but does not lease them: worker is a role of its own", async () => {
    const admin = clientsFor(hsServer, await token("admin"));
    const { job } = await admin.jobs.submitJob({ job: jobSpec("scopes-admin") });
    expect((await admin.jobs.getJob({ id: job!.id })).job!.id).toBe(job!.id);
    expect((await admin.jobs.cancelJob({ id: job!.id })).job!.state).toBe(JobState.CANCELLED);
    await expectRefusal(admin.workers.heartbeat({ leases: [{ jobId: job!.id, leaseId: job!.id }] }), Code.PermissionDenied, /WorkerService\.Heartbeat needs scope "worker"; the token's scopes: admin/);
    const lease = openRawWorker(admin.workers, { workerId: "admin-as-worker", queues: ["scopes-admin"], capacity: 1 });
    await expectRefusal(lease.ended, Code.PermissionDenied, /WorkerService\.Lease needs scope "worker"/);
  });

  it("worker leases and reports, but neither submits nor reads jobs", async () => {
    const { workers, jobs } = clientsFor(hsServer, await token("worker"));
    await expectRefusal(jobs.submitJob({ job: jobSpec("scopes-worker") }), Code.PermissionDenied, denied("jobs:write"));
    await expectRefusal(jobs.listJobs({}), Code.PermissionDenied, denied("jobs:read"));
    const { jobs: writer } = clientsFor(hsServer, await token("jobs:write"));
    const { job } = await writer.submitJob({ job: jobSpec("scopes-worker") });
    const lease = openRawWorker(workers, { workerId: "scoped-worker", queues: ["scopes-worker"], capacity: 1 });
    const [leased] = await lease.waitForJobs(1);
    expect(leased!.job!.id).toBe(job!.id);
    const { results } = await workers.complete({ completions: [{ lease: { jobId: job!.id, leaseId: leased!.leaseId } }] });
    expect(results[0]!.accepted).toBe(true);
    lease.close();
    await lease.ended;
  });

  it("a token without a scope claim may do nothing", async () => {
    await expectRefusal(clientsFor(hsServer, await hs256({ namespaces: ["default"] })).jobs.listJobs({}), Code.PermissionDenied, /the token's scopes: none/);
  });
});

describe("namespaces", () => {
  const ALL = "jobs:read jobs:write worker";
  let teamB: string;
  let teamBLeaseId: string;
  let tokenA: string;

  beforeAll(async () => {
    tokenA = await hs256({ scope: ALL, namespaces: ["team-a"] });
    const tokenB = await hs256({ scope: ALL, namespaces: ["team-b"] });
    const b = clientsFor(hsServer, tokenB);
    teamB = (await b.jobs.submitJob({ namespace: "team-b", job: jobSpec("ns") })).job!.id;
    const lease = openRawWorker(b.workers, { namespace: "team-b", workerId: "team-b-worker", queues: ["ns"], capacity: 1 });
    teamBLeaseId = (await lease.waitForJobs(1))[0]!.leaseId;
    lease.close();
    await lease.ended;
  });

  const outside = /the token is not valid for namespace "team-b"; it is for: team-a/;

  it.each(Object.keys(protocols) as Protocol[])("refuse every JobService call in another namespace (%s)", async (protocol) => {
    const { jobs } = clientsFor(hsServer, tokenA, protocol);
    await expectRefusal(jobs.submitJob({ namespace: "team-b", job: jobSpec("ns") }), Code.PermissionDenied, outside);
    await expectRefusal(jobs.submitJobs({ namespace: "team-b", jobs: [jobSpec("ns")] }), Code.PermissionDenied, outside);
    await expectRefusal(jobs.getJob({ namespace: "team-b", id: teamB }), Code.PermissionDenied, outside);
    await expectRefusal(jobs.listJobs({ namespace: "team-b" }), Code.PermissionDenied, outside);
    await expectRefusal(within(consume(jobs.watchJob({ namespace: "team-b", id: teamB })), 5_000, "WatchJob"), Code.PermissionDenied, outside);
    await expectRefusal(jobs.cancelJob({ namespace: "team-b", id: teamB }), Code.PermissionDenied, outside);
    await expectRefusal(jobs.retryJob({ namespace: "team-b", id: teamB }), Code.PermissionDenied, outside);
  });

  it('treat an empty namespace as "default", which a team-a token does not cover', async () => {
    const { jobs } = clientsFor(hsServer, tokenA);
    await expectRefusal(jobs.listJobs({}), Code.PermissionDenied, /not valid for namespace "default"; it is for: team-a/);
  });

  it("refuse the worker calls in another namespace: Lease (by its LeaseOpen), Heartbeat, Complete, Fail", async () => {
    const { workers } = clientsFor(hsServer, tokenA);
    const lease = openRawWorker(workers, { namespace: "team-b", workerId: "intruder", queues: ["ns"], capacity: 1 });
    await expectRefusal(lease.ended, Code.PermissionDenied, /not valid for open\.namespace "team-b"; it is for: team-a/);
    const ref = { jobId: teamB, leaseId: teamBLeaseId };
    await expectRefusal(workers.heartbeat({ namespace: "team-b", leases: [ref] }), Code.PermissionDenied, outside);
    await expectRefusal(workers.complete({ namespace: "team-b", completions: [{ lease: ref }] }), Code.PermissionDenied, outside);
    await expectRefusal(workers.fail({ namespace: "team-b", failures: [{ lease: ref, error: "no" }] }), Code.PermissionDenied, outside);
    await expectRefusal(createClient(ScheduleService, transport(hsServer, `Bearer ${tokenA}`)).listSchedules({ namespace: "team-b" }), Code.PermissionDenied, outside);
  });

  it("let a token's own namespaces through, and never show another namespace's job there", async () => {
    const { jobs } = clientsFor(hsServer, tokenA);
    const { job } = await jobs.submitJob({ namespace: "team-a", job: jobSpec("ns") });
    expect((await jobs.listJobs({ namespace: "team-a" })).jobs.map((j) => j.id)).toEqual([job!.id]);
    // Asking for team-b's job in team-a finds nothing: queries are scoped by namespace.
    await expectRefusal(jobs.getJob({ namespace: "team-a", id: teamB }), Code.NotFound, /not found/);
  });

  it('let a token for "*" into every namespace', async () => {
    const { jobs } = clientsFor(hsServer, await hs256({ scope: "jobs:read", namespaces: ["*"] }));
    expect((await jobs.getJob({ namespace: "team-b", id: teamB })).job!.namespace).toBe("team-b");
    expect((await jobs.listJobs({ namespace: "team-a" })).jobs).toHaveLength(1);
    expect((await jobs.listJobs({})).jobs).toEqual(expect.any(Array));
  });
});

describe("without a token", () => {
  it("gRPC health and reflection answer", async () => {
    const t = transport(hsServer);
    expect((await createClient(Health, t).check({ service: "conveyor.v1.JobService" })).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    const reflection = createClient(ServerReflection, t).serverReflectionInfo(
      (async function* () {
        yield create(ServerReflectionRequestSchema, { messageRequest: { case: "listServices", value: "" } });
      })(),
    );
    const names: string[] = [];
    for await (const response of reflection) {
      if (response.messageResponse.case === "listServicesResponse") names.push(...response.messageResponse.value.service.map((s) => s.name));
    }
    expect(names).toContain("conveyor.v1.JobService");
  });

  it("/healthz, /readyz and /metrics answer over plain HTTP", async () => {
    for (const path of ["/healthz", "/readyz", "/metrics"]) expect((await fetch(`${hsServer.url}${path}`)).status, path).toBe(200);
  });
});

describe("the worker SDK", () => {
  const workers = useWorkers(() => hsServer.url);

  it("runs a job end to end with a worker token", async () => {
    await workers.start({ queues: ["sdk-auth"], token: await hs256({ scope: "worker", namespaces: ["default"] }) }, (w) =>
      w.handle("test.job", (job) => ({ echoed: job.id })),
    );
    const { jobs } = clientsFor(hsServer, await hs256(JOBS_RW));
    const { job } = await jobs.submitJob({ job: jobSpec("sdk-auth") });
    const done = await waitForState(jobs, job!.id, JobState.SUCCEEDED);
    expect(done.result?.kind.value).toEqual({ echoed: job!.id });
  });

  it.each([
    ["a forged token", () => hs256({ scope: "worker", namespaces: ["default"] }, randomBytes(32)), /^\[unauthenticated\] invalid token: the signature does not verify/],
    ["a token without the worker scope", () => hs256({ scope: "jobs:read", namespaces: ["default"] }), /^\[permission_denied\] WorkerService.Lease needs scope "worker"/],
    ["a token for another namespace", () => hs256({ scope: "worker", namespaces: ["team-a"] }), /^\[permission_denied\] the token is not valid for open.namespace "default"/],
  ])("stops with a clear error given %s", async (_, makeToken, message) => {
    const worker = createWorker({ url: hsServer.url, queues: ["sdk-auth-bad"], token: await makeToken(), logger: testLogger() });
    worker.handle("test.job", () => {});
    const error = await within(worker.run().then(() => new Error("run() resolved"), (e: unknown) => e as Error), 10_000, "the worker giving up");
    expect(error.message).toMatch(message);
    expect(worker.state).toBe("stopped");
  });
});

describe("the TypeScript client", () => {
  it("sends its token option, a string or a function called before each request", async () => {
    const fixed = createConveyorClient(hsServer.url, { token: await hs256(JOBS_RW) });
    const { job } = await fixed.jobs.submitJob({ job: jobSpec("ts-client") });
    let calls = 0;
    const refreshed = createConveyorClient(hsServer.url, { protocol: "connect", token: () => (calls++, hs256({ scope: "jobs:read", namespaces: ["default"] })) });
    expect((await refreshed.jobs.getJob({ id: job!.id })).job!.id).toBe(job!.id);
    expect(calls).toBe(1);
    await expectRefusal(createConveyorClient(hsServer.url).jobs.getJob({ id: job!.id }), Code.Unauthenticated, /no token/);
    fixed.close();
    refreshed.close();
  });
});

describe("conveyor token", () => {
  const execFileAsync = promisify(execFile);
  const main = fileURLToPath(new URL("../server/src/main.ts", import.meta.url));
  const secretFile = join(dir, "dev-secret");
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const mint = (...args: string[]) =>
    execFileAsync(process.execPath, [main, "token", ...args], { env: { PATH: process.env["PATH"], CONVEYOR_AUTH_HS256_SECRET_FILE: secretFile } });

  it("prints only a token that verifies and grants exactly what it says", async () => {
    const { stdout, stderr } = await mint("--scope", "jobs:read", "--namespace", "team-a,team-c", "--namespace", "team-d", "--ttl", "2h", "--subject", "ci-test");
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ scope: "jobs:read", namespaces: ["team-a", "team-c", "team-d"], sub: "ci-test" });
    expect(claims.exp! - claims.iat!).toBe(7200);

    const { jobs } = clientsFor(hsServer, token);
    expect((await jobs.listJobs({ namespace: "team-a" })).jobs).toEqual(expect.any(Array));
    expect((await jobs.listJobs({ namespace: "team-d" })).jobs).toEqual([]);
    await expectRefusal(jobs.listJobs({ namespace: "team-b" }), Code.PermissionDenied, /not valid for namespace "team-b"/);
    await expectRefusal(jobs.submitJob({ namespace: "team-a", job: jobSpec("cli") }), Code.PermissionDenied, /needs scope "jobs:write"/);
  });

  it('defaults to the "default" namespace and a 24h lifetime, and takes several scopes', async () => {
    const token = (await mint("--scope", "jobs:write jobs:read")).stdout.trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ scope: "jobs:write jobs:read", namespaces: ["default"] });
    expect(claims.exp! - claims.iat!).toBe(86_400);
    const { jobs } = clientsFor(hsServer, token);
    const { job } = await jobs.submitJob({ job: jobSpec("cli") });
    expect((await jobs.getJob({ id: job!.id })).job!.namespace).toBe("default");
  });

  it("refuses unknown scopes, bad namespaces and bad lifetimes, exiting 2 and printing no token", async () => {
    for (const [args, message] of [
      [["--scope", "jobs:delete"], /--scope: unknown jobs:delete/],
      [["--scope", "worker", "--namespace", "Team.B"], /--namespace: "Team.B" is not a namespace name/],
      [["--scope", "worker", "--ttl", "forever"], /--ttl: "forever" is not a lifetime/],
    ] as const) {
      const error = await mint(...args).then(
        () => undefined,
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(error?.code, args.join(" ")).toBe(2);
      expect(error?.stdout).toBe("");
      expect(error?.stderr).toMatch(message);
    }
  });
});

describe("the rule for services this file does not know (added on other branches)", () => {
  it.each([
    ["conveyor.v1.AdminService", "PauseQueue", "admin"],
    ["conveyor.v1.AdminService", "ListQueues", "admin"],
    ["conveyor.v1.WorkerService", "Lease", "worker"],
    ["conveyor.v1.WorkflowService", "GetWorkflow", "jobs:read"],
    ["conveyor.v1.WorkflowService", "ListWorkflowRuns", "jobs:read"],
    ["conveyor.v1.WorkflowService", "WatchWorkflow", "jobs:read"],
    ["conveyor.v1.WorkflowService", "StartWorkflow", "jobs:write"],
    ["conveyor.v1.WorkflowService", "Getaway", "jobs:write"],
  ])("%s.%s needs %s", (service, method, scope) => {
    expect(requiredScope(service, method)).toBe(scope);
  });

  it('refuses a request without a namespace field unless the token is for "*": it would reach every namespace', async () => {
    // A method of an imagined service whose request (here HealthCheckRequest) has no `namespace`.
    const method = { name: "ListEverything", input: HealthCheckRequestSchema };
    const call = (token: string) =>
      authInterceptor(createTokenAuthenticator({ kind: "secret", secret: new TextEncoder().encode(secret), algorithms: ["HS256"] }, {}))(async () => ({}) as never)({
        stream: false,
        service: { typeName: "conveyor.v1.ReportService", name: "ReportService" },
        method,
        header: new Headers({ authorization: `Bearer ${token}` }),
        contextValues: createContextValues(),
        message: create(HealthCheckRequestSchema),
      } as never);
    await expect(call(await hs256({ scope: "jobs:read", namespaces: ["default"] }))).rejects.toThrow(/ReportService.ListEverything names no namespace, so it needs a token for all namespaces/);
    await expect(call(await hs256({ scope: "jobs:read", namespaces: ["*"] }))).resolves.toEqual({});
  });
});

/** Reads a server stream to its end (or its error). */
async function consume(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}
