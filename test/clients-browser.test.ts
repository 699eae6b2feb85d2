// The TypeScript client's browser entry point (clients/typescript/src/browser.ts) in a real headless
// Chromium (Debian's chromium, driven by playwright-core), against a live server.
//
// test/support/browser-client-page.ts is bundled for the browser with rolldown (which resolves
// "@conveyor/client" through its "browser" export condition) and served, with a page, by a small
// HTTP server in this file. A browser sends RPCs over HTTP/1.1 with fetch, as Connect (JSON) or
// gRPC-Web (binary).
//
// Origins: each test runs twice per protocol. Once the way a same-origin deployment works: the
// page's server forwards /conveyor.v1.* to the Conveyor server (a plain reverse proxy; the fetch
// calls and bytes are the browser's own), which needs nothing from the server. And once straight
// from the page's origin to the server's, which needs the server to answer CORS: preflights (OPTIONS)
// with Access-Control-Allow-Origin/-Methods (POST, GET)/-Headers (@connectrpc/connect's
// cors.allowedHeaders plus Authorization), and responses with Access-Control-Allow-Origin and
// Access-Control-Expose-Headers (Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin: gRPC-Web reads
// errors from them). When the server's preflight answer lacks Access-Control-Allow-Origin, the
// cross-origin tests are skipped with a note ("pending on server CORS support") instead.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { cors } from "@connectrpc/connect";
import { rolldown } from "rolldown";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Target } from "./support/browser-client-page.ts";
import { checkToolchain } from "./support/client-toolchains.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumCheck = checkToolchain("Chromium", [{ path: CHROMIUM, debianPackage: "chromium" }]);

const { server } = useConveyor();

/** What a browser's preflight asks for: Connect's and gRPC-Web's request headers, and the token. */
const PREFLIGHT_HEADERS = [...cors.allowedHeaders, "Authorization"].map((name) => name.toLowerCase()).join(",");

async function bundlePage(): Promise<string> {
  const build = await rolldown({
    input: fileURLToPath(new URL("./support/browser-client-page.ts", import.meta.url)),
    platform: "browser",
    logLevel: "warn",
  });
  try {
    const { output } = await build.generate({ format: "iife" });
    return output[0].code;
  } finally {
    await build.close();
  }
}

describe.skipIf(chromiumCheck.skip)(chromiumCheck.title("TypeScript client in headless Chromium"), () => {
  let bundle: string;
  let browser: Browser;
  let page: Page;
  let pageServer: http.Server;
  let pageOrigin: string;
  /** Headers of the RPCs that reached the proxy, in order. */
  const proxied: http.IncomingHttpHeaders[] = [];
  const consoleErrors: string[] = [];
  /** Whether the server lets the page's origin call it, and what its preflight answer said. */
  let corsAllowed = false;
  let corsDetail = "";

  beforeAll(async () => {
    chromiumCheck.assertAvailable();
    bundle = await bundlePage();
    const upstream = new URL(server().url);
    pageServer = http.createServer((req, res) => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script src="/client.js"></script></body></html>`);
      } else if (req.url === "/client.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
        res.end(bundle);
      } else if (req.url?.startsWith("/conveyor.v1.")) {
        // Same-origin RPCs: forwarded as they are, streamed both ways.
        proxied.push(req.headers);
        const forward = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (upstreamRes) => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
          },
        );
        forward.on("error", (error) => {
          res.writeHead(502);
          res.end(String(error));
        });
        req.pipe(forward);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

    const preflight = await fetch(`${server().url}/conveyor.v1.JobService/SubmitJob`, {
      method: "OPTIONS",
      headers: { origin: pageOrigin, "access-control-request-method": "POST", "access-control-request-headers": PREFLIGHT_HEADERS },
    });
    const allowOrigin = preflight.headers.get("access-control-allow-origin");
    corsAllowed = allowOrigin === "*" || allowOrigin === pageOrigin;
    corsDetail = `the server answers a preflight from ${pageOrigin} with HTTP ${preflight.status} and Access-Control-Allow-Origin: ${allowOrigin ?? "(none)"}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(() => document.title === "conveyor client ready", undefined, { timeout: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    pageServer?.closeAllConnections();
    await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
  });

  it("bundles the browser entry point, without Node's transports", () => {
    expect(bundle.toLowerCase()).toContain("connect-protocol-version");
    expect(bundle).not.toMatch(/node:http2|from "http2"|require\("http2"\)/);
  });

  const origins = [
    { where: "same origin, through the page's server", crossOrigin: false },
    { where: "cross-origin, straight to the server", crossOrigin: true },
  ];
  const protocols = ["connect", "grpc-web"] as const;

  describe.each(origins.flatMap((origin) => protocols.map((protocol) => ({ ...origin, protocol }))))("over $protocol, $where", ({ protocol, crossOrigin }) => {
    const token = `browser-${protocol}${crossOrigin ? "-cors" : ""}`;
    const target = (): Target => ({ baseUrl: crossOrigin ? server().url : pageOrigin, protocol, token });
    const queue = `browser-${protocol}${crossOrigin ? "-cors" : ""}`;
    /** Cross-origin tests wait for the server's CORS support; the note says what it answered. */
    const needsCors = (context: { skip: (condition: boolean, note?: string) => void }) =>
      context.skip(crossOrigin && !corsAllowed, `pending on server CORS support: ${corsDetail}`);

    it("submits a job and reads it back with GetJob", async (context) => {
      needsCors(context);
      proxied.length = 0;
      const result = await page.evaluate(([t, q]) => window.conveyorTest.submitAndGet(t, q), [target(), queue] as const);
      expect(result).toMatchObject({ created: true, state: "READY", labels: { from: "chromium" }, payload: { hello: "browser", n: 1 } });
      expect(result.userAgent).toMatch(/HeadlessChrome|Chrome/);
      if (crossOrigin) return;
      // What went over the wire: the protocol's content type, from fetch over HTTP/1.1, with the token.
      expect(proxied.map((headers) => headers["content-type"])).toEqual(
        protocol === "connect" ? ["application/json", "application/json"] : ["application/grpc-web+proto", "application/grpc-web+proto"],
      );
      expect(proxied.map((headers) => headers["authorization"])).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    });

    it("streams WatchJob: the READY snapshot, then CANCELLED, then the end", async (context) => {
      needsCors(context);
      const jobs = grpcClients(server().url).jobs;
      const { job } = await jobs.submitJob({ job: { queue, type: "watched" } });
      const first = await page.evaluate(([t, id]) => window.conveyorTest.startWatch(t, id), [target(), job!.id] as const);
      expect(first).toEqual([{ jobState: "READY", event: null }]);
      await jobs.cancelJob({ id: job!.id, reason: `from the ${protocol} test` });
      const all = await page.evaluate((id) => window.conveyorTest.finishWatch(id), job!.id);
      expect(all).toEqual([
        { jobState: "READY", event: null },
        { jobState: "CANCELLED", event: { from: "READY", to: "CANCELLED", message: `from the ${protocol} test` } },
      ]);
    });

    it("reports the server's error codes and messages", async (context) => {
      needsCors(context);
      expect(await page.evaluate((t) => window.conveyorTest.errorOf(t, "invalid"), target())).toEqual({ code: "InvalidArgument", message: "job.queue: is required" });
      expect((await page.evaluate((t) => window.conveyorTest.errorOf(t, "missing"), target())).code).toBe("NotFound");
    });
  });

  it("logged no errors in the page but the error responses it asked for", () => {
    // Chromium logs every non-2xx response: the InvalidArgument (400) and NotFound (404) calls.
    expect(consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 40[04] /.test(text))).toEqual([]);
  });
});
