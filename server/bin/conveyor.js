#!/usr/bin/env node
// The `conveyor` command. Node >= 22.18 runs the TypeScript sources directly.
await import("../src/main.ts");
