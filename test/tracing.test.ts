// OpenTelemetry: one trace from the submitter's span through SubmitJob, the outbox relay's publish
// to RabbitMQ, the dispatcher, the worker SDK's handler span, and on to Complete. The servers run
// in this process, so one in-memory exporter sees the spans of submitter, servers and worker. Jobs
// are submitted to a second server that has no workers, so that they travel through RabbitMQ (a
// server hands the jobs it commits to its own workers directly).
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { context, propagation, SpanKind, trace, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { loadConfig } from "../server/src/config/config.ts";
import { tracingWanted } from "../server/src/observability/tracing-sdk.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();
const submitter = () => trace.getTracer("test-submitter");
let jobs: Client<typeof JobService>;

/** What an application with the OpenTelemetry SDK does at start; undone in afterAll. */
function registerTracing(): void {
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

function unregisterTracing(): void {
  trace.disable();
  propagation.disable();
}

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  registerTracing();
  jobs = grpcClients((await installation.startServer()).url).jobs;
});

afterAll(async () => {
  unregisterTracing();
  context.disable();
  await provider.shutdown();
});

beforeEach(() => exporter.reset());

/** Submits a job inside a client root span, sending its traceparent as a gRPC header. */
async function submitInRootSpan(queue: string, type: string): Promise<{ root: Span; jobId: string }> {
  return submitter().startActiveSpan("checkout", { root: true }, async (root) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    expect(headers["traceparent"]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const { job } = await jobs.submitJob({ job: jobSpec(queue, { type }) }, { headers });
    root.end();
    return { root, jobId: job!.id };
  });
}

/** Spans arrive as they end; the last ones (Complete's) end just after the job is SUCCEEDED. */
async function spansUntil(found: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    if (found(spans)) return spans;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`spans never complete; have: ${exporter.getFinishedSpans().map((s) => s.name).join(", ")}`);
}

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const matching = spans.filter((span) => span.name === name);
  expect(matching.map((span) => span.name), `exactly one span named ${name}`).toEqual([name]);
  return matching[0]!;
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const HANDLER = "conveyor.job traced";
const COMPLETE_RPC = "conveyor.v1.WorkerService/Complete";

describe("one trace from SubmitJob to Complete", () => {
  it("carries the submitter's trace through the server, RabbitMQ and the worker's handler to Complete", async () => {
    let inHandler: string | undefined;
    await workers.start({ queues: ["traced"] }, (w) =>
      w.handle("traced", () => {
        // The handler span is active in the handler: the application's own spans nest under it.
        submitter().startActiveSpan("render invoice", (span) => {
          inHandler = span.spanContext().spanId;
          span.end();
        });
        return { ok: true };
      }),
    );
    const { root, jobId } = await submitInRootSpan("traced", "traced");
    await waitForState(jobs, jobId, JobState.SUCCEEDED, 10_000);
    const spans = await spansUntil((all) => all.some((s) => s.name === "conveyor.job.complete") && all.some((s) => s.name === COMPLETE_RPC));

    const traceId = root.spanContext().traceId;
    const submit = only(spans, "conveyor.v1.JobService/SubmitJob");
    const publish = only(spans, `publish ${installation.amqpPrefix}.ready`);
    const consume = only(spans, `process default.traced`);
    const handler = only(spans, HANDLER);
    const completeRpc = only(spans, COMPLETE_RPC);
    const completeJob = only(spans, "conveyor.job.complete");
    const nested = only(spans, "render invoice");

    for (const span of [submit, publish, consume, handler, completeRpc, completeJob, nested]) {
      expect(span.spanContext().traceId, `${span.name} is in the submitter's trace`).toBe(traceId);
    }
    // Parenting: client → SubmitJob → publish → process; the job's stored context (SubmitJob's
    // span) → handler → the handler's own spans, Complete's RPC span and the job's complete span.
    expect(submit.kind).toBe(SpanKind.SERVER);
    expect(parentOf(submit)).toBe(root.spanContext().spanId);
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(publish)).toBe(submit.spanContext().spanId);
    expect(consume.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(consume)).toBe(publish.spanContext().spanId);
    expect(handler.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(handler)).toBe(submit.spanContext().spanId);
    expect(handler.attributes).toMatchObject({ "conveyor.job.id": jobId, "conveyor.job.type": "traced", "conveyor.job.attempt": 1 });
    expect(parentOf(nested)).toBe(handler.spanContext().spanId);
    expect(nested.spanContext().spanId).toBe(inHandler);
    expect(completeRpc.kind).toBe(SpanKind.SERVER);
    expect(parentOf(completeRpc)).toBe(handler.spanContext().spanId);
    expect(parentOf(completeJob)).toBe(handler.spanContext().spanId);
    expect(completeJob.attributes).toMatchObject({ "conveyor.job.id": jobId, "conveyor.lease.accepted": true });
    expect(completeJob.links.map((link) => link.context.spanId)).toEqual([completeRpc.spanContext().spanId]);

    // Stored with the job, so that every attempt (and a RetryJob) continues the same trace.
    const [stored] = await installation.sql<{ trace_context: Record<string, string> }>("select trace_context from jobs where id = $1", [jobId]);
    expect(stored!.trace_context["traceparent"]).toBe(`00-${traceId}-${submit.spanContext().spanId}-01`);
  });

  it("records a failed attempt's Fail in the trace, with the handler span marked as an error", async () => {
    await workers.start({ queues: ["traced-fail"] }, (w) =>
      w.handle("traced", () => {
        throw new Error("printer on fire");
      }),
    );
    const { root } = await submitInRootSpan("traced-fail", "traced");
    const spans = await spansUntil((all) => all.some((s) => s.name === "conveyor.job.fail"));
    const handler = spans.find((s) => s.name === HANDLER)!;
    const failJob = only(spans, "conveyor.job.fail");
    expect(handler.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(handler.status).toMatchObject({ code: 2, message: "printer on fire" });
    expect(parentOf(failJob)).toBe(handler.spanContext().spanId);
  });
});

describe("jobs without trace context", () => {
  it("a submit without traceparent starts a trace at the server's span, and the job runs in it", async () => {
    await workers.start({ queues: ["untraced"] }, (w) => w.handle("traced", () => ({ ok: true })));
    const { job } = await jobs.submitJob({ job: jobSpec("untraced", { type: "traced" }) });
    await waitForState(jobs, job!.id, JobState.SUCCEEDED, 10_000);
    const spans = await spansUntil((all) => all.some((s) => s.name === "conveyor.job.complete"));
    const submit = only(spans, "conveyor.v1.JobService/SubmitJob");
    const handler = only(spans, HANDLER);
    expect(parentOf(submit)).toBeUndefined();
    expect(handler.spanContext().traceId).toBe(submit.spanContext().traceId);
  });

  it("a job submitted while the server traces nothing (no SDK) stores no context, and still runs", async () => {
    await workers.start({ queues: ["no-sdk"] }, (w) => w.handle("traced", () => ({ ok: true })));
    unregisterTracing(); // The API's no-op tracer and propagator, as in a server without the SDK.
    let jobId: string;
    try {
      ({ jobId } = await submitInRootSpanWithoutSdk("no-sdk"));
    } finally {
      registerTracing();
    }
    await waitForState(jobs, jobId, JobState.SUCCEEDED, 10_000);
    const [stored] = await installation.sql("select trace_context from jobs where id = $1", [jobId]);
    expect(stored).toEqual({ trace_context: null });
    // The worker's tracing is on: its handler span begins a trace of its own.
    const spans = await spansUntil((all) => all.some((s) => s.name === HANDLER));
    expect(parentOf(only(spans, HANDLER))).toBeUndefined();
  });
});

async function submitInRootSpanWithoutSdk(queue: string): Promise<{ jobId: string }> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  expect(headers).toEqual({});
  const { job } = await jobs.submitJob({ job: jobSpec(queue, { type: "traced" }) }, { headers });
  return { jobId: job!.id };
}

describe("when the server starts the OpenTelemetry SDK (CONVEYOR_TRACING)", () => {
  const wanted = (env: Record<string, string>) => tracingWanted(loadConfig({ CONVEYOR_AUTH_MODE: "off", ...env }).tracing, env);

  it("by default (auto), only when an exporter or an OTLP endpoint is configured", () => {
    expect(wanted({})).toBe(false);
    expect(wanted({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
    expect(wanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toBe(true);
    expect(wanted({ OTEL_TRACES_EXPORTER: "console" })).toBe(true);
    expect(wanted({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(false);
  });

  it("always with on, never with off, and rejects anything else naming the variable", () => {
    expect(wanted({ CONVEYOR_TRACING: "on" })).toBe(true);
    expect(wanted({ CONVEYOR_TRACING: "off", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(false);
    expect(() => loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_TRACING: "yes" })).toThrow(/tracing \(CONVEYOR_TRACING\)/);
  });
});
