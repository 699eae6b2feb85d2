import type { Interceptor } from "@connectrpc/connect";
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from "@opentelemetry/api";

/**
 * Spans and W3C trace context for Conveyor's path: SubmitJob → outbox → RabbitMQ → lease → worker
 * handler → Complete/Fail. Only the OpenTelemetry API is used here. When no SDK is started (see
 * tracing-sdk.ts) the API's tracer and propagator are no-ops: spans are non-recording, nothing is
 * injected, and so no trace context is stored with jobs or put in message headers.
 *
 * Tracers are looked up at each use rather than kept: a tracer taken before a provider is
 * registered would stay bound to whatever provider was global at that moment.
 */
const TRACER_NAME = "@conveyor/server";

/** A W3C trace context as stored with a job and sent to workers: "traceparent", maybe "tracestate". */
export type TraceCarrier = Record<string, string>;

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Reads trace headers from a fetch-style Headers object (what Connect hands to interceptors). */
const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The context a carrier describes, or undefined when it carries none. */
export function contextFromCarrier(carrier: TraceCarrier | null | undefined): Context | undefined {
  if (!carrier || !carrier["traceparent"]) return undefined;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The active trace context as a carrier, or null when there is none (always, without an SDK). */
export function activeTraceCarrier(from: Context = context.active()): TraceCarrier | null {
  const carrier: TraceCarrier = {};
  propagation.inject(from, carrier);
  return carrier["traceparent"] ? carrier : null;
}

/**
 * A SERVER span around each unary RPC, continuing the caller's `traceparent` header, and active
 * while the handler runs so that what the handler stores (a job's trace context) descends from
 * it. Streams (Lease, WatchJob) get none: they live for minutes and would make useless spans.
 * Placed outside the error-mapping interceptor, so that it sees the gRPC code the client gets.
 */
export function tracingInterceptor(): Interceptor {
  return (next) => async (request) => {
    if (request.stream) return next(request);
    const parent = propagation.extract(ROOT_CONTEXT, request.header, headersGetter);
    const span = tracer().startSpan(
      `${request.service.typeName}/${request.method.name}`,
      {
        kind: SpanKind.SERVER,
        attributes: { "rpc.system": "connect_rpc", "rpc.service": request.service.typeName, "rpc.method": request.method.name },
      },
      parent,
    );
    try {
      return await context.with(trace.setSpan(parent, span), () => next(request));
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}

export function markFailed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "number") span.setAttribute("rpc.connect_rpc.error_code", code);
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
}

export interface TracedJob {
  jobId: string;
  /** The trace context the caller sent for this job (a worker's handler span); may be empty. */
  traceContext: TraceCarrier;
}

/**
 * Runs `run` (which settles a batch of jobs and answers whether each was accepted) inside one span
 * per job that came with a trace context, each a child of that job's context and linked to the
 * active RPC span. A batch mixes jobs of many traces, so the RPC span alone could sit in one of
 * them only. Jobs without a context, and every job when tracing is off, cost nothing.
 */
export async function withJobSpans(name: string, jobs: readonly TracedJob[], run: () => Promise<boolean[]>): Promise<boolean[]> {
  const spans = startJobSpans(name, jobs);
  if (spans.size === 0) return run();
  try {
    const accepted = await run();
    for (const [index, span] of spans) span.setAttribute("conveyor.lease.accepted", accepted[index]!);
    return accepted;
  } catch (error) {
    for (const span of spans.values()) markFailed(span, error);
    throw error;
  } finally {
    for (const span of spans.values()) span.end();
  }
}

function startJobSpans(name: string, jobs: readonly TracedJob[]): Map<number, Span> {
  const spans = new Map<number, Span>();
  let links: Link[] | undefined;
  jobs.forEach((job, index) => {
    const parent = contextFromCarrier(job.traceContext);
    if (!parent) return;
    if (links === undefined) {
      const rpc = trace.getSpanContext(context.active());
      links = rpc ? [{ context: rpc }] : [];
    }
    const span = tracer().startSpan(name, { kind: SpanKind.INTERNAL, attributes: { "conveyor.job.id": job.jobId }, links }, parent);
    if (span.isRecording()) spans.set(index, span);
  });
  return spans;
}
