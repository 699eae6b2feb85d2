// Health and reflection against a stock gRPC client (grpc-js + proto-loader), no database needed.
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthStatusRegistry, ServingStatus, registerHealthService } from "../server/src/api/grpc-health.ts";
import { registerReflectionService } from "../server/src/api/grpc-reflection.ts";

const protoDir = fileURLToPath(new URL("../third_party/proto", import.meta.url));

// proto-loader clients are untyped; these are the shapes we read (keepCase, enums as strings, oneofs).
type HealthClient = grpc.Client & {
  Check(req: { service: string }, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
  Watch(req: { service: string }): grpc.ClientReadableStream<{ status: string }>;
};
type ReflectionResponse = {
  message_response: string;
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
};
type ReflectionClient = grpc.Client & {
  ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse>;
};

const registry = new HealthStatusRegistry();
const sessions = new Set<http2.ServerHttp2Session>();
const clients: grpc.Client[] = [];
let server: http2.Http2Server;
let health: HealthClient;
let reflectionV1: ReflectionClient;
let reflectionV1alpha: ReflectionClient;

function loadClient<T>(file: string, service: string, address: string): T {
  const def = protoLoader.loadSync(file, { includeDirs: [protoDir], keepCase: true, enums: String, oneofs: true });
  const ctor = service.split(".").reduce<any>((pkg, name) => pkg[name], grpc.loadPackageDefinition(def));
  const client = new ctor(address, grpc.credentials.createInsecure());
  clients.push(client);
  return client;
}

function check(service: string): Promise<string> {
  return new Promise((resolve, reject) =>
    health.Check({ service }, (err, res) => (err ? reject(err) : resolve(res!.status))),
  );
}

/** One request on a fresh reflection stream, the way grpcurl asks. */
function reflect(client: ReflectionClient, request: object): Promise<ReflectionResponse> {
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.once("data", (res: ReflectionResponse) => {
      resolve(res);
      call.end();
    });
    call.once("error", reject);
    call.write(request);
  });
}

/** Resolves with the next message of a stream, failing the test instead of hanging. */
function nextMessage<T>(stream: grpc.ClientReadableStream<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message within 2s")), 2000);
    stream.once("data", (msg: T) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

beforeAll(async () => {
  const routes = (router: ConnectRouter) => {
    registerHealthService(router, registry);
    registerReflectionService(router, [JobService, WorkerService]);
  };
  server = http2.createServer(connectNodeAdapter({ routes }));
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  health = loadClient("grpc/health/v1/health.proto", "grpc.health.v1.Health", address);
  reflectionV1 = loadClient("grpc/reflection/v1/reflection.proto", "grpc.reflection.v1.ServerReflection", address);
  reflectionV1alpha = loadClient("grpc/reflection/v1alpha/reflection.proto", "grpc.reflection.v1alpha.ServerReflection", address);
});

afterAll(async () => {
  for (const client of clients) client.close();
  for (const session of sessions) session.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describe("grpc.health.v1.Health", () => {
  it("reports the server as SERVING", async () => {
    expect(await check("")).toBe("SERVING");
  });

  it("answers NOT_FOUND for an unknown service", async () => {
    await expect(check("no.such.Service")).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it("streams status changes to Watch, starting with SERVICE_UNKNOWN", async () => {
    const call = health.Watch({ service: "conveyor.v1.JobService" });
    call.on("error", () => {}); // the CANCELLED from call.cancel() below
    try {
      expect((await nextMessage(call)).status).toBe("SERVICE_UNKNOWN");
      const next = nextMessage(call);
      registry.set("conveyor.v1.JobService", ServingStatus.SERVING);
      expect((await next).status).toBe("SERVING");
      expect(await check("conveyor.v1.JobService")).toBe("SERVING");
    } finally {
      call.cancel();
    }
  });
});

describe("grpc.reflection ServerReflectionInfo", () => {
  it("lists our services and its own", async () => {
    const res = await reflect(reflectionV1, { list_services: "*" });
    const names = res.list_services_response!.service.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "conveyor.v1.JobService",
        "conveyor.v1.WorkerService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
      ]),
    );
  });

  it.each([
    ["v1", () => reflectionV1],
    ["v1alpha", () => reflectionV1alpha],
  ])("%s: file_containing_symbol returns the file and its transitive imports", async (_, client) => {
    const res = await reflect(client(), { file_containing_symbol: "conveyor.v1.JobService" });
    expect(res.message_response).toBe("file_descriptor_response");
    const files = res.file_descriptor_response!.file_descriptor_proto.map(
      (bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name,
    );
    expect(files[0]).toBe("conveyor/v1/job_service.proto");
    expect(files).toEqual(
      expect.arrayContaining(["conveyor/v1/job.proto", "google/protobuf/timestamp.proto"]),
    );
  });

  it("resolves methods and well-known types, and files by name", async () => {
    const method = await reflect(reflectionV1, { file_containing_symbol: "conveyor.v1.WorkerService.Lease" });
    expect(fromBinary(FileDescriptorProtoSchema, method.file_descriptor_response!.file_descriptor_proto[0]!).name).toBe(
      "conveyor/v1/worker_service.proto",
    );
    const byName = await reflect(reflectionV1, { file_by_filename: "google/protobuf/duration.proto" });
    expect(byName.file_descriptor_response!.file_descriptor_proto).toHaveLength(1);
  });

  it("answers an unknown symbol with error_response NOT_FOUND on the stream", async () => {
    const res = await reflect(reflectionV1, { file_containing_symbol: "no.such.Symbol" });
    expect(res.error_response?.error_code).toBe(grpc.status.NOT_FOUND);
  });
});

// Last, because shutdown() is final for the shared registry.
describe("HealthStatusRegistry.shutdown", () => {
  it("reports NOT_SERVING to watchers and ends their streams", async () => {
    const call = health.Watch({ service: "" });
    const ended = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    expect((await nextMessage(call)).status).toBe("SERVING");
    const next = nextMessage(call);
    registry.shutdown();
    expect((await next).status).toBe("NOT_SERVING");
    expect((await ended).code).toBe(grpc.status.OK);
    expect(await check("")).toBe("NOT_SERVING");
  });
});
