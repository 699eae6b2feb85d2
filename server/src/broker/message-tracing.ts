import { propagation, SpanKind, trace, type Span } from "@opentelemetry/api";
import { contextFromCarrier, markFailed, tracer, type TraceCarrier } from "../observability/tracing.ts";

/**
 * W3C trace context in AMQP message headers.
 *
 * ┃ An announcement names up to 100 jobs, so its headers cannot carry each job's trace. ┃
 * The `traceparent` header is that of the relay's PRODUCER span, a child of the request that
 * wrote the message (SubmitJob or SubmitJobs: one request per message). The consumer's span
 * continues it. Each job's own context is stored on the job and travels to its worker with the
 * lease (LeasedJob.trace_context), whichever message, retry or promotion announced it.
 */

export interface PublishTarget {
  exchange: string;
  routingKey: string;
  /** How many job ids the message names. */
  jobs: number;
}

/** Publishes inside a PRODUCER span when the message has a trace context; plain otherwise. */
export async function withPublishSpan<T>(
  target: PublishTarget,
  carrier: TraceCarrier | null,
  headers: Record<string, unknown> | undefined,
  send: (headers: Record<string, unknown> | undefined) => Promise<T>,
): Promise<T> {
  const parent = contextFromCarrier(carrier);
  if (!parent) return send(headers);
  const span = tracer().startSpan(
    `publish ${target.exchange}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        "messaging.system": "rabbitmq",
        "messaging.operation.type": "publish",
        "messaging.destination.name": target.exchange,
        "messaging.rabbitmq.destination.routing_key": target.routingKey,
        "messaging.batch.message_count": target.jobs,
      },
    },
    parent,
  );
  const traced: Record<string, unknown> = { ...headers };
  propagation.inject(trace.setSpan(parent, span), traced);
  try {
    return await send(traced);
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The trace headers of a received message, to carry over when it is published again (a delay hop). */
export function traceHeadersOf(headers: Record<string, unknown> | undefined): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const key of ["traceparent", "tracestate"]) {
    const value = headers?.[key];
    if (typeof value === "string") carried[key] = value;
  }
  return carried;
}

/**
 * A CONSUMER span from a message's receipt until its jobs are leased (or handed back), a child of
 * the publisher's span. Undefined when the message carries no trace context.
 */
export function startReceiveSpan(queue: string, headers: Record<string, unknown> | undefined, jobs: number): Span | undefined {
  const parent = contextFromCarrier(traceHeadersOf(headers));
  if (!parent) return undefined;
  const span = tracer().startSpan(
    `process ${queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "rabbitmq",
        "messaging.operation.type": "process",
        "messaging.destination.name": queue,
        "messaging.batch.message_count": jobs,
      },
    },
    parent,
  );
  return span.isRecording() ? span : undefined;
}
