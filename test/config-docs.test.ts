// docs/configuration.md is generated from the configuration schema: it must match it exactly.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema, envName } from "../server/src/config/config.ts";
import { configDocPath, renderConfigurationDoc } from "../scripts/generate-config-docs.ts";

describe("docs/configuration.md", () => {
  it("is what the schema generates now (after a config change, run npm run docs:config)", () => {
    expect(readFileSync(configDocPath, "utf8"), "docs/configuration.md is stale: run npm run docs:config").toBe(renderConfigurationDoc());
  });

  it("names every setting's variable, CONVEYOR_HOST and the per-queue defaults among them", () => {
    const page = readFileSync(configDocPath, "utf8");
    for (const field of Object.keys(configSchema.shape)) expect(page).toContain(`| \`${envName(field)}\` | \`${field}\` |`);
    expect(page).toContain("`CONVEYOR_HOST`");
    expect(page).toContain("`CONVEYOR_QUEUE_DEFAULTS`");
  });
});
