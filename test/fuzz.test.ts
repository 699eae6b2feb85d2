// The fuzz suite: random, mutated and malformed requests on every protocol the port speaks (gRPC
// over h2c, gRPC-Web, Connect JSON and binary, raw HTTP/1.0 and 1.1, raw HTTP/2), to every method
// of every service, half of them with authentication on. It asserts that the server stays up,
// that no answer is INTERNAL (bad input is the caller's mistake, never the server's), and that a
// refused write leaves nothing behind.
//
// Seeded and bounded: FUZZ_SEED=<n> replays a run (the seed is printed, and named on failure);
// FUZZ_TIME_MS (default 20000) bounds it in time, FUZZ_ITERATIONS=<n> runs exactly n cases
// instead, e.g. `FUZZ_ITERATIONS=100000 npx vitest run test/fuzz.test.ts` (npm run test:fuzz).
import http2 from "node:http2";
import net from "node:net";
import { toBinary, toJsonString, type DescMethod, type DescService, type Message } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { Health } from "@conveyor/client/gen/grpc/health/v1/health_pb.js";
import { ServerReflection } from "@conveyor/client/gen/grpc/reflection/v1/reflection_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { startServerWithAuth, type ServerWithAuth } from "./support/auth-server.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { mutateBytes, randomBytes, randomMessage, seededRandom, type Random } from "./support/fuzz-values.ts";

const SEED = Number(process.env["FUZZ_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
const ITERATIONS = process.env["FUZZ_ITERATIONS"] ? Number(process.env["FUZZ_ITERATIONS"]) : undefined;
const TIME_MS = Number(process.env["FUZZ_TIME_MS"] ?? 20_000);

const SERVICES: DescService[] = [JobService, WorkerService, ScheduleService, WorkflowService, AdminService, Health, ServerReflection];
const METHODS: DescMethod[] = SERVICES.flatMap((service) => service.methods);
/** Writes whose refusal must leave no row behind: the tables they write. */
const WRITES: Record<string, string[]> = {
  "conveyor.v1.JobService/SubmitJob": ["jobs"],
  "conveyor.v1.JobService/SubmitJobs": ["jobs"],
  "conveyor.v1.WorkflowService/SubmitWorkflow": ["workflows", "jobs"],
  "conveyor.v1.ScheduleService/CreateSchedule": ["schedules"],
};
type Protocol = "grpc" | "grpc-web" | "connect-json" | "connect-binary";
const PROTOCOLS: Protocol[] = ["grpc", "grpc-web", "connect-json", "connect-binary"];

const { installation, server } = useConveyor();
let secured: ServerWithAuth;
let token: string;

beforeAll(async () => {
  secured = await startServerWithAuth(installation);
  token = await secured.token("jobs:write jobs:read worker admin");
});

/** What one case found wrong, with what is needed to understand it. */
interface Finding {
  case: string;
  problem: string;
}

function transportFor(baseUrl: string, protocol: Protocol): Transport {
  if (protocol === "grpc") return createGrpcTransport({ baseUrl });
  if (protocol === "grpc-web") return createGrpcWebTransport({ baseUrl, httpVersion: "1.1" });
  return createConnectTransport({ baseUrl, httpVersion: protocol === "connect-json" ? "1.1" : "2", useBinaryFormat: protocol === "connect-binary" });
}

/** How many rows the tables hold, leaving out jobs that schedules fire on their own meanwhile. */
async function rowCounts(tables: string[]): Promise<string> {
  const counts: number[] = [];
  for (const table of tables) {
    const where = table === "jobs" ? " where schedule_id is null" : "";
    const [row] = await installation.sql<{ n: number }>(`select count(*)::int as n from ${table}${where}`);
    counts.push(row!.n);
  }
  return counts.join(",");
}

/** Ids from answers, so that later requests reach existing jobs, leases, schedules and workflows. */
function collectIds(value: unknown, ids: string[], depth = 0): void {
  if (depth > 6 || value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" && /id$/i.test(key) && /^[0-9a-f-]{36}$/.test(item)) {
      if (ids.length > 200) ids.splice(0, 1);
      ids.push(item);
    } else collectIds(item, ids, depth + 1);
  }
}

/** How the RPC cases were answered, by code: printed, to show what the run reached. */
const answers = new Map<string, number>();
const tally = (code: string) => answers.set(code, (answers.get(code) ?? 0) + 1);

/** An RPC through a real client: a random message of the method's input, on a random protocol. */
async function fuzzRpc(random: Random, ids: string[], label: string[]): Promise<Finding | undefined> {
  const method = random.pick(METHODS);
  let protocol = random.pick(PROTOCOLS);
  const withAuth = random.chance(0.5);
  const message = randomMessage(method.input, random, { ids, hostility: random.pick([0.05, 0.2, 0.5]) });
  // What the client itself cannot encode (a Timestamp out of range in JSON) never leaves it.
  if (protocol === "connect-json" && !encodes(() => toJsonString(method.input, message))) protocol = "grpc";
  const baseUrl = withAuth ? secured.server.url : server().url;
  const headers: Record<string, string> = {};
  if (withAuth) headers["authorization"] = random.chance(0.8) ? `Bearer ${token}` : random.pick(["Bearer ", "Bearer x.y.z", "Basic Zm9v", `Bearer ${token}x`]);
  label.push(`${method.parent.typeName}/${method.name} via ${protocol}${withAuth ? " (auth on)" : ""}`);
  const client = createClient(method.parent, transportFor(baseUrl, protocol)) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = client[method.localName]!;
  const writes = WRITES[`${method.parent.typeName}/${method.name}`];
  const before = writes ? await rowCounts(writes) : undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), method.methodKind === "unary" ? 10_000 : 500);
  try {
    if (method.methodKind === "unary") {
      collectIds(await (call(message, { headers, signal: abort.signal }) as Promise<unknown>), ids);
      tally("OK");
    } else if (method.methodKind === "server_streaming") {
      for await (const response of call(message, { headers, signal: abort.signal }) as AsyncIterable<unknown>) {
        collectIds(response, ids);
        break;
      }
    } else {
      const requests = (async function* () {
        yield message;
        for (let i = random.int(3); i > 0; i--) {
          const next = randomMessage(method.input, random, { ids, hostility: 0.2 });
          // As for the first message: what the client cannot encode in JSON never leaves it (it
          // would fail in the client with INTERNAL, which is no answer of the server's).
          if (protocol === "connect-json" && !encodes(() => toJsonString(method.input, next))) continue;
          yield next;
        }
      })();
      for await (const response of call(requests, { headers, signal: abort.signal }) as AsyncIterable<unknown>) collectIds(response, ids);
    }
  } catch (thrown) {
    const error = ConnectError.from(thrown);
    tally(Code[error.code]);
    if (error.code === Code.Internal) return { case: label.join(" "), problem: `INTERNAL: ${error.rawMessage}` };
    if (before !== undefined && error.code !== Code.Canceled && error.code !== Code.DeadlineExceeded) {
      const after = await rowCounts(writes!);
      if (after !== before) return { case: label.join(" "), problem: `refused with ${Code[error.code]} but rows changed ${before} -> ${after}` };
    }
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}

function encodes(encode: () => unknown): boolean {
  try {
    encode();
    return true;
  } catch {
    return false;
  }
}

/** A message's bytes, damaged, in the envelopes gRPC and gRPC-Web frame them in (flags, length). */
function damagedEnvelope(random: Random, body: Uint8Array): Uint8Array {
  const flags = random.pick([0, 0, 0, 1, 0x80, 0xff]);
  const declared = random.pick([body.length, body.length, body.length + 10, Math.max(0, body.length - 1), 0xffffffff, 0]);
  const header = Buffer.alloc(5);
  header.writeUInt8(flags, 0);
  header.writeUInt32BE(declared >>> 0, 1);
  const framed = Buffer.concat([header, body]);
  return random.chance(0.2) ? framed.subarray(0, random.int(framed.length + 1)) : framed;
}

function messageBytes(random: Random, method: DescMethod, ids: string[]): Uint8Array {
  const bytes = toBinary(method.input, randomMessage(method.input, random, { ids, hostility: 0.3 }) as Message);
  return random.chance(0.7) ? mutateBytes(bytes, random) : randomBytes(random);
}

/** gRPC on a raw HTTP/2 stream: odd headers, damaged frames; the trailers must not say INTERNAL (13). */
async function fuzzRawGrpc(random: Random, ids: string[], label: string[]): Promise<Finding | undefined> {
  const method = random.pick(METHODS);
  label.push(`raw gRPC ${method.parent.typeName}/${method.name}`);
  const session = http2.connect(server().url);
  session.on("error", () => {});
  try {
    const headers: http2.OutgoingHttpHeaders = {
      ":method": random.pick(["POST", "POST", "POST", "GET", "PUT"]),
      ":path": `/${method.parent.typeName}/${method.name}`,
      "content-type": random.pick(["application/grpc", "application/grpc+proto", "application/grpc+json", "application/grpc+garbage", "text/plain"]),
    };
    if (random.chance(0.8)) headers["te"] = "trailers";
    if (random.chance(0.3)) headers["grpc-timeout"] = random.pick(["1S", "abc", "99999999999H", "0m", "-1S", "1n"]);
    if (random.chance(0.2)) headers["grpc-encoding"] = random.pick(["gzip", "identity", "snappy", "\t"]);
    const stream = session.request(headers);
    stream.on("error", () => {});
    let status: string | undefined;
    let statusMessage: string | undefined;
    const read = (headers: http2.IncomingHttpHeaders) => {
      status = (headers["grpc-status"] as string | undefined) ?? status;
      statusMessage = (headers["grpc-message"] as string | undefined) ?? statusMessage;
    };
    stream.on("response", read);
    stream.on("trailers", read);
    stream.on("data", () => {});
    const frames = Array.from({ length: 1 + random.int(2) }, () => damagedEnvelope(random, messageBytes(random, method, ids)));
    for (const frame of frames) stream.write(frame);
    if (random.chance(0.9)) stream.end();
    await new Promise<void>((resolve) => {
      // A valid call may stay open (a Lease stream): its status is not what this looks for.
      const timer = setTimeout(() => resolve(), 1_000);
      stream.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (status === String(Code.Internal)) return { case: label.join(" "), problem: `grpc-status 13 (INTERNAL): ${statusMessage}` };
  } finally {
    session.destroy();
  }
  return undefined;
}

/** Connect unary and gRPC-Web over HTTP/1.1 with damaged bodies: the answer must not say internal. */
async function fuzzHttpBody(random: Random, ids: string[], label: string[]): Promise<Finding | undefined> {
  const method = random.pick(METHODS);
  const grpcWeb = random.chance(0.4);
  label.push(`${grpcWeb ? "gRPC-Web" : "Connect"} body ${method.parent.typeName}/${method.name}`);
  const headers: Record<string, string> = {};
  let body: Uint8Array;
  if (grpcWeb) {
    headers["content-type"] = random.pick(["application/grpc-web+proto", "application/grpc-web", "application/grpc-web-text", "application/grpc-web+json"]);
    body = damagedEnvelope(random, messageBytes(random, method, ids));
  } else {
    headers["content-type"] = random.pick(["application/proto", "application/json", "application/json; charset=utf-16", "text/plain", "application/connect+proto"]);
    if (random.chance(0.3)) headers["connect-protocol-version"] = random.pick(["1", "2", ""]);
    if (random.chance(0.2)) headers["connect-timeout-ms"] = random.pick(["-1", "abc", "99999999999", "0"]);
    body = headers["content-type"].includes("json")
      ? new TextEncoder().encode(random.pick(['{"job":', "[]", "null", '{"namespace":"\\u0000"}', '{"id":"\\ud800"}', '{"job":{"queue":"q","type":"t","runAt":"2024-02-30T00:00:00Z"}}', "{".repeat(5000), '{"pageSize":1e400}']))
      : messageBytes(random, method, ids);
  }
  const verb = random.pick(["POST", "POST", "POST", "GET"]);
  const posted = await fetch(`${server().url}/${method.parent.typeName}/${method.name}`, {
    method: verb,
    headers,
    body: verb === "POST" ? Buffer.from(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (!posted) return undefined;
  const text = Buffer.from(await posted.arrayBuffer().catch(() => new ArrayBuffer(0))).toString("latin1");
  if (posted.headers.get("grpc-status") === String(Code.Internal) || /grpc-status:\s*13\b/.test(text) || /"code":"internal"/.test(text)) {
    return { case: label.join(" "), problem: `INTERNAL: HTTP ${posted.status} ${text.slice(0, 300)}` };
  }
  return undefined;
}

/** Bytes straight onto the port: broken HTTP/1.0 and 1.1 requests, an HTTP/2 preface and garbage. */
async function fuzzRawSocket(random: Random, ids: string[], label: string[]): Promise<Finding | undefined> {
  const method = random.pick(METHODS);
  const path = `/${method.parent.typeName}/${method.name}`;
  const json = JSON.stringify({ id: random.pick(ids.length ? ids : ["x"]), namespace: random.pick(["", "\u0000"]) });
  const requests = [
    `POST ${path} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${json}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: ${random.pick(["", "a b", "[::1", "%00", "x".repeat(5000)])}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}`,
    `GET ${path}?encoding=json&message=${encodeURIComponent(json)}&connect=v1 HTTP/1.1\r\nHost: x\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(70_000)}\r\n\r\n`,
    `${"\u0000".repeat(10)} / HTTP/1.1\r\n\r\n`,
    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + Buffer.from(randomBytes(random, 64)).toString("latin1"),
    Buffer.from(randomBytes(random, 512)).toString("latin1"),
  ];
  const request = random.pick(requests);
  label.push(`raw socket: ${JSON.stringify(request.slice(0, 60))}`);
  const answer = await new Promise<string>((resolve) => {
    const socket = net.connect(server().port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString("latin1"));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, 2_000);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // HTTP/1.1 keeps the connection open after an answer: its first bytes and a moment more suffice.
      setTimeout(() => socket.destroy(), 100);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      done();
    });
    socket.write(Buffer.from(request, "latin1"));
  });
  if (/"code":"internal"/.test(answer) || /grpc-status: 13\b/.test(answer)) return { case: label.join(" "), problem: `INTERNAL: ${answer.slice(0, 300)}` };
  return undefined;
}

async function stillServes(): Promise<void> {
  for (const url of [server().url, secured.server.url]) {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status, `seed ${SEED}: ${url} stopped answering /healthz`).toBe(200);
  }
}

describe("fuzzing every method on every protocol", () => {
  it(`stays up, never answers INTERNAL, and leaves nothing half-written (seed ${SEED})`, { timeout: ITERATIONS ? 0 : TIME_MS + 60_000 }, async () => {
    console.log(`fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED}`);
    const random = seededRandom(SEED);
    const ids: string[] = [];
    const findings: Finding[] = [];
    const counts = { rpc: 0, rawGrpc: 0, httpBody: 0, rawSocket: 0 };
    const started = Date.now();
    for (let i = 0; ITERATIONS !== undefined ? i < ITERATIONS : Date.now() - started < TIME_MS; i++) {
      const label = [`#${i}`];
      const roll = random.next();
      let finding: Finding | undefined;
      if (roll < 0.6) {
        counts.rpc++;
        finding = await fuzzRpc(random, ids, label);
      } else if (roll < 0.75) {
        counts.rawGrpc++;
        finding = await fuzzRawGrpc(random, ids, label);
      } else if (roll < 0.9) {
        counts.httpBody++;
        finding = await fuzzHttpBody(random, ids, label);
      } else {
        counts.rawSocket++;
        finding = await fuzzRawSocket(random, ids, label);
      }
      if (finding) findings.push(finding);
      if (i % 200 === 199) await stillServes();
    }
    console.log(`fuzz seed ${SEED}: ${JSON.stringify(counts)} cases in ${Date.now() - started} ms, ${findings.length} findings; RPC answers ${JSON.stringify(Object.fromEntries(answers))}`);
    for (const finding of findings) console.log(`fuzz finding ${finding.case}: ${finding.problem}`);
    await stillServes();
    expect(findings, `seed ${SEED} (replay with FUZZ_SEED=${SEED})`).toEqual([]);
  });
});
