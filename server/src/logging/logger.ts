import { pino, type Logger } from "pino";

/** Structured JSON logs on stdout. Job-related lines carry `jobId`. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: "conveyor", ...bindings }, timestamp: pino.stdTimeFunctions.isoTime });
}
