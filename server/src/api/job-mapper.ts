import { create } from "@bufbuild/protobuf";
import {
  AttemptOutcome,
  AttemptSchema,
  JobEventSchema,
  JobSchema,
  JobState,
  PayloadSchema,
  type Attempt,
  type Job,
  type JobEvent,
  type Payload,
} from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobStateName } from "../jobs/job-state-machine.ts";
import type { AttemptRow, JobEventRow, JobRow } from "../store/job-row.ts";
import { msToDuration, toTimestamp } from "./time-conversions.ts";
import type { JobReportRow } from "../store/job-report-store.ts";
import { toProtoProgress } from "../job-reports/report-mapper.ts";

export function toProtoState(state: JobStateName): JobState {
  return JobState[state];
}

export function fromProtoState(state: JobState): JobStateName | undefined {
  const name = JobState[state] as string | undefined;
  return name === undefined || name === "UNSPECIFIED" ? undefined : (name as JobStateName);
}

export function toPayload(json: Record<string, unknown> | null, bytes: Buffer | null): Payload | undefined {
  if (json !== null) return create(PayloadSchema, { kind: { case: "json", value: json as never } });
  if (bytes !== null) return create(PayloadSchema, { kind: { case: "binary", value: new Uint8Array(bytes) } });
  return undefined;
}

/** The API's view of a job row; `attempts` and `report` (progress, dropped lines) only when the caller loaded them. */
export function toProtoJob(row: JobRow, attempts?: AttemptRow[], report?: JobReportRow): Job {
  return create(JobSchema, {
    id: row.id,
    namespace: row.namespace,
    queue: row.queue,
    type: row.type,
    payload: toPayload(row.payload, row.payload_bytes),
    priority: row.priority,
    runAt: toTimestamp(row.run_at),
    maxAttempts: row.max_attempts,
    backoff: {
      initial: msToDuration(row.backoff_initial_ms),
      multiplier: row.backoff_multiplier,
      max: msToDuration(row.backoff_max_ms),
      jitter: row.backoff_jitter,
    },
    timeout: msToDuration(row.timeout_ms),
    idempotencyKey: row.idempotency_key ?? "",
    labels: row.labels,
    state: toProtoState(row.state),
    attempt: row.attempt,
    attempts: attempts ? withRunningAttempt(row, attempts).map(toProtoAttempt) : [],
    result: toPayload(row.result, row.result_bytes),
    lastError: row.last_error ?? "",
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
    finishedAt: toTimestamp(row.finished_at),
    scheduleId: row.schedule_id ?? "",
    scheduledFor: toTimestamp(row.scheduled_for),
    webhookUrl: row.webhook_url ?? "",
    workflowId: row.workflow_id ?? "",
    taskName: row.task_name ?? "",
    progress: toProtoProgress(report),
    logLinesDropped: report ? BigInt(report.log_lines_dropped) : 0n,
    notifications: row.notifications ? toProtoNotifications(row.notifications) : undefined,
  });
}

export function toProtoNotifications(stored: { webhook_on: readonly string[] | null; email_to: readonly string[]; email_on: readonly string[] | null }) {
  const states = (names: readonly string[] | null) => (names ?? []).map((name) => toProtoState(name as JobStateName));
  return { webhookOn: states(stored.webhook_on), emailTo: [...stored.email_to], emailOn: states(stored.email_on) };
}

/** Finished attempts are rows of job_attempts; the one in progress lives on the job row itself. */
function withRunningAttempt(row: JobRow, attempts: AttemptRow[]): AttemptRow[] {
  if (row.state !== "RUNNING" || !row.attempt_started_at) return attempts;
  return [
    ...attempts,
    {
      job_id: row.id,
      number: row.attempt,
      worker_id: row.lease_worker_id ?? "",
      started_at: row.attempt_started_at,
      finished_at: null,
      outcome: "RUNNING",
      error: null,
    },
  ];
}

function toProtoAttempt(row: AttemptRow): Attempt {
  return create(AttemptSchema, {
    number: row.number,
    workerId: row.worker_id,
    startedAt: toTimestamp(row.started_at),
    finishedAt: toTimestamp(row.finished_at),
    outcome: AttemptOutcome[row.outcome as keyof typeof AttemptOutcome] ?? AttemptOutcome.UNSPECIFIED,
    error: row.error ?? "",
  });
}

export function toProtoEvent(row: JobEventRow): JobEvent {
  return create(JobEventSchema, {
    sequence: BigInt(row.id),
    jobId: row.job_id,
    fromState: row.from_state ? toProtoState(row.from_state) : JobState.UNSPECIFIED,
    toState: toProtoState(row.to_state),
    at: toTimestamp(row.at),
    attempt: row.attempt,
    workerId: row.worker_id ?? "",
    message: row.message ?? "",
  });
}
