import { Migration } from "@mikro-orm/migrations";

/**
 * W3C trace context (a JSON object with "traceparent" and maybe "tracestate") of the request that
 * submitted a job, so that every attempt's worker continues the submitter's trace; and of the
 * writer of each outbox message, which the relay puts in the AMQP headers. Null when tracing is
 * off or the caller sent none. See observability/tracing.ts.
 */
export class Migration0005TraceContext extends Migration {
  override name = "0005-trace-context";

  override up(): void {
    this.addSql(`alter table jobs add column trace_context jsonb`);
    this.addSql(`alter table outbox add column trace_context jsonb`);
  }

  override down(): void {
    this.addSql(`alter table outbox drop column trace_context`);
    this.addSql(`alter table jobs drop column trace_context`);
  }
}
