import type { JsonObject } from "@bufbuild/protobuf";
import { LogLevel, type JobLogLine } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobReport } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { JobReportInput, LogLevelName } from "../store/job-report-store.ts";
import { fromTimestamp } from "../api/time-conversions.ts";

/** The size limits of reported progress and log lines (config: progressMaxBytes, jobLogMax*). */
export interface ReportLimits {
  maxMessageChars: number;
  maxFieldsBytes: number;
  maxProgressBytes: number;
  /** Lines per JobReports batch; later ones are dropped and counted. */
  maxLinesPerBatch: number;
}

const TRUNCATED = "...[truncated]";
/** Worker clocks drift; a time further off than this is replaced by the server's. */
const MAX_CLOCK_SKEW_MS = 24 * 3_600_000;

const LEVELS: Record<LogLevel, LogLevelName> = {
  [LogLevel.UNSPECIFIED]: "INFO",
  [LogLevel.DEBUG]: "DEBUG",
  [LogLevel.INFO]: "INFO",
  [LogLevel.WARN]: "WARN",
  [LogLevel.ERROR]: "ERROR",
};

/**
 * Text Postgres can store: no NUL (text and jsonb refuse it) and no lone surrogate (jsonb refuses
 * the escape JSON.stringify writes for one).
 */
function storable(text: string): string {
  return text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}

function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storable(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storableJson(item)]));
  }
  return value;
}

/** The struct as JSON text when it fits in maxBytes; `undefined` when it does not; null for none. */
function structText(struct: JsonObject | undefined, maxBytes: number): string | null | undefined {
  if (!struct) return null;
  const json = storableJson(struct) as JsonObject;
  if (Object.keys(json).length === 0) return null;
  const text = JSON.stringify(json);
  return Buffer.byteLength(text) <= maxBytes ? text : undefined;
}

function reportedAt(line: { at?: JobLogLine["at"] }, now: Date): Date {
  if (!line.at) return now;
  const ms = Number(line.at.seconds) * 1000 + line.at.nanos / 1e6;
  return Number.isFinite(ms) && Math.abs(ms - now.getTime()) <= MAX_CLOCK_SKEW_MS ? new Date(ms) : now;
}

function cutMessage(message: string, maxChars: number): string {
  const text = storable(message);
  if (text.length <= maxChars) return text;
  // Cut on a code point boundary: half a surrogate pair is not storable.
  return text.slice(0, maxChars - TRUNCATED.length).replace(/[\uD800-\uDBFF]$/, "") + TRUNCATED;
}

/**
 * A JobReport as the store takes it, cut to the limits: what breaks one is cut or dropped, never
 * refused, since a handler cannot fix a report it no longer holds. `linesLeft` is what is left of
 * the batch's line budget; returns the input and the lines it used.
 */
export function toReportInput(
  report: Pick<JobReport, "progress" | "logs" | "droppedLogs"> & { jobId: string; leaseId: string },
  limits: ReportLimits,
  linesLeft: number,
  now: Date,
): { input: JobReportInput; lines: number } {
  const kept = report.logs.slice(0, Math.max(0, linesLeft));
  const logs = kept.map((line) => {
    const fields = structText(line.fields, limits.maxFieldsBytes);
    return {
      level: LEVELS[line.level] ?? "INFO",
      message: cutMessage(line.message, limits.maxMessageChars),
      fields: fields === undefined ? JSON.stringify({ truncated: true }) : fields,
      at: reportedAt(line, now),
    };
  });
  let progress: JobReportInput["progress"];
  if (report.progress) {
    const { percent, details } = report.progress;
    const usable = percent !== undefined && Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : null;
    const text = structText(details, limits.maxProgressBytes);
    progress = { percent: usable, details: text ?? null, at: reportedAt(report.progress, now) };
  }
  const dropped = Math.max(0, Math.min(Number(report.droppedLogs), Number.MAX_SAFE_INTEGER)) + (report.logs.length - kept.length);
  return { input: { jobId: report.jobId, leaseId: report.leaseId, progress, logs, dropped }, lines: kept.length };
}
