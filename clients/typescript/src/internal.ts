// Used by the entry points only; not part of the package's API.
import { createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { bearerToken, type CommonClientOptions, type ConveyorClient } from "./common.ts";
import { AccountService } from "./gen/conveyor/v1/account_service_pb.js";
import { AuthService } from "./gen/conveyor/v1/auth_service_pb.js";
import { AdminService } from "./gen/conveyor/v1/admin_service_pb.js";
import { JobService } from "./gen/conveyor/v1/job_service_pb.js";
import { ScheduleService } from "./gen/conveyor/v1/schedule_service_pb.js";
import { WorkerService } from "./gen/conveyor/v1/worker_service_pb.js";
import { WorkflowService } from "./gen/conveyor/v1/workflow_service_pb.js";
import { submitRetries } from "./submit-retries.ts";

export function interceptorsFor(options: CommonClientOptions): Interceptor[] {
  return [
    // Outermost: every retry goes through the token (a fresh one) and the caller's interceptors.
    ...(options.submitRetries !== false ? [submitRetries(options.submitRetries)] : []),
    ...(options.token !== undefined ? [bearerToken(options.token)] : []),
    ...(options.interceptors ?? []),
  ];
}

export function clientOver(transport: Transport, close: () => void = () => {}): ConveyorClient {
  return {
    jobs: createClient(JobService, transport),
    workers: createClient(WorkerService, transport),
    workflows: createClient(WorkflowService, transport),
    auth: createClient(AuthService, transport),
    accounts: createClient(AccountService, transport),
    schedules: createClient(ScheduleService, transport),
    admin: createClient(AdminService, transport),
    transport,
    close,
  };
}
