import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";

/** Clients over real gRPC (HTTP/2), the protocol most callers use. */
export function grpcClients(baseUrl: string): { jobs: Client<typeof JobService>; workers: Client<typeof WorkerService> } {
  const transport = createGrpcTransport({ baseUrl });
  return { jobs: createClient(JobService, transport), workers: createClient(WorkerService, transport) };
}

/** A JobService client speaking Connect JSON over HTTP/1.1, like curl. */
export function connectJsonJobClient(baseUrl: string): Client<typeof JobService> {
  return createClient(JobService, createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false }));
}

/** A WorkflowService client over real gRPC (HTTP/2). */
export function workflowClient(baseUrl: string): Client<typeof WorkflowService> {
  return createClient(WorkflowService, createGrpcTransport({ baseUrl }));
}
