// The TypeScript client's Node entry point (clients/typescript/src/index.ts: createConveyorClient)
// against a live server, over each protocol it offers: gRPC, Connect (binary over HTTP/2, JSON over
// HTTP/1.1) and gRPC-Web. The browser entry point runs in Chromium in clients-browser.test.ts.
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Code,
  ConnectError,
  JobState,
  createConveyorClient,
  isTerminal,
  jsonPayload,
  payloadJson,
  stateName,
  type ConveyorClient,
  type ConveyorClientOptions,
  type LeaseRequestSchema,
  type WatchJobResponse,
} from "@conveyor/client";
import { fileURLToPath } from "node:url";
import { expectExampleToWatchWithToken, startServerWithAuth, type ServerWithAuth } from "./support/auth-server.ts";
import { describeRun, run, startProcess } from "./support/client-toolchains.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { rpcError, within } from "./support/rpc.ts";

const { installation, server } = useConveyor();

const variants: { name: string; options: ConveyorClientOptions; bidi: boolean }[] = [
  { name: "gRPC (HTTP/2)", options: { protocol: "grpc" }, bidi: true },
  { name: "Connect binary (HTTP/2)", options: { protocol: "connect" }, bidi: true },
  { name: "Connect JSON (HTTP/1.1)", options: { protocol: "connect", json: true, httpVersion: "1.1" }, bidi: false },
  { name: "gRPC-Web (HTTP/1.1)", options: { protocol: "grpc-web", httpVersion: "1.1" }, bidi: false },
];

async function collect(stream: AsyncIterable<WatchJobResponse>, into: WatchJobResponse[], firstSeen: () => void): Promise<void> {
  for await (const message of stream) {
    into.push(message);
    firstSeen();
  }
}

describe.each(variants)("createConveyorClient over $name", ({ name, options, bidi }) => {
  let conveyor: ConveyorClient;
  const namespace = `ts-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`.replace(/-+$/, "");

  beforeAll(() => {
    conveyor = createConveyorClient(server().url, { ...options, token: "not-checked-by-the-server-yet", defaultTimeoutMs: 10_000 });
  });
  afterAll(() => conveyor?.close());

  it("submits a job with a JSON payload and reads it back", async () => {
    const submitted = await conveyor.jobs.submitJob({
      namespace,
      job: { queue: "ts", type: "resize", priority: 2, labels: { client: "ts" }, payload: jsonPayload({ width: 640, name: "cat.png" }) },
    });
    expect(submitted.created).toBe(true);
    expect(submitted.job?.state).toBe(JobState.READY);
    const { job } = await conveyor.jobs.getJob({ namespace, id: submitted.job!.id });
    expect(job).toMatchObject({ id: submitted.job!.id, namespace, queue: "ts", type: "resize", priority: 2, labels: { client: "ts" } });
    expect(payloadJson(job?.payload)).toEqual({ width: 640, name: "cat.png" });
  });

  it("streams WatchJob: the READY snapshot, then CANCELLED, then the end", async () => {
    const { job } = await conveyor.jobs.submitJob({ namespace, job: { queue: "ts", type: "watched" } });
    const messages: WatchJobResponse[] = [];
    let seen!: () => void;
    const first = new Promise<void>((resolve) => (seen = resolve));
    const done = collect(conveyor.jobs.watchJob({ namespace, id: job!.id }), messages, seen);
    await within(first, 5_000, "WatchJob snapshot");
    expect(messages[0]?.job?.state).toBe(JobState.READY);
    expect(messages[0]?.event).toBeUndefined();

    await conveyor.jobs.cancelJob({ namespace, id: job!.id, reason: `from ${name}` });
    await within(done, 5_000, "WatchJob end");
    expect(messages).toHaveLength(2);
    expect(messages[1]?.event).toMatchObject({ fromState: JobState.READY, toState: JobState.CANCELLED, message: `from ${name}` });
    expect(isTerminal(messages[1]!.job!.state)).toBe(true);
    expect(stateName(messages[1]!.job!.state)).toBe("CANCELLED");
  });

  it("fails with the server's code and message", async () => {
    const invalid = await rpcError(conveyor.jobs.submitJob({ job: { queue: "", type: "t" } }));
    expect(invalid).toBeInstanceOf(ConnectError);
    expect(invalid.code).toBe(Code.InvalidArgument);
    expect(invalid.rawMessage).toBe("job.queue: is required");
    const missing = await rpcError(conveyor.jobs.getJob({ id: "0190d8a4-0000-7000-8000-000000000000" }));
    expect(missing.code).toBe(Code.NotFound);
  });

  // Lease is a bidirectional stream, which needs HTTP/2.
  if (bidi) it("runs a job as a worker: Lease, Complete, and WatchJob reaches SUCCEEDED", async () => {
    const queue = `ts-work-${Date.now()}`;
    const requests = leaseRequests(namespace, queue);
    const abort = new AbortController();
    const pushed = conveyor.workers.lease(requests, { signal: abort.signal, timeoutMs: 0 })[Symbol.asyncIterator]();
    try {
      const ack = await within(pushed.next(), 5_000, "LeaseOpen acknowledgement");
      expect(ack.value?.message).toMatchObject({ case: "jobs", value: { jobs: [] } });
      const { job } = await conveyor.jobs.submitJob({ namespace, job: { queue, type: "double", payload: jsonPayload({ n: 21 }) } });
      const next = await within(pushed.next(), 5_000, "pushed job");
      if (next.value?.message.case !== "jobs") throw new Error(`expected jobs, got ${next.value?.message.case}`);
      const [leased] = next.value.message.value.jobs;
      expect(leased?.job?.id).toBe(job!.id);
      const n = payloadJson(leased!.job!.payload)!["n"] as number;
      const { results } = await conveyor.workers.complete({
        namespace,
        completions: [{ lease: { jobId: job!.id, leaseId: leased!.leaseId }, result: jsonPayload({ n: n * 2 }) }],
      });
      expect(results[0]?.accepted).toBe(true);
      requests.finish();
      expect((await within(pushed.next(), 5_000, "end of the Lease stream")).done).toBe(true);

      const updates: WatchJobResponse[] = [];
      for await (const update of conveyor.jobs.watchJob({ namespace, id: job!.id })) updates.push(update);
      expect(updates.map((u) => u.job?.state)).toEqual([JobState.SUCCEEDED]);
      expect(payloadJson(updates[0]?.job?.result)).toEqual({ n: 42 });
    } finally {
      abort.abort();
    }
  });
});

describe("the README's example (clients/typescript/examples/submit-and-watch.ts)", () => {
  it("runs under plain Node until the job it watches is cancelled", async () => {
    const script = fileURLToPath(new URL("../clients/typescript/examples/submit-and-watch.ts", import.meta.url));
    const example = startProcess(process.execPath, [script, server().url, `ts-example-${Date.now()}`], {});
    try {
      const submitted = await example.waitForLine(/^submitted /, 10_000);
      await example.waitForLine(/^READY$/, 10_000);
      await grpcClients(server().url).jobs.cancelJob({ id: submitted.slice("submitted ".length) });
      const result = await example.exited;
      expect(result.code, describeRun("submit-and-watch.ts", result)).toBe(0);
      expect(example.lines.filter(Boolean)).toEqual([submitted, "READY", "CANCELLED"]);
    } finally {
      example.kill();
    }
  });

  describe("against a server with authentication on", () => {
    const script = fileURLToPath(new URL("../clients/typescript/examples/submit-and-watch.ts", import.meta.url));
    let secured: ServerWithAuth;
    beforeAll(async () => {
      secured = await startServerWithAuth(installation);
    });

    it("sends CONVEYOR_TOKEN on every call, the watchJob stream included", async () => {
      await expectExampleToWatchWithToken(
        secured,
        (token) => startProcess(process.execPath, [script, secured.server.url, `ts-token-${Date.now()}`], { env: { ...process.env, CONVEYOR_TOKEN: token } }),
        { name: "submit-and-watch.ts", states: ["READY", "CANCELLED"] },
      );
    });

    it("fails with unauthenticated without CONVEYOR_TOKEN", async () => {
      // undefined drops a CONVEYOR_TOKEN this process inherited
      const result = await run(process.execPath, [script, secured.server.url, "ts-no-token"], { env: { ...process.env, CONVEYOR_TOKEN: undefined }, timeoutMs: 10_000 });
      expect(result.code, describeRun("submit-and-watch.ts", result)).toBe(1);
      expect(result.stderr).toContain("[unauthenticated] no token");
    });
  });
});

/** LeaseOpen, then (on finish()) LeaseDrain and the end of the stream. */
function leaseRequests(namespace: string, queue: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  async function* requests(): AsyncGenerator<MessageInitShape<typeof LeaseRequestSchema>> {
    yield { message: { case: "open", value: { namespace, workerId: "ts-client-test", queues: [queue], capacity: 1 } } };
    await finished;
    yield { message: { case: "drain", value: {} } };
  }
  return Object.assign(requests(), { finish });
}

describe("createConveyorClient sends the token", () => {
  // A stand-in server that records each request's headers and refuses it with 401.
  const seen: http.IncomingHttpHeaders[] = [];
  const refuse = (req: { headers: http.IncomingHttpHeaders }, res: { writeHead(status: number, headers: Record<string, string>): unknown; end(body: string): unknown }) => {
    seen.push(req.headers);
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "unauthenticated", message: "recorded" }));
  };
  const h1 = http.createServer(refuse);
  const h2 = http2.createServer(refuse);
  const urlOf = (s: http.Server | http2.Http2Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    await Promise.all([h1, h2].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
  });
  afterAll(async () => {
    h1.closeAllConnections();
    await Promise.all([h1, h2].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it.each([
    ["grpc", "2"],
    ["connect", "2"],
    ["connect", "1.1"],
    ["grpc-web", "1.1"],
  ] as const)("as a bearer token over %s (HTTP/%s), from a string or a function called per request", async (protocol, httpVersion) => {
    const server = httpVersion === "2" ? h2 : h1;
    const fixed = createConveyorClient(urlOf(server), { protocol, httpVersion, token: "s3cret" });
    let issued = 0;
    const rotating = createConveyorClient(urlOf(server), { protocol, httpVersion, token: async () => `t${++issued}` });
    try {
      seen.length = 0;
      for (const call of [fixed.jobs.getJob({ id: "x" }), rotating.jobs.getJob({ id: "x" }), rotating.jobs.getJob({ id: "x" })]) {
        expect((await rpcError(call)).code).toBe(Code.Unauthenticated);
      }
      // A call's own authorization header wins.
      await rpcError(fixed.jobs.getJob({ id: "x" }, { headers: { authorization: "Basic abc" } }));
      expect(seen.map((headers) => headers["authorization"])).toEqual(["Bearer s3cret", "Bearer t1", "Bearer t2", "Basic abc"]);
    } finally {
      fixed.close();
      rotating.close();
    }
  });

  it("refuses gRPC over HTTP/1.1 with a clear error", () => {
    expect(() => createConveyorClient("http://127.0.0.1:1", { protocol: "grpc", httpVersion: "1.1" })).toThrow(/gRPC needs HTTP\/2/);
  });
});
