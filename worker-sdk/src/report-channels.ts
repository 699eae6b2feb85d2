import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { LeaseOutcome } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { BackoffOptions } from "./backoff.ts";
import type { FailureReport } from "./errors.ts";
import type { HeldJob } from "./held-job.ts";
import { alignOutcomes } from "./lease-outcomes.ts";
import type { WorkerLogger } from "./logger.ts";
import { ReportBatcher } from "./report-batcher.ts";
import { reportHeaders } from "./job-tracing.ts";
import { isRefusedContent, isTransient, RPC_TIMEOUT_MS, type WorkerServiceClient } from "./rpc.ts";

export interface CompletionItem {
  job: HeldJob;
  result: Payload | undefined;
}

export interface FailureItem {
  job: HeldJob;
  failure: FailureReport;
}

/** The three unary RPCs, each behind its own group-committing batcher. */
export interface ReportChannels {
  completions: ReportBatcher<CompletionItem, LeaseOutcome>;
  failures: ReportBatcher<FailureItem, LeaseOutcome>;
  heartbeats: ReportBatcher<HeldJob, LeaseOutcome>;
}

export interface ReportChannelsOptions {
  client: WorkerServiceClient;
  namespace: string;
  /** Backoff between retries of a Complete or Fail that failed transiently. */
  retryBackoff: BackoffOptions;
  reportBatchMaxDelayMs: number;
  logger: WorkerLogger;
}

/**
 * Complete and Fail retry transient errors until they go through (a report must survive a server
 * restart), and split a refused batch to isolate a bad item. Heartbeat does not retry: the next
 * tick renews again, and ctx.heartbeat() callers should hear about failures.
 */
export function createReportChannels(options: ReportChannelsOptions): ReportChannels {
  const { client, namespace, logger } = options;
  const retry = { backoff: options.retryBackoff, isRetryable: isTransient };
  return {
    completions: new ReportBatcher<CompletionItem, LeaseOutcome>({
      name: "Complete",
      maxDelayMs: options.reportBatchMaxDelayMs,
      retry,
      isolate: isRefusedContent,
      logger,
      send: async (items) => {
        const completions = items.map(({ job, result }) => ({ lease: job.key, result, traceContext: job.reportTraceContext }));
        const headers = reportHeaders(items.map((item) => item.job));
        const response = await client.complete({ namespace, completions }, { timeoutMs: RPC_TIMEOUT_MS, headers });
        return alignOutcomes(
          items.map((item) => item.job),
          response.results,
        );
      },
    }),
    failures: new ReportBatcher<FailureItem, LeaseOutcome>({
      name: "Fail",
      maxDelayMs: options.reportBatchMaxDelayMs,
      retry,
      isolate: isRefusedContent,
      logger,
      send: async (items) => {
        const failures = items.map(({ job, failure }) => ({
          lease: job.key,
          error: failure.message,
          nonRetryable: failure.nonRetryable,
          retryAfter: failure.retryAfterMs === undefined ? undefined : durationFromMs(failure.retryAfterMs),
          traceContext: job.reportTraceContext,
        }));
        const headers = reportHeaders(items.map((item) => item.job));
        const response = await client.fail({ namespace, failures }, { timeoutMs: RPC_TIMEOUT_MS, headers });
        return alignOutcomes(
          items.map((item) => item.job),
          response.results,
        );
      },
    }),
    heartbeats: new ReportBatcher<HeldJob, LeaseOutcome>({
      name: "Heartbeat",
      logger,
      send: async (jobs) => {
        const response = await client.heartbeat({ namespace, leases: jobs.map((job) => job.key) }, { timeoutMs: RPC_TIMEOUT_MS });
        return alignOutcomes(jobs, response.leases);
      },
    }),
  };
}
