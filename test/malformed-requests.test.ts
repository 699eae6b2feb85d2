// Requests that no well-behaved client sends, written byte by byte on a raw TCP socket: each gets
// an answer of its own, and the server goes on serving everyone else.
import { EventEmitter } from "node:events";
import net from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { installLastResortHandlers } from "../server/src/errors/last-resort-handlers.ts";
import { createProtocolSniffingServer } from "../server/src/http/protocol-sniffing-listener.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const { server } = useConveyor();

/** Writes `request` on a fresh connection and resolves with everything the server sent before closing. */
function rawExchange(port: number, request: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of answer within ${timeoutMs}ms; got: ${Buffer.concat(chunks).toString()}`));
    }, timeoutMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.write(request);
  });
}

function http10(path: string, body: string, headers: string[] = []): string {
  return [`POST ${path} HTTP/1.0`, "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, ...headers, "", body].join("\r\n");
}

async function stillServes(): Promise<void> {
  const response = await fetch(`${server().url}/healthz`);
  expect(response.status).toBe(200);
}

describe("malformed HTTP requests", () => {
  it("answers an HTTP/1.0 unary call without a Host header, and keeps serving", async () => {
    const answer = await rawExchange(server().port, http10("/conveyor.v1.JobService/GetJob", "{}"));
    // Served like any other call: GetJob without an id is the client's mistake.
    expect(answer).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(answer).toContain('"code":"invalid_argument"');
    expect(answer).toContain("id");
    await stillServes();
  });

  it("submits a job over HTTP/1.0 without a Host header", async () => {
    const answer = await rawExchange(server().port, http10("/conveyor.v1.JobService/SubmitJob", JSON.stringify({ job: { queue: "http10", type: "t" } })));
    expect(answer).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(answer).toContain('"state":"JOB_STATE_READY"');
  });

  it("refuses a Host header that is no authority with 400, and keeps serving", async () => {
    const answer = await rawExchange(server().port, http10("/conveyor.v1.JobService/GetJob", "{}", ["Host: not a host"]));
    expect(answer).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(answer).toContain("malformed request");
    await stillServes();
  });

  it("answers garbage in place of a request line with 400", async () => {
    const answer = await rawExchange(server().port, "\u0000\u0001\u0002 garbage\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await stillServes();
  });

  it("closes a connection that never sends its first bytes", async () => {
    const { server: listener } = createProtocolSniffingServer(() => {}, { firstBytesTimeoutMs: 200 });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    try {
      const port = (listener.address() as net.AddressInfo).port;
      const socket = net.connect(port, "127.0.0.1");
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      socket.on("error", () => {});
      // Closed by the server: nothing but the timeout ends it (the test's own limit is far longer).
      await closed;
    } finally {
      listener.close();
    }
  });
});

describe("the process's last-resort handlers", () => {
  function guarded() {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const processLike = new EventEmitter();
    const exits: number[] = [];
    installLastResortHandlers(logger, processLike, (code) => exits.push(code));
    return { processLike, exits, lines };
  }

  it("logs an unhandled rejection and serves on", () => {
    const { processLike, exits, lines } = guarded();
    processLike.emit("unhandledRejection", new Error("nobody awaited this"), Promise.resolve());
    expect(exits).toEqual([]);
    expect(lines).toMatchObject([{ level: 50, msg: "unhandled promise rejection; serving on" }]);
  });

  it("survives an uncaught error scoped to one connection or request", () => {
    const { processLike, exits } = guarded();
    processLike.emit("uncaughtException", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    processLike.emit("uncaughtException", Object.assign(new Error("write after end"), { code: "ERR_STREAM_WRITE_AFTER_END" }));
    processLike.emit("uncaughtException", new ConnectError("unable to determine request authority", Code.Internal));
    expect(exits).toEqual([]);
  });

  it("exits on any other uncaught exception, whose damage it cannot know", () => {
    const { processLike, exits, lines } = guarded();
    processLike.emit("uncaughtException", new TypeError("cannot read properties of undefined"));
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toMatchObject({ level: 60 });
  });
});
