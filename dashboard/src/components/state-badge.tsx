import { JobState } from "@conveyor/client";
import { WorkflowState } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";

/** Each state has a colour and also a glyph and its name, so that colour is never the only cue. */
export const STATE_GLYPHS: Record<string, string> = {
  SCHEDULED: "◷",
  READY: "○",
  RUNNING: "▶",
  RETRY_SCHEDULED: "↻",
  SUCCEEDED: "✓",
  DEAD: "✕",
  CANCELLED: "⊘",
  BLOCKED: "⋯",
  SKIPPED: "↷",
  FAILED: "✕",
};

export function jobStateName(state: JobState): string {
  return JobState[state] ?? "UNSPECIFIED";
}

export function workflowStateName(state: WorkflowState): string {
  return WorkflowState[state] ?? "UNSPECIFIED";
}

export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge state-${state}`} data-state={state}>
      <span aria-hidden="true">{STATE_GLYPHS[state] ?? "•"}</span> {state.replace("_", " ").toLowerCase()}
    </span>
  );
}
