import { create, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { JobLogLineSchema, JobProgressSchema, LogLevel, type JobLogLine, type JobProgress } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { JobReportsSchema, type JobReportSchema, type JobReports } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { HeldJob } from "./held-job.ts";
import type { WorkerLogger } from "./logger.ts";

export type JobLogLevel = "debug" | "info" | "warn" | "error";

export interface JobReporterOptions {
  /** Sends a batch on the Lease stream; false when no stream is up (the batch is then kept). */
  send(batch: JobReports): boolean;
  logger: WorkerLogger;
  /** Least time between two batches: the rate limit. Defaults to 200 ms. */
  intervalMs?: number;
  /** Log lines buffered across jobs, unsent or unacknowledged; more are dropped and counted. Defaults to 10,000. */
  maxBufferedLines?: number;
}

/** The server's limit per batch (job-reports/report-intake.ts). */
const MAX_LINES_PER_BATCH = 1_000;
/** Keeps a batch well under the server's message size limit. */
const MAX_BATCH_BYTES = 1024 * 1024;
/** Cut here already, so that no single line can make a batch too large; the server cuts further (4,096 by default). */
const MAX_MESSAGE_CHARS = 16_384;
const MAX_JSON_BYTES = 16_384;
/** A batch not acknowledged by then is given up (the stream is probably gone). */
const ACK_TIMEOUT_MS = 10_000;

const LEVELS: Record<JobLogLevel, LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

interface PendingReport {
  job: HeldJob;
  lines: JobLogLine[];
  progress: JobProgress | undefined;
  /** Lines dropped here (buffer full) since the last report sent. */
  dropped: number;
}

interface InFlight {
  batch: bigint;
  leases: Set<string>;
  lines: number;
  timer: NodeJS.Timeout;
}

/**
 * Carries ctx.progress() and ctx.log() to the server on the Lease stream, never blocking a
 * handler: calls only buffer. A timer sends at most one batch per interval, with one batch in
 * flight at a time (the server answers each with ReportsStored), so a handler that floods logs
 * costs its own worker a bounded buffer and the server a bounded rate. While disconnected, lines
 * wait in the buffer; past maxBufferedLines new lines are dropped and counted (the server adds the
 * count to the job's log_lines_dropped). Progress is coalesced: only the latest is sent.
 */
export class JobReporter {
  private readonly options: Required<JobReporterOptions>;
  /** By lease id, in the order jobs first reported. */
  private readonly pending = new Map<string, PendingReport>();
  private buffered = 0;
  private inFlight: InFlight | undefined;
  private nextBatch = 1n;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  private readonly settledWaiters = new Set<() => void>();

  constructor(options: JobReporterOptions) {
    this.options = { intervalMs: 200, maxBufferedLines: 10_000, ...options };
  }

  log(job: HeldJob, level: JobLogLevel, message: unknown, fields: unknown): void {
    const report = this.reportOf(job);
    if (this.buffered >= this.options.maxBufferedLines) {
      report.dropped++;
    } else {
      this.buffered++;
      report.lines.push(
        create(JobLogLineSchema, { level: LEVELS[level] ?? LogLevel.INFO, message: cut(String(message)), fields: jsonObject(fields), at: timestampNow() }),
      );
    }
    this.schedule();
  }

  progress(job: HeldJob, value: unknown, details: unknown): void {
    let percent: number | undefined;
    let detailsObject: unknown = details;
    if (typeof value === "number") {
      if (Number.isFinite(value)) percent = Math.min(100, Math.max(0, value));
    } else if (value !== null && typeof value === "object" && details === undefined) {
      detailsObject = value;
    }
    const json = jsonObject(detailsObject);
    if (percent === undefined && json === undefined) return;
    this.reportOf(job).progress = create(JobProgressSchema, { percent, details: json, at: timestampNow() });
    this.schedule();
  }

  /** The server stored a batch. */
  onStored(batch: bigint): void {
    if (this.inFlight?.batch !== batch) return;
    this.settleInFlight();
  }

  /** The stream is gone: an unanswered batch may or may not be stored; it is not sent again. */
  onDisconnected(): void {
    if (this.inFlight) this.settleInFlight();
  }

  /** The stream is up again: send what waited. */
  onConnected(): void {
    this.schedule();
  }

  /**
   * Sends what the job still has buffered and waits until the server stored it: the SDK calls this
   * before it completes a job, so that the job's last lines come before its end. Waits as long as
   * the server keeps acknowledging batches; gives up when the stream is down, or after
   * `idleTimeoutMs` without an acknowledgement. Resolves at once when nothing is buffered; never
   * rejects.
   */
  async flush(job: HeldJob, idleTimeoutMs: number): Promise<void> {
    while (this.holds(job.leaseId)) {
      if (!this.inFlight) {
        // Now, not after the interval: the job's report waits for this.
        clearTimeout(this.timer);
        this.timer = undefined;
        this.sendBatch();
        if (!this.inFlight) return; // the stream is down: its lease goes with it
      }
      const progressed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.settledWaiters.delete(wake);
          resolve(false);
        }, idleTimeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        this.settledWaiters.add(wake);
      });
      if (!progressed) return;
    }
  }

  /** The lease ended: what is still buffered for it can no longer be stored. */
  forget(job: HeldJob): void {
    const report = this.pending.get(job.leaseId);
    if (!report) return;
    this.buffered -= report.lines.length;
    this.pending.delete(job.leaseId);
  }

  /** Stops the timer; what is buffered is dropped. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.pending.clear();
    this.buffered = 0;
    this.wakeWaiters();
  }

  private holds(leaseId: string): boolean {
    return this.pending.has(leaseId) || (this.inFlight?.leases.has(leaseId) ?? false);
  }

  private reportOf(job: HeldJob): PendingReport {
    let report = this.pending.get(job.leaseId);
    if (!report) this.pending.set(job.leaseId, (report = { job, lines: [], progress: undefined, dropped: 0 }));
    return report;
  }

  /** Sends soon: after the interval since the last batch (at once when `now`), once nothing is in flight. */
  private schedule(now = false): void {
    if (this.pending.size === 0 || this.inFlight) return;
    const wait = now ? 0 : Math.max(0, this.lastSentAt + this.options.intervalMs - Date.now());
    if (this.timer && !now) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendBatch();
    }, wait);
    this.timer.unref();
  }

  /** Takes up to the batch limits from the pending reports, a fair share from each job in turn. */
  private sendBatch(): void {
    if (this.inFlight || this.pending.size === 0) return;
    const batch = this.nextBatch;
    const reports: MessageInitShape<typeof JobReportSchema>[] = [];
    const leases = new Set<string>();
    let lines = 0;
    let bytes = 0;
    const share = Math.max(1, Math.floor(MAX_LINES_PER_BATCH / this.pending.size));
    const taken: { report: PendingReport; lines: JobLogLine[]; progress: JobProgress | undefined; dropped: number }[] = [];
    for (const report of this.pending.values()) {
      const take: JobLogLine[] = [];
      while (take.length < share && lines < MAX_LINES_PER_BATCH && bytes < MAX_BATCH_BYTES && take.length < report.lines.length) {
        const line = report.lines[take.length]!;
        bytes += line.message.length + 64 + (line.fields ? JSON.stringify(line.fields).length : 0);
        take.push(line);
        lines++;
      }
      if (take.length === 0 && !report.progress && report.dropped === 0) continue;
      taken.push({ report, lines: take, progress: report.progress, dropped: report.dropped });
      reports.push({
        lease: { jobId: report.job.jobId, leaseId: report.job.leaseId },
        logs: take,
        progress: report.progress,
        droppedLogs: BigInt(report.dropped),
      });
      leases.add(report.job.leaseId);
      if (lines >= MAX_LINES_PER_BATCH || bytes >= MAX_BATCH_BYTES) break;
    }
    if (reports.length === 0) return;
    if (!this.options.send(create(JobReportsSchema, { batch, reports }))) return; // kept for the next connection
    this.nextBatch++;
    this.lastSentAt = Date.now();
    // Sent: take it out of the buffer.
    for (const { report, lines: sent, progress, dropped } of taken) {
      report.lines.splice(0, sent.length);
      this.buffered -= sent.length;
      if (report.progress === progress) report.progress = undefined;
      report.dropped -= dropped;
      if (report.lines.length === 0 && !report.progress && report.dropped === 0) this.pending.delete(report.job.leaseId);
    }
    const timer = setTimeout(() => {
      this.options.logger.warn({ batch: String(batch) }, "the server did not acknowledge job reports in time; sending the next ones");
      this.settleInFlight();
    }, ACK_TIMEOUT_MS);
    timer.unref();
    this.inFlight = { batch, leases, lines, timer };
  }

  private settleInFlight(): void {
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.wakeWaiters();
    this.schedule();
  }

  private wakeWaiters(): void {
    const waiters = [...this.settledWaiters];
    this.settledWaiters.clear();
    for (const wake of waiters) wake();
  }
}

function cut(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : message.slice(0, MAX_MESSAGE_CHARS);
}

/**
 * What user code passed as fields or details, as a JSON object for a Struct: Errors become
 * { name, message }, bigints strings, and what cannot be encoded (or is too large) a marker.
 */
function jsonObject(value: unknown): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Error) return { name: item.name, message: item.message };
      if (typeof item === "bigint") return item.toString();
      return item;
    });
  } catch {
    return { unserializable: true };
  }
  if (text === undefined) return undefined;
  if (text.length > MAX_JSON_BYTES) return { truncated: true };
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { value: parsed as never };
  return parsed as JsonObject;
}
