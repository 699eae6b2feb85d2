// Used by the entry points only; not part of the package's API.
import { createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { bearerToken, type CommonClientOptions, type ConveyorClient } from "./common.ts";
import { AdminService } from "./gen/conveyor/v1/admin_service_pb.js";
import { JobService } from "./gen/conveyor/v1/job_service_pb.js";
import { ScheduleService } from "./gen/conveyor/v1/schedule_service_pb.js";
import { WorkerService } from "./gen/conveyor/v1/worker_service_pb.js";
import { WorkflowService } from "./gen/conveyor/v1/workflow_service_pb.js";

export function interceptorsFor(options: CommonClientOptions): Interceptor[] {
  return [...(options.token !== undefined ? [bearerToken(options.token)] : []), ...(options.interceptors ?? [])];
}

export function clientOver(transport: Transport, close: () => void = () => {}): ConveyorClient {
  return {
    jobs: createClient(JobService, transport),
    workers: createClient(WorkerService, transport),
    workflows: createClient(WorkflowService, transport),
    schedules: createClient(ScheduleService, transport),
    admin: createClient(AdminService, transport),
    transport,
    close,
  };
}
