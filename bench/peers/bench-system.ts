import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One job system under the peer bench, driven the same way for every system: one producer (this
 * process) enqueues batches, one worker process drains them. "noop" jobs do nothing; a "probe" job's
 * handler reports its start time to this process over IPC, for the latency sample.
 */
export interface BenchSystem {
  readonly name: string;
  /** The package version that ran, e.g. "0.18.0". */
  readonly version: string;
  /** How the system was set up for throughput, in a sentence for the results page. */
  readonly setup: string;
  /** The PostgreSQL database holding its jobs, if it keeps them in PostgreSQL (known once started). */
  readonly database?: string;
  /** Creates its database (or key prefix), starts its worker process, and waits until a probe job runs. */
  start(): Promise<void>;
  /** Enqueues `count` noop jobs in one call (one batch); resolves when the system acknowledged them. */
  enqueueNoops(count: number): Promise<void>;
  /** How many noop jobs have a durable completion so far (committed by the system's own rules). */
  completedNoops(enqueued: number): Promise<number>;
  /** Enqueues one probe job; resolves with its id (the worker reports that id when its handler starts). */
  enqueueProbe(): Promise<string>;
  /** Resolves with the probe's handler start time (epoch ms, sub-millisecond) once the worker reports it. */
  probeStartedAt(id: string): Promise<number>;
  /** Peak resident memory (VmHWM) of the worker process, and of the system's own server process if it has one, in MiB. */
  peakRssMiB(): Promise<{ worker: number; server?: number }>;
  /** Stops the processes and drops what start() created. */
  close(): Promise<void>;
}

/** Epoch milliseconds with sub-millisecond precision, comparable between processes of one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The installed version of a package (found from its entry point: not every package exports its package.json). */
export async function packageVersion(name: string): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8").catch(() => "{}")) as { name?: string; version?: string };
    if (manifest.name === name && manifest.version) return manifest.version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${name} above its entry point`);
    dir = path.dirname(dir);
  }
}

/** Probe start reports arriving over IPC, kept until asked for (a report can beat the enqueue's reply). */
export class ProbeStarts {
  readonly #starts = new Map<string, number>();
  readonly #waiting = new Map<string, (startedAt: number) => void>();

  listen(child: ChildProcess): void {
    child.on("message", (message: { id: string; startedAt: number }) => {
      const id = String(message.id);
      const waiter = this.#waiting.get(id);
      if (waiter) {
        this.#waiting.delete(id);
        waiter(message.startedAt);
      } else {
        this.#starts.set(id, message.startedAt);
      }
    });
  }

  startedAt(id: string, timeoutMs = 60_000): Promise<number> {
    const known = this.#starts.get(id);
    if (known !== undefined) {
      this.#starts.delete(id);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`probe job ${id} did not start within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, (startedAt) => {
        clearTimeout(timer);
        resolve(startedAt);
      });
    });
  }
}

/** Starts bench/peers/peer-worker.ts for one peer system, with an IPC channel for probe reports. */
export function forkPeerWorker(system: string, env: Record<string, string>): ChildProcess {
  // (The worker also stops when its IPC channel closes, that is when this process dies.)
  return fork(fileURLToPath(new URL("./peer-worker.ts", import.meta.url)), [system], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
