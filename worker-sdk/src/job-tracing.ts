import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { HeldJob } from "./held-job.ts";
import type { HandlerOutcome } from "./job-runner.ts";

/**
 * Tracing through the OpenTelemetry API only: the application owns the SDK (provider, exporter,
 * propagator, context manager). Without one registered, every call here is the API's no-op, the
 * handler span is non-recording, and no trace context is sent.
 */
const TRACER_NAME = "@conveyor/worker-sdk";

/** A W3C trace context: "traceparent" and maybe "tracestate". */
export type TraceCarrier = Record<string, string>;

/**
 * Runs a job's handler inside a CONSUMER span that continues the job's trace (the context the
 * server stored when the job was submitted; a new trace when there was none), active while the
 * handler runs, so that the handler's own spans nest under it. Records the span's context on the
 * job, for its Complete or Fail.
 */
export async function runInHandlerSpan(job: HeldJob, run: () => Promise<HandlerOutcome>): Promise<HandlerOutcome> {
  const parent = propagation.extract(ROOT_CONTEXT, job.leaseTraceContext);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `conveyor.job ${job.job.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "conveyor",
        "messaging.operation.type": "process",
        "messaging.destination.name": job.job.queue,
        "conveyor.namespace": job.job.namespace,
        "conveyor.job.id": job.jobId,
        "conveyor.job.type": job.job.type,
        "conveyor.job.attempt": job.job.attempt,
      },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  try {
    const outcome = await context.with(active, run);
    if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.failure.message });
    return outcome;
  } finally {
    span.end();
    if (isSpanContextValid(span.spanContext())) propagation.inject(active, job.reportTraceContext);
  }
}

/**
 * Headers for a batched Complete or Fail: the `traceparent` of the first job that has one, so the
 * RPC's server span joins that job's trace. Every item also carries its own context, which the
 * server uses for that item's span: a batch mixes traces.
 */
export function reportHeaders(jobs: readonly HeldJob[]): Record<string, string> | undefined {
  return jobs.find((job) => job.reportTraceContext["traceparent"])?.reportTraceContext;
}
