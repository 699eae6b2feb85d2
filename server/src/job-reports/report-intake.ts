import type { JobReports } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { Logger } from "pino";
import type { Config } from "../config/config.ts";
import type { Queryable } from "../store/database.ts";
import { storeJobReports, type JobReportInput } from "../store/job-report-store.ts";
import { toReportInput, type ReportLimits } from "./report-limits.ts";

/** Reports per JobReports batch; later ones are ignored. */
export const MAX_REPORTS_PER_BATCH = 1_000;
/** Log lines per JobReports batch, across its reports; later ones are dropped and counted. */
export const MAX_LINES_PER_BATCH = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function reportLimitsOf(config: Config): ReportLimits {
  return {
    maxMessageChars: config.jobLogMaxMessageChars,
    maxFieldsBytes: config.jobLogMaxFieldsBytes,
    maxProgressBytes: config.progressMaxBytes,
    maxLinesPerBatch: MAX_LINES_PER_BATCH,
  };
}

/**
 * Stores one JobReports batch from a worker's Lease stream. Nothing in it fails the stream: a
 * report naming no valid lease is skipped (and logged), lines and values past the limits are cut
 * or dropped and counted. Several reports of one job in a batch are merged (the store takes one
 * row per job). Resolves once the batch is committed.
 */
export async function storeReportBatch(db: Queryable, config: Config, namespace: string, batch: JobReports, log: Logger): Promise<void> {
  const limits = reportLimitsOf(config);
  const now = new Date();
  let linesLeft = limits.maxLinesPerBatch;
  const byJob = new Map<string, JobReportInput>();
  let skipped = 0;
  for (const report of batch.reports.slice(0, MAX_REPORTS_PER_BATCH)) {
    const jobId = report.lease?.jobId ?? "";
    const leaseId = report.lease?.leaseId ?? "";
    if (!UUID.test(jobId) || !UUID.test(leaseId)) {
      skipped++;
      continue;
    }
    const { input, lines } = toReportInput({ ...report, jobId: jobId.toLowerCase(), leaseId: leaseId.toLowerCase() }, limits, linesLeft, now);
    linesLeft -= lines;
    const earlier = byJob.get(input.jobId);
    if (!earlier || earlier.leaseId !== input.leaseId) byJob.set(input.jobId, input);
    else {
      earlier.logs.push(...input.logs);
      earlier.dropped += input.dropped;
      earlier.progress = input.progress ?? earlier.progress;
    }
  }
  skipped += Math.max(0, batch.reports.length - MAX_REPORTS_PER_BATCH);
  if (skipped > 0) log.warn({ skipped, batch: batch.batch }, "ignored job reports without a valid lease, or past the batch limit");
  await storeJobReports(db, namespace, [...byJob.values()], config.jobLogMaxLines);
}
