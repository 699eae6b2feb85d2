// Builds @conveyor/client and @conveyor/worker-sdk as a user installs them: plain ESM JavaScript
// with type declarations, for Node 20 and later, each in a folder of its own (build/packages/<name>)
// with a package.json whose exports point at the JavaScript; then `npm pack`s each folder into
// build/packages/*.tgz. In the repository the packages keep running from their TypeScript sources.
//
//   npm run build:packages
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = join(root, "build", "packages");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

interface PackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
  dependencies: Record<string, string>;
}

/** The package.json of the built package: exports to JavaScript and declarations, Node 20+. */
function builtManifest(source: PackageJson, exports: Record<string, unknown>): object {
  return {
    name: source.name,
    version: source.version,
    description: source.description,
    type: "module",
    license: source.license,
    engines: { node: ">=20" },
    exports,
    dependencies: source.dependencies,
  };
}

function build(folder: string, exports: Record<string, unknown>, copy: Array<[string, string]> = []): string {
  const source = JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")) as PackageJson;
  const target = join(out, source.name.replace("@conveyor/", ""));
  rmSync(target, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(root, folder, "tsconfig.build.json"), "--outDir", target], { stdio: "inherit" });
  for (const [from, to] of copy) cpSync(join(root, folder, from), join(target, to), { recursive: true });
  cpSync(join(root, folder, "README.md"), join(target, "README.md"));
  writeFileSync(join(target, "package.json"), JSON.stringify(builtManifest(source, exports), null, 2) + "\n");
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: target, encoding: "utf8" }).trim().split("\n").at(-1)!;
  return join(out, tarball);
}

mkdirSync(out, { recursive: true });
const client = build(
  "clients/typescript",
  {
    ".": { types: "./index.d.ts", browser: "./browser.js", default: "./index.js" },
    "./browser": { types: "./browser.d.ts", default: "./browser.js" },
    "./gen/*": "./gen/*",
  },
  // The generated code is JavaScript with declarations already (protoc-gen-es js+dts).
  [["src/gen", "gen"]],
);
const sdk = build("worker-sdk", { ".": { types: "./index.d.ts", default: "./index.js" } });
process.stdout.write(`${client}\n${sdk}\n`);
