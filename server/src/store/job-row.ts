import type { JobStateName } from "../jobs/job-state-machine.ts";
import type { JobNotifications } from "./notification-store.ts";

/** A row of `jobs` as the SQL modules return it. */
export interface JobRow {
  id: string;
  namespace: string;
  queue: string;
  type: string;
  payload: Record<string, unknown> | null;
  payload_bytes: Buffer | null;
  priority: number;
  run_at: Date;
  max_attempts: number;
  attempt: number;
  attempt_base: number;
  backoff_initial_ms: number;
  backoff_multiplier: number;
  backoff_max_ms: number;
  backoff_jitter: number;
  timeout_ms: number;
  idempotency_key: string | null;
  labels: Record<string, string>;
  state: JobStateName;
  result: Record<string, unknown> | null;
  result_bytes: Buffer | null;
  last_error: string | null;
  lease_id: string | null;
  lease_worker_id: string | null;
  lease_expires_at: Date | null;
  attempt_started_at: Date | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  announced_at: Date | null;
  /** The schedule that fired the job, and the fire time it fired for; null for submitted jobs. */
  schedule_id: string | null;
  scheduled_for: Date | null;
  /** Called when the job finishes; null when the job has none of its own. */
  webhook_url: string | null;
  /** The job's own notification choices; null when it has none. */
  notifications: JobNotifications | null;
  /** W3C trace context of the submitting request ("traceparent", maybe "tracestate"); null when untraced. */
  trace_context: Record<string, string> | null;
  /** The workflow the job is a task of, and its task name; null for jobs outside workflows. */
  workflow_id: string | null;
  task_name: string | null;
  /** Workflow tasks only: parents not finished yet, and parents that finished without succeeding. */
  pending_parents: number | null;
  failed_parents: number | null;
  failure_policy: FailurePolicyName | null;
}

/** What becomes of a workflow task when a task it depends on does not succeed. */
export type FailurePolicyName = "SKIP_DESCENDANTS" | "CONTINUE";

export interface AttemptRow {
  job_id: string;
  number: number;
  worker_id: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: string;
  error: string | null;
}

export interface JobEventRow {
  id: string;
  job_id: string;
  from_state: JobStateName | null;
  to_state: JobStateName;
  attempt: number;
  worker_id: string | null;
  message: string | null;
  at: Date;
}

/** A job to insert, already validated and with defaults applied. */
export interface NewJob {
  id: string;
  queue: string;
  type: string;
  payload: Record<string, unknown> | null;
  payloadBytes: Buffer | null;
  priority: number;
  /** An absolute run time, or null for "now + delayMs" by the database's clock. */
  runAt: Date | null;
  delayMs: number;
  maxAttempts: number;
  backoffInitialMs: number;
  backoffMultiplier: number;
  backoffMaxMs: number;
  backoffJitter: number;
  timeoutMs: number;
  idempotencyKey: string | null;
  labels: Record<string, string>;
  /** Set for a job fired by a schedule: one job per (schedule, fire time). */
  scheduleId?: string | null;
  scheduledFor?: Date | null;
  /** Called when the job finishes (overrides the queue's webhook). */
  webhookUrl?: string | null;
  /** Who hears of the outcome (store/notification-store.ts); null defers to the queue. */
  notifications?: JobNotifications | null;
  /** Set for a workflow task. */
  workflow?: { id: string; taskName: string; parents: number; failurePolicy: FailurePolicyName };
}
