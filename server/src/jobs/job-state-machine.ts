/**
 * The job lifecycle, in one place.
 *
 * ┌─────────────────────────────────────────────────────────────────────────────────────────────┐
 * │ Every change of a job's state goes through a Transition defined here. The SQL that applies  │
 * │ a transition guards its UPDATE with `state = any(transition.from)`, so a transition that is │
 * │ illegal for the job's current state changes nothing, even when two servers race.          │
 * └─────────────────────────────────────────────────────────────────────────────────────────────┘
 */
export const JOB_STATES = ["SCHEDULED", "READY", "RUNNING", "RETRY_SCHEDULED", "SUCCEEDED", "DEAD", "CANCELLED", "BLOCKED", "SKIPPED"] as const;
export type JobStateName = (typeof JOB_STATES)[number];

export const TERMINAL_STATES: readonly JobStateName[] = ["SUCCEEDED", "DEAD", "CANCELLED", "SKIPPED"];

/** Terminal states that count as a failure for the workflow tasks depending on the job. */
export const UNSUCCESSFUL_STATES: readonly JobStateName[] = ["DEAD", "CANCELLED", "SKIPPED"];

export interface Transition {
  readonly name: TransitionName;
  readonly from: readonly JobStateName[];
  readonly to: JobStateName;
}

const definitions = {
  /** A submitted job whose run_at has not come yet waits. */
  schedule: { from: [], to: "SCHEDULED" },
  /** A submitted job that is due (or due within the lease-ahead: its worker waits) goes straight to its queue. */
  enqueue: { from: [], to: "READY" },
  /** run_at or the backoff has elapsed, or is within the lease-ahead. */
  promote: { from: ["SCHEDULED", "RETRY_SCHEDULED"], to: "READY" },
  /** A worker took it. */
  lease: { from: ["READY"], to: "RUNNING" },
  complete: { from: ["RUNNING"], to: "SUCCEEDED" },
  /** An attempt failed and attempts remain. */
  retry_later: { from: ["RUNNING"], to: "RETRY_SCHEDULED" },
  /** An attempt failed for good: non-retryable, or the last one. */
  bury: { from: ["RUNNING"], to: "DEAD" },
  /** The worker gave the job back unrun (drain, shutdown, stream closed): no attempt is charged. */
  release: { from: ["RUNNING"], to: "READY" },
  cancel: { from: ["SCHEDULED", "READY", "RUNNING", "RETRY_SCHEDULED", "BLOCKED"], to: "CANCELLED" },
  /** RetryJob: a dead or cancelled job gets a fresh set of attempts. */
  revive: { from: ["DEAD", "CANCELLED"], to: "READY" },
  /** A workflow task submitted with dependencies waits for them. */
  block: { from: [], to: "BLOCKED" },
  /** A workflow task's dependencies have all finished, as its failure policy requires. */
  unblock: { from: ["BLOCKED"], to: "READY" },
  /** A dependency of a workflow task did not succeed, and the task's policy is to skip. */
  skip: { from: ["BLOCKED"], to: "SKIPPED" },
  /** RetryJob revived the dependency that caused the skip: the task waits again. */
  unskip: { from: ["SKIPPED"], to: "BLOCKED" },
} as const satisfies Record<string, { from: readonly JobStateName[]; to: JobStateName }>;

export type TransitionName = keyof typeof definitions;

export const transitions: { readonly [N in TransitionName]: Transition } = Object.fromEntries(
  Object.entries(definitions).map(([name, def]) => [name, { name, ...def }]),
) as unknown as { [N in TransitionName]: Transition };

export function isTerminal(state: JobStateName): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Whether `transition` may be applied to a job in `state`. */
export function canApply(transition: Transition, state: JobStateName): boolean {
  return transition.from.includes(state);
}

export class IllegalTransitionError extends Error {
  override name = "IllegalTransitionError";
  readonly transition: Transition;
  readonly state: JobStateName;

  constructor(transition: Transition, state: JobStateName) {
    super(`cannot ${transition.name} a job that is ${state} (allowed from ${transition.from.join(", ") || "nothing"})`);
    this.transition = transition;
    this.state = state;
  }
}

export function assertCanApply(transition: Transition, state: JobStateName): void {
  if (!canApply(transition, state)) throw new IllegalTransitionError(transition, state);
}
