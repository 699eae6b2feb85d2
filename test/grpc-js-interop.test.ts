// JobService from a stock @grpc/grpc-js client built with @grpc/proto-loader from the .proto files,
// the way a caller who never saw our TypeScript code talks to the server.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useConveyor } from "./support/conveyor-harness.ts";
import { within } from "./support/rpc.ts";

const { installation, server } = useConveyor();

const protoDir = fileURLToPath(new URL("../proto", import.meta.url));
// proto-loader (through protobufjs) ships the google/protobuf well-known types.
const wellKnownTypesDir = dirname(createRequire(import.meta.url).resolve("protobufjs/package.json"));

// proto-loader clients are untyped; these are the shapes we read (camelCase, longs and enums as strings).
interface Job {
  id: string;
  namespace: string;
  queue: string;
  type: string;
  state: string;
  priority: number;
  maxAttempts: number;
  attempt: number;
  timeout: { seconds: string; nanos: number } | null;
  payload: { kind?: string; json?: { fields: Record<string, unknown> }; binary?: Buffer } | null;
  labels: Record<string, string>;
  finishedAt: { seconds: string; nanos: number } | null;
}
interface JobEvent {
  sequence: string;
  jobId: string;
  fromState: string;
  toState: string;
  message: string;
}
interface WatchJobResponse {
  job: Job | null;
  event: JobEvent | null;
}
type Unary<Req, Res> = (request: Req, callback: (error: grpc.ServiceError | null, response?: Res) => void) => grpc.ClientUnaryCall;
type JobServiceClient = grpc.Client & {
  SubmitJob: Unary<object, { job: Job; created: boolean }>;
  GetJob: Unary<object, { job: Job }>;
  ListJobs: Unary<object, { jobs: Job[]; nextPageToken: string }>;
  CancelJob: Unary<object, { job: Job }>;
  WatchJob(request: object): grpc.ClientReadableStream<WatchJobResponse>;
};

let client: JobServiceClient;

function call<Res>(method: Unary<object, Res>, request: object): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, (error, response) => (error ? reject(error) : resolve(response!)));
  });
}

function serviceError(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail, but it succeeded");
    },
    (error: grpc.ServiceError) => error,
  );
}

beforeAll(() => {
  const definition = protoLoader.loadSync("conveyor/v1/job_service.proto", {
    includeDirs: [protoDir, wellKnownTypesDir],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    conveyor: { v1: { JobService: new (address: string, credentials: grpc.ChannelCredentials) => JobServiceClient } };
  };
  client = new loaded.conveyor.v1.JobService(`127.0.0.1:${server().port}`, grpc.credentials.createInsecure());
});

afterAll(() => client?.close());

describe("JobService from grpc-js", () => {
  it("submits a job with a JSON payload and reads it back with GetJob", async () => {
    const submitted = await call(client.SubmitJob, {
      namespace: "interop",
      job: {
        queue: "grpc-js",
        type: "resize",
        priority: 4,
        payload: { json: { fields: { width: { numberValue: 640 }, name: { stringValue: "cat.png" } } } },
        labels: { client: "grpc-js" },
      },
    });
    expect(submitted.created).toBe(true);
    expect(submitted.job).toMatchObject({
      namespace: "interop",
      queue: "grpc-js",
      type: "resize",
      state: "JOB_STATE_READY",
      priority: 4,
      maxAttempts: 5,
      timeout: { seconds: "1800", nanos: 0 },
      labels: { client: "grpc-js" },
    });

    const { job } = await call(client.GetJob, { namespace: "interop", id: submitted.job.id });
    expect(job.id).toBe(submitted.job.id);
    expect(job.payload?.kind).toBe("json");
    expect(job.payload?.json?.fields).toMatchObject({
      width: { numberValue: 640, kind: "numberValue" },
      name: { stringValue: "cat.png", kind: "stringValue" },
    });
    const [row] = await installation.sql("select payload from jobs where id = $1", [job.id]);
    expect(row?.["payload"]).toEqual({ width: 640, name: "cat.png" });
  });

  it("round-trips a binary payload", async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const { job } = await call(client.SubmitJob, { job: { queue: "grpc-js", type: "raw", payload: { binary: bytes } } });
    const fetched = await call(client.GetJob, { id: job.id });
    expect(fetched.job.payload?.kind).toBe("binary");
    expect(Buffer.compare(fetched.job.payload!.binary!, bytes)).toBe(0);
  });

  it("lists jobs newest first, filtered by state names", async () => {
    const first = await call(client.SubmitJob, { namespace: "interop-list", job: { queue: "q", type: "t" } });
    const second = await call(client.SubmitJob, { namespace: "interop-list", job: { queue: "q", type: "t" } });
    await call(client.CancelJob, { namespace: "interop-list", id: first.job.id });

    const all = await call(client.ListJobs, { namespace: "interop-list" });
    expect(all.jobs.map((j) => j.id)).toEqual([second.job.id, first.job.id]);
    expect(all.nextPageToken).toBe("");
    const cancelled = await call(client.ListJobs, { namespace: "interop-list", states: ["JOB_STATE_CANCELLED"] });
    expect(cancelled.jobs.map((j) => j.id)).toEqual([first.job.id]);
  });

  it("streams WatchJob: the snapshot, then the CANCELLED event, then status OK", async () => {
    const { job } = await call(client.SubmitJob, { job: { queue: "grpc-js", type: "watched" } });
    const stream = client.WatchJob({ id: job.id });
    const messages: WatchJobResponse[] = [];
    let delivered: () => void;
    const firstArrived = new Promise<void>((resolve) => (delivered = resolve));
    stream.on("data", (message: WatchJobResponse) => {
      messages.push(message);
      delivered();
    });
    const status = new Promise<grpc.StatusObject>((resolve) => stream.on("status", resolve));
    const ended = new Promise<void>((resolve) => stream.on("end", resolve));
    stream.on("error", () => {}); // reported through "status" as well

    await within(firstArrived, 5_000, "WatchJob snapshot");
    expect(messages[0]!.job?.state).toBe("JOB_STATE_READY");
    expect(messages[0]!.event).toBeNull();

    await call(client.CancelJob, { id: job.id, reason: "from grpc-js" });
    expect((await within(status, 5_000, "WatchJob status")).code).toBe(grpc.status.OK);
    await within(ended, 5_000, "WatchJob end");

    expect(messages).toHaveLength(2);
    expect(messages[1]!.event).toMatchObject({
      jobId: job.id,
      fromState: "JOB_STATE_READY",
      toState: "JOB_STATE_CANCELLED",
      message: "from grpc-js",
    });
    expect(Number(messages[1]!.event!.sequence)).toBeGreaterThan(0);
    expect(messages[1]!.job?.state).toBe("JOB_STATE_CANCELLED");
    expect(messages[1]!.job?.finishedAt).not.toBeNull();
  });

  it("gets INVALID_ARGUMENT (3) with the field in the details", async () => {
    const error = await serviceError(call(client.SubmitJob, { job: { queue: "", type: "t" } }));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.code).toBe(3);
    // Exactly as the server wrote it: not "job.queue%3A is required".
    expect(error.details).toBe("job.queue: is required");
  });

  it("reads messages with non-ASCII text, '%' and punctuation exactly as the server wrote them", async () => {
    const error = await serviceError(call(client.SubmitJob, { job: { queue: "q", type: "t", labels: { "naïve 100%": "v" } } }));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe(`job.labels: key "naïve 100%": label keys are 1 to 63 letters, digits, '_', '.', '/' or '-'`);
  });

  it("gets NOT_FOUND (5) for an unknown job, on unary calls and on WatchJob", async () => {
    const id = "0190d8a4-0000-7000-8000-000000000000";
    const error = await serviceError(call(client.GetJob, { id }));
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toContain(id);

    const stream = client.WatchJob({ id });
    const status = await within(
      new Promise<grpc.StatusObject>((resolve) => {
        stream.on("error", () => {});
        stream.on("status", resolve);
        stream.on("data", () => {});
      }),
      5_000,
      "WatchJob status",
    );
    expect(status.code).toBe(grpc.status.NOT_FOUND);
  });

  it("gets FAILED_PRECONDITION (9) for cancelling a finished job", async () => {
    const { job } = await call(client.SubmitJob, { job: { queue: "grpc-js", type: "t" } });
    await call(client.CancelJob, { id: job.id });
    const error = await serviceError(call(client.CancelJob, { id: job.id }));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});
