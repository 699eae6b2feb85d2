// resolveWorkerOptions: where the worker SDK finds its server and token when the options do not say.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveWorkerOptions } from "@conveyor/worker-sdk";
import { describe, expect, it } from "vitest";

const silent = { child: () => silent, debug() {}, info() {}, warn() {}, error() {} } as never;
const resolve = (env: NodeJS.ProcessEnv, token?: string) => resolveWorkerOptions({ queues: ["q"], logger: silent, ...(token ? { token } : {}) }, env);

describe("the worker's token", () => {
  const file = join(mkdtempSync(join(tmpdir(), "conveyor-token-")), "token");
  writeFileSync(file, "from-file\n");

  it("is the token option first, then CONVEYOR_TOKEN, then the file CONVEYOR_TOKEN_FILE names, else none", () => {
    expect(resolve({ CONVEYOR_TOKEN: "from-env", CONVEYOR_TOKEN_FILE: file }, "from-option").token).toBe("from-option");
    expect(resolve({ CONVEYOR_TOKEN: "from-env", CONVEYOR_TOKEN_FILE: file }).token).toBe("from-env");
    expect(resolve({ CONVEYOR_TOKEN_FILE: file }).token).toBe("from-file");
    expect(resolve({}).token).toBeUndefined();
  });

  it("names CONVEYOR_TOKEN_FILE when its file cannot be read", () => {
    expect(() => resolve({ CONVEYOR_TOKEN_FILE: "/nonexistent/token" })).toThrow(/CONVEYOR_TOKEN_FILE.*\/nonexistent\/token.*cannot be read/);
  });
});
