import { defineConfig } from "vite";

// No React plugin: Vite's own transform (oxc) compiles TSX with the automatic runtime; the plugin
// would only add fast refresh for `vite dev`. CONVEYOR_DASHBOARD_OUT_DIR lets tests and benches
// build into a folder of their own.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: process.env["CONVEYOR_DASHBOARD_OUT_DIR"] ?? "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // React Flow marks itself "use client" for React Server Components; nothing to keep here.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
