// The code that test/clients-browser.test.ts bundles (with rolldown, for the browser) and runs in
// Chromium: it imports "@conveyor/client", which the package's "browser" export condition resolves
// to clients/typescript/src/browser.ts (Connect-Web / gRPC-Web over fetch), and exposes a few steps
// on window.conveyorTest for the test to call with page.evaluate. Results are plain JSON.
import { Code, ConnectError, createConveyorClient, jsonPayload, payloadJson, stateName, type ConveyorClientOptions, type WatchJobResponse } from "@conveyor/client";

export interface Target {
  baseUrl: string;
  protocol: "connect" | "grpc-web";
  token?: string;
}

function client({ baseUrl, protocol, token }: Target) {
  const options: ConveyorClientOptions = { protocol, defaultTimeoutMs: 10_000 };
  if (token !== undefined) options.token = token;
  return createConveyorClient(baseUrl, options);
}

const watches = new Map<string, { messages: WatchJobResponse[]; done: Promise<void> }>();

function describeWatch(messages: WatchJobResponse[]) {
  return messages.map((m) => ({
    jobState: m.job ? stateName(m.job.state) : null,
    event: m.event ? { from: stateName(m.event.fromState), to: stateName(m.event.toState), message: m.event.message } : null,
  }));
}

const conveyorTest = {
  /** Submits a job with a JSON payload, then reads it back with GetJob. */
  async submitAndGet(target: Target, queue: string) {
    const conveyor = client(target);
    const submitted = await conveyor.jobs.submitJob({ job: { queue, type: "browser", labels: { from: "chromium" }, payload: jsonPayload({ hello: "browser", n: 1 }) } });
    const { job } = await conveyor.jobs.getJob({ id: submitted.job!.id });
    return {
      id: job!.id,
      created: submitted.created,
      state: stateName(job!.state),
      labels: job!.labels,
      payload: payloadJson(job!.payload) ?? null,
      userAgent: navigator.userAgent,
    };
  },

  /** Opens WatchJob and resolves once its first message (the snapshot) has arrived. */
  async startWatch(target: Target, id: string) {
    const messages: WatchJobResponse[] = [];
    let first!: () => void;
    const arrived = new Promise<void>((resolve) => (first = resolve));
    const done = (async () => {
      for await (const message of client(target).jobs.watchJob({ id })) {
        messages.push(message);
        first();
      }
    })();
    done.catch(() => first());
    watches.set(id, { messages, done });
    await arrived;
    return describeWatch(messages);
  },

  /** Waits for the watch to end and returns every message it delivered. */
  async finishWatch(id: string) {
    const watch = watches.get(id)!;
    await watch.done;
    return describeWatch(watch.messages);
  },

  /** The error of a call that must fail: its code name and the server's message. */
  async errorOf(target: Target, call: "invalid" | "missing") {
    const conveyor = client(target);
    try {
      if (call === "invalid") await conveyor.jobs.submitJob({ job: { queue: "", type: "t" } });
      else await conveyor.jobs.getJob({ id: "0190d8a4-0000-7000-8000-000000000000" });
    } catch (error) {
      const e = ConnectError.from(error);
      return { code: Code[e.code], message: e.rawMessage };
    }
    return { code: "none: the call succeeded", message: "" };
  },
};

declare global {
  interface Window {
    conveyorTest: typeof conveyorTest;
  }
}

window.conveyorTest = conveyorTest;
document.title = "conveyor client ready";
