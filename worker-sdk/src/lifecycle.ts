import { IllegalStateTransitionError } from "./errors.ts";

/**
 * idle: handlers are being registered. running: connected (or reconnecting) and taking jobs.
 * draining: stop() was called; no new jobs, the held ones finish. stopped: for good.
 */
export type WorkerState = "idle" | "running" | "draining" | "stopped";

const ALLOWED: Record<WorkerState, readonly WorkerState[]> = {
  idle: ["running", "stopped"],
  running: ["draining"],
  draining: ["stopped"],
  stopped: [],
};

const HINTS: Partial<Record<`${WorkerState}->${WorkerState}`, string>> = {
  "running->running": "run() was already called",
  "draining->running": "the worker is stopping; create a new one",
  "stopped->running": "a stopped worker cannot run again; create a new one",
};

/** The worker's lifecycle as an explicit state machine: an illegal transition throws. */
export class Lifecycle {
  private current: WorkerState = "idle";
  private readonly onChange: (state: WorkerState, previous: WorkerState) => void;

  constructor(onChange: (state: WorkerState, previous: WorkerState) => void) {
    this.onChange = onChange;
  }

  get state(): WorkerState {
    return this.current;
  }

  canMoveTo(next: WorkerState): boolean {
    return ALLOWED[this.current].includes(next);
  }

  moveTo(next: WorkerState): void {
    const previous = this.current;
    if (!ALLOWED[previous].includes(next)) throw new IllegalStateTransitionError(previous, next, HINTS[`${previous}->${next}`]);
    this.current = next;
    this.onChange(next, previous);
  }
}
