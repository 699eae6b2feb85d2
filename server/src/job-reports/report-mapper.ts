import { create, type JsonObject } from "@bufbuild/protobuf";
import { JobLogLineSchema, JobProgressSchema, LogLevel, type JobLogLine, type JobProgress } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { toTimestamp } from "../api/time-conversions.ts";
import type { JobEventRow } from "../store/job-row.ts";
import type { JobLogRow, JobReportRow } from "../store/job-report-store.ts";

/** The job's latest progress; undefined when it never reported any. */
export function toProtoProgress(row: JobReportRow | undefined): JobProgress | undefined {
  if (!row || row.progress_sequence === null) return undefined;
  return create(JobProgressSchema, {
    percent: row.progress_percent ?? undefined,
    details: (row.progress_details ?? undefined) as JsonObject | undefined,
    at: toTimestamp(row.progress_at),
    sequence: BigInt(row.progress_sequence),
    attempt: row.progress_attempt ?? 0,
  });
}

export function toProtoLogLine(row: JobLogRow): JobLogLine {
  return create(JobLogLineSchema, {
    sequence: BigInt(row.id),
    level: LogLevel[row.level],
    message: row.message,
    fields: (row.fields ?? undefined) as JsonObject | undefined,
    at: toTimestamp(row.at),
    attempt: row.attempt,
  });
}

/** One message of a watch: a transition, a log line or a progress report, at its place in the job's order. */
export type WatchItem =
  | { sequence: bigint; jobId: string; kind: "event"; event: JobEventRow }
  | { sequence: bigint; jobId: string; kind: "log"; log: JobLogLine }
  | { sequence: bigint; jobId: string; kind: "progress"; progress: JobProgress };

/** Events and reports in the order they were stored (they share job_events' sequence). */
export function mergeBySequence(events: readonly JobEventRow[], reports: { logs: JobLogRow[]; progress: JobReportRow[] }): WatchItem[] {
  const items: WatchItem[] = [
    ...events.map((event) => ({ sequence: BigInt(event.id), jobId: event.job_id, kind: "event" as const, event })),
    ...reports.logs.map((row) => ({ sequence: BigInt(row.id), jobId: row.job_id, kind: "log" as const, log: toProtoLogLine(row) })),
    ...reports.progress.map((row) => ({ sequence: BigInt(row.progress_sequence!), jobId: row.job_id, kind: "progress" as const, progress: toProtoProgress(row)! })),
  ];
  return items.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
}

