import { pino } from "pino";

type LogFn = {
  (fields: object, message?: string): void;
  (message: string): void;
};

/** What the SDK needs of a logger: pino's shape, so a pino logger (or a child of one) fits. */
export interface WorkerLogger {
  child(bindings: Record<string, unknown>): WorkerLogger;
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Structured JSON logs on stdout, like the server's. */
export function createDefaultLogger(level: string): WorkerLogger {
  return pino({ level, base: { service: "conveyor-worker" }, timestamp: pino.stdTimeFunctions.isoTime });
}
