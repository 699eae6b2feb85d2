// The job lifecycle as a table: every transition, where it may start, where it ends.
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { describe, expect, it } from "vitest";
import { fromProtoState, toProtoState } from "../server/src/api/job-mapper.ts";
import {
  IllegalTransitionError,
  JOB_STATES,
  TERMINAL_STATES,
  assertCanApply,
  canApply,
  isTerminal,
  transitions,
  type JobStateName,
  type TransitionName,
} from "../server/src/jobs/job-state-machine.ts";

/** The lifecycle drawn in job.proto, written out once more by hand. */
const expected: Record<TransitionName, { from: JobStateName[]; to: JobStateName }> = {
  schedule: { from: [], to: "SCHEDULED" },
  enqueue: { from: [], to: "READY" },
  promote: { from: ["SCHEDULED", "RETRY_SCHEDULED"], to: "READY" },
  lease: { from: ["READY"], to: "RUNNING" },
  complete: { from: ["RUNNING"], to: "SUCCEEDED" },
  retry_later: { from: ["RUNNING"], to: "RETRY_SCHEDULED" },
  bury: { from: ["RUNNING"], to: "DEAD" },
  release: { from: ["RUNNING"], to: "READY" },
  cancel: { from: ["SCHEDULED", "READY", "RUNNING", "RETRY_SCHEDULED", "BLOCKED"], to: "CANCELLED" },
  revive: { from: ["DEAD", "CANCELLED"], to: "READY" },
  // Workflow tasks: wait for their dependencies, then run or are skipped; a revived dependency
  // brings a skipped task back to waiting.
  block: { from: [], to: "BLOCKED" },
  unblock: { from: ["BLOCKED"], to: "READY" },
  skip: { from: ["BLOCKED"], to: "SKIPPED" },
  unskip: { from: ["SKIPPED"], to: "BLOCKED" },
};

const names = Object.keys(expected) as TransitionName[];

describe("job state machine", () => {
  it("defines exactly the expected transitions", () => {
    expect(Object.keys(transitions).sort()).toEqual([...names].sort());
  });

  it.each(names)("%s: goes from the expected states to the expected state", (name) => {
    const transition = transitions[name];
    expect(transition.name).toBe(name);
    expect([...transition.from].sort()).toEqual([...expected[name].from].sort());
    expect(transition.to).toBe(expected[name].to);
  });

  // Every (transition, state) pair, so that a widened or narrowed `from` list cannot go unnoticed.
  const pairs = names.flatMap((name) => JOB_STATES.map((state) => [name, state, expected[name].from.includes(state)] as const));
  it.each(pairs)("%s from %s: allowed = %s", (name, state, allowed) => {
    expect(canApply(transitions[name], state)).toBe(allowed);
    if (allowed) expect(() => assertCanApply(transitions[name], state)).not.toThrow();
    else expect(() => assertCanApply(transitions[name], state)).toThrow(IllegalTransitionError);
  });

  it("has the four terminal states of job.proto", () => {
    expect([...TERMINAL_STATES].sort()).toEqual(["CANCELLED", "DEAD", "SKIPPED", "SUCCEEDED"]);
    expect(JOB_STATES.filter(isTerminal).sort()).toEqual(["CANCELLED", "DEAD", "SKIPPED", "SUCCEEDED"]);
  });

  it("leaves terminal states only through revive (unskip for SKIPPED), and SUCCEEDED not at all", () => {
    const way: Record<string, string[]> = { SUCCEEDED: [], DEAD: ["revive"], CANCELLED: ["revive"], SKIPPED: ["unskip"] };
    for (const state of TERMINAL_STATES) {
      const leaving = names.filter((name) => canApply(transitions[name], state));
      expect(leaving).toEqual(way[state]);
    }
  });

  it("lets every non-terminal state be cancelled", () => {
    for (const state of JOB_STATES.filter((s) => !isTerminal(s))) expect(canApply(transitions.cancel, state)).toBe(true);
  });

  it("reaches every state", () => {
    expect(new Set(names.map((name) => transitions[name].to))).toEqual(new Set(JOB_STATES));
  });

  it.each([
    ["complete", "READY"],
    ["lease", "SUCCEEDED"],
    ["lease", "RUNNING"],
    ["promote", "READY"],
    ["revive", "READY"],
    ["cancel", "CANCELLED"],
    ["bury", "RETRY_SCHEDULED"],
    ["lease", "BLOCKED"],
    ["unblock", "SKIPPED"],
    ["skip", "READY"],
    ["unskip", "DEAD"],
    ["revive", "SKIPPED"],
  ] as const)("refuses to %s a job that is %s with an IllegalTransitionError", (name, state) => {
    let thrown: unknown;
    try {
      assertCanApply(transitions[name], state);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    const error = thrown as IllegalTransitionError;
    expect(error.name).toBe("IllegalTransitionError");
    expect(error.transition).toBe(transitions[name]);
    expect(error.state).toBe(state);
    expect(error.message).toContain(`cannot ${name} a job that is ${state}`);
  });

  it("never lets a workflow task run before its dependencies release it", () => {
    // BLOCKED leads only to READY (its dependencies allowed it), SKIPPED or CANCELLED.
    const leaving = names.filter((name) => canApply(transitions[name], "BLOCKED")).sort();
    expect(leaving).toEqual(["cancel", "skip", "unblock"]);
  });

  it("names the states a creation transition cannot start from", () => {
    expect(() => assertCanApply(transitions.enqueue, "READY")).toThrow("allowed from nothing");
  });

  it("matches the JobState enum of the API, both ways", () => {
    const protoNames = Object.keys(JobState).filter((key) => Number.isNaN(Number(key)) && key !== "UNSPECIFIED");
    expect([...JOB_STATES].sort()).toEqual(protoNames.sort());
    for (const state of JOB_STATES) expect(fromProtoState(toProtoState(state))).toBe(state);
    expect(fromProtoState(JobState.UNSPECIFIED)).toBeUndefined();
  });
});
