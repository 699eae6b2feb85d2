import type { Logger } from "pino";
import type { Config } from "../config/config.ts";

export interface TracingHandle {
  /** Flushes buffered spans and stops the exporter. */
  shutdown(): Promise<void>;
}

/** Whether the SDK should start: CONVEYOR_TRACING, or for "auto" the standard OTel variables. */
export function tracingWanted(setting: Config["tracing"], env: NodeJS.ProcessEnv): boolean {
  if (setting !== "auto") return setting === "on";
  const exporters = env["OTEL_TRACES_EXPORTER"]?.trim();
  if (exporters) return exporters !== "none";
  return Boolean(env["OTEL_EXPORTER_OTLP_ENDPOINT"]?.trim() || env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]?.trim());
}

/**
 * Starts the OpenTelemetry Node SDK for the server process: W3C trace context propagation, an
 * AsyncLocalStorage context manager, and the exporter named by OTEL_TRACES_EXPORTER (default
 * OTLP, to OTEL_EXPORTER_OTLP_ENDPOINT). No auto-instrumentation: the spans are Conveyor's own
 * (observability/tracing.ts). Must run before the server starts. Returns undefined when tracing
 * is not wanted, leaving the API's no-op tracer in place.
 */
export async function startTracing(config: Config, env: NodeJS.ProcessEnv, logger: Logger): Promise<TracingHandle | undefined> {
  if (!tracingWanted(config.tracing, env)) return undefined;
  // Loaded only when wanted: the SDK and its exporters take over a second to import.
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  // Traces only: metrics are Prometheus's (/metrics), logs are pino's. An explicit setting wins.
  env["OTEL_METRICS_EXPORTER"] ??= "none";
  env["OTEL_LOGS_EXPORTER"] ??= "none";
  // The SDK reads OTEL_SERVICE_NAME itself; this only names the service when nobody did.
  const sdk = new NodeSDK({ serviceName: env["OTEL_SERVICE_NAME"]?.trim() || "conveyor-server", instrumentations: [], metricReaders: [] });
  sdk.start();
  logger.info({ exporter: env["OTEL_TRACES_EXPORTER"] || "otlp", endpoint: env["OTEL_EXPORTER_OTLP_ENDPOINT"] }, "tracing started");
  return { shutdown: () => sdk.shutdown() };
}
