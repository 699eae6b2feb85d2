// `npm run generate`: regenerates every client in clients/ from proto/ with `buf generate`
// (buf.gen.yaml), after checking that each local plugin is installed.
//
// buf's own message for a missing plugin names the executable but not where it comes from; this
// names the Debian package and prints the install command. It also prints the plugin versions and
// warns when one differs from the version the committed code was generated with: the output (and
// so CI's "generated code is current" check) depends on them.
//
// Node builtins only.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Tool {
  /** Executable looked up on PATH. */
  command: string;
  /** What it generates. */
  for: string;
  /** Where it comes from. */
  debianPackage?: string;
  npmPackage?: string;
  /** The version the committed code was generated with (Debian bookworm). */
  expected?: string;
}

const tools: Tool[] = [
  { command: "protoc-gen-es", for: "TypeScript", npmPackage: "@bufbuild/protoc-gen-es" },
  { command: "protoc", for: "protoc builtins python, pyi, java", debianPackage: "protobuf-compiler", expected: "3.21.12" },
  { command: "grpc_python_plugin", for: "Python gRPC stubs", debianPackage: "protobuf-compiler-grpc", expected: "1.51.1" },
  { command: "protoc-gen-go", for: "Go messages", debianPackage: "protoc-gen-go", expected: "1.28.1" },
  { command: "protoc-gen-go-grpc", for: "Go gRPC stubs", debianPackage: "protoc-gen-go-grpc", expected: "1.33.3" },
  { command: "grpc_java_plugin", for: "Java gRPC stubs", debianPackage: "protobuf-compiler-grpc-java-plugin", expected: "1.41.3" },
];

// protoc-gen-es comes from node_modules; `npm run` puts its .bin on PATH, a direct `node` run does not.
const PATH = [join(root, "node_modules", ".bin"), process.env["PATH"] ?? ""].join(delimiter);

function onPath(command: string): string | undefined {
  for (const dir of PATH.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The installed Debian package's upstream version (without the Debian revision), if dpkg knows it. */
function debianVersion(pkg: string): string | undefined {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Version}", pkg], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  if (result.status !== 0 || !result.stdout) return undefined;
  // "3.21.12-3+deb12u1" -> "3.21.12"; "1.41.3+ds-1" -> "1.41.3"; an epoch "1:" is dropped too.
  return result.stdout.replace(/^\d+:/, "").replace(/[-+~].*$/, "");
}

const missing = tools.filter((tool) => !onPath(tool.command));
if (missing.length > 0) {
  console.error("npm run generate: missing code generators:");
  for (const tool of missing) {
    const from = tool.debianPackage ? `Debian package ${tool.debianPackage}` : `npm package ${tool.npmPackage} (run npm ci)`;
    console.error(`  - ${tool.command} (${tool.for}): install ${from}`);
  }
  const packages = missing.flatMap((tool) => (tool.debianPackage ? [tool.debianPackage] : []));
  if (packages.length > 0) console.error(`\n  apt-get install -y ${packages.join(" ")}\n\n(bash .ci/run installs all of the clients' toolchains.)`);
  process.exit(1);
}

for (const tool of tools) {
  if (!tool.debianPackage) continue;
  const version = debianVersion(tool.debianPackage);
  const where = onPath(tool.command);
  if (version === undefined) {
    console.warn(`note: ${where} is not from Debian's ${tool.debianPackage}; output may differ from the committed code (made with ${tool.expected})`);
  } else if (version !== tool.expected) {
    console.warn(`note: ${tool.debianPackage} is ${version}; the committed code was made with ${tool.expected}, so expect differences`);
  }
}

console.log("buf generate (buf.gen.yaml)");
const buf = spawnSync("buf", ["generate"], { cwd: root, stdio: "inherit", env: { ...process.env, PATH } });
if (buf.error !== undefined) {
  console.error(`could not run buf: ${buf.error.message} (is @bufbuild/buf installed? run npm ci)`);
  process.exit(1);
}
process.exit(buf.status ?? 1);
