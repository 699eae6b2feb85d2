import type { Logger } from "pino";

export interface PeriodicTaskOptions {
  /** For log messages: "retention round". */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round; a failure is logged and the next round comes at the next interval. */
  round: () => Promise<void>;
}

/**
 * Runs `round` every `intervalMs`, never two at once, and waits for the one in progress on stop.
 * kick() asks for a round now (or right after the current one).
 */
export class PeriodicTask {
  private readonly options: PeriodicTaskOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(options: PeriodicTaskOptions) {
    this.options = options;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.options
      .round()
      .catch((error) => this.options.logger.warn({ err: error }, `${this.options.name} failed`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.running) await this.running;
  }
}
