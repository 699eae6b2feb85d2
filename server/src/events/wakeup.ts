/**
 * A level-triggered signal between one producer and one consumer: notify() any number of times,
 * and the next wait() returns at once; otherwise wait() blocks until notify() or the abort.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.resolve?.();
  }

  async wait(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (!this.pending) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        this.resolve = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        signal.addEventListener("abort", onAbort, { once: true });
      }).finally(() => (this.resolve = undefined));
    }
    this.pending = false;
  }
}
