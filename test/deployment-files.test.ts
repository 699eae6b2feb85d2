// The deployment files (docker-compose.yml, the Dockerfiles, deploy/) agree with the code: every
// file they name exists, the ports and probe paths are the ones the server serves, the settings
// they pass exist, the images run unprivileged, and the Grafana dashboard queries only metrics the
// server exports. No Docker engine is needed: the files are parsed, and a live server answers.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { configSchema, envName, loadConfig } from "../server/src/config/config.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const defaults = loadConfig({ CONVEYOR_AUTH_MODE: "off" });
const serverSettings = new Set(Object.keys(configSchema.shape).map(envName));
/** Standard OpenTelemetry SDK variables, read by @opentelemetry/sdk-node (observability/tracing-sdk.ts). */
const OTEL_SETTINGS = new Set(["OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_EXPORTER"]);
/** What the example worker and the worker SDK read: the names must appear in their source. */
const workerSources = read("worker-sdk/examples/example-worker.ts") + read("worker-sdk/src/worker-options.ts");

function expectServerSetting(name: string, where: string): void {
  const known = serverSettings.has(name) || OTEL_SETTINGS.has(name);
  expect(known, `${where}: ${name} is not a server setting (server/src/config/config.ts)`).toBe(true);
}

function expectWorkerSetting(name: string, where: string): void {
  expect(workerSources.includes(`"${name}"`), `${where}: the worker reads no ${name}`).toBe(true);
}

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const keywords = new Set(["by", "without", "and", "or", "unless", "bool", "offset"]);
  return [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter((match) => !match[2] && !keywords.has(match[1]!))
    .map((match) => match[1]!);
}

/** Every series name /metrics can show, including those with no samples yet (from # TYPE lines). */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
  }
  return names;
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  secrets?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const serverImage = "server/Dockerfile";
const services = Object.entries(compose.services);
const serverServices = services.filter(([, s]) => s.build?.dockerfile === serverImage);

const { server } = useConveyor({ amqpQueueType: "classic" });
let exported: Set<string>;

beforeAll(async () => {
  const response = await fetch(`${server().url}/metrics`);
  expect(response.status).toBe(200);
  exported = exportedNames(await response.text());
});

/** The server answers this path over plain HTTP/1.1, as probes and load balancers ask. */
async function expectServed(path: string): Promise<void> {
  const response = await fetch(`${server().url}${path}`);
  expect(response.status, `GET ${path}`).toBe(200);
}

describe("docker-compose.yml", () => {
  it("names only files that exist: Dockerfiles, bind mounts and secrets (which the dev-secrets script creates)", () => {
    for (const [name, service] of services) {
      if (service.build) expect(existsSync(join(root, service.build.context, service.build.dockerfile)), `${name}'s Dockerfile`).toBe(true);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0]!;
        if (source.startsWith(".")) expect(existsSync(join(root, source)), `${name} mounts ${source}`).toBe(true);
        else expect(compose.volumes, `${name} mounts the named volume ${source}`).toHaveProperty(source);
      }
      for (const secret of service.secrets ?? []) expect(compose.secrets, `${name}'s secret ${secret}`).toHaveProperty(secret);
    }
    for (const [name, { file }] of Object.entries(compose.secrets)) {
      expect(read("scripts/dev-secrets.sh"), `scripts/dev-secrets.sh creates ${name}`).toContain(`"$dir/${file.split("/").pop()}"`);
      // Never committed: git ignores the generated file.
      expect(() => execFileSync("git", ["check-ignore", "-q", file], { cwd: root })).not.toThrow();
    }
  });

  it("runs 2 server replicas without host ports, behind Envoy, after a one-shot migration", () => {
    const replicas = compose.services["conveyor"]!;
    expect(replicas.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(replicas.ports, "a fixed host port would clash between replicas").toBeUndefined();
    expect(replicas.environment?.["CONVEYOR_AUTO_MIGRATE"]).toBe("false");
    expect(replicas.depends_on?.["conveyor-migrate"]).toEqual({ condition: "service_completed_successfully" });
    expect(compose.services["conveyor-migrate"]!.command).toEqual(["migrate"]);
    expect(compose.services["lb"]!.ports).toEqual([`${defaults.port}:${defaults.port}`]);
    expect(compose.services["worker"]!.environment?.["CONVEYOR_URL"]).toBe(`http://lb:${defaults.port}`);
  });

  it("passes the server only settings it has, on the port it listens on by default", () => {
    for (const [name, service] of serverServices) {
      for (const variable of Object.keys(service.environment ?? {})) expectServerSetting(variable, `compose ${name}`);
      expect(service.environment?.["CONVEYOR_PORT"]).toBe(String(defaults.port));
      expect(service.environment?.["CONVEYOR_AUTH_HS256_SECRET_FILE"]).toBe("/run/secrets/jwt-secret");
    }
    for (const variable of Object.keys(compose.services["worker"]!.environment ?? {})) expectWorkerSetting(variable, "compose worker");
  });

  it("mints the worker's token into the volume the worker reads it from", () => {
    const minter = compose.services["conveyor-token"]!;
    const command = ([] as string[]).concat(minter.command ?? []).join(" ");
    expect(command).toContain("server/src/main.ts token --scope worker --namespace default");
    const tokenFile = compose.services["worker"]!.environment!["CONVEYOR_TOKEN_FILE"]!;
    expect(command).toContain(`mv ${tokenFile}.tmp ${tokenFile}`);
    const mountOf = (service: ComposeService) => service.volumes!.find((v) => v.startsWith("worker-token:"))!.split(":")[1];
    expect(tokenFile.startsWith(mountOf(minter) + "/")).toBe(true);
    expect(mountOf(compose.services["worker"]!)).toBe(mountOf(minter));
    expect(compose.services["worker"]!.depends_on?.["conveyor-token"]).toEqual({ condition: "service_completed_successfully" });
  });

  it("health-checks the replicas on a path the server serves", async () => {
    const check = compose.services["conveyor"]!.healthcheck!.test.join(" ");
    const [, port, path] = check.match(/127\.0\.0\.1:(\d+)(\/\w+)/)!;
    expect(Number(port)).toBe(defaults.port);
    await expectServed(path!);
  });
});

describe("Envoy, Prometheus and Grafana", () => {
  it("Envoy balances over every replica's address, speaking HTTP/2, and checks readiness on /readyz", async () => {
    const envoy = parse(read("deploy/envoy/envoy.yaml"));
    const cluster = envoy.static_resources.clusters[0];
    expect(cluster.type).toBe("STRICT_DNS");
    const address = cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
    expect(address).toEqual({ address: "conveyor", port_value: defaults.port });
    expect(cluster.typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].explicit_http_config).toHaveProperty("http2_protocol_options");
    const path = cluster.health_checks[0].http_health_check.path;
    expect(path).toBe("/readyz");
    await expectServed(path);
  });

  it("Prometheus discovers every replica by DNS and scrapes /metrics on the server's port", async () => {
    const prometheus = parse(read("deploy/prometheus/prometheus.yml"));
    const job = prometheus.scrape_configs.find((c: { job_name: string }) => c.job_name === "conveyor");
    expect(job.dns_sd_configs).toEqual([expect.objectContaining({ names: ["conveyor"], type: "A", port: defaults.port })]);
    expect(compose.services).toHaveProperty("conveyor");
    await expectServed(job.metrics_path);
  });

  it("Grafana provisions the Prometheus datasource and a Conveyor dashboard from the mounted folder", () => {
    const datasource = parse(read("deploy/grafana/provisioning/datasources/prometheus.yml")).datasources[0];
    expect(datasource).toMatchObject({ type: "prometheus", url: "http://prometheus:9090" });
    const provider = parse(read("deploy/grafana/provisioning/dashboards/conveyor.yml")).providers[0];
    const mounts = compose.services["grafana"]!.volumes!;
    expect(mounts).toContain(`./deploy/grafana/dashboards:${provider.options.path}:ro`);
    const dashboard = JSON.parse(read("deploy/grafana/dashboards/conveyor.json"));
    expect(dashboard.title).toBe("Conveyor");
    for (const panel of dashboard.panels) expect(panel.datasource.uid, panel.title).toBe(datasource.uid);
  });

  it("the dashboard queries only metrics the server exports", () => {
    const dashboard = JSON.parse(read("deploy/grafana/dashboards/conveyor.json"));
    const queried = new Set<string>();
    for (const panel of dashboard.panels) for (const target of panel.targets) for (const name of metricNamesIn(target.expr)) queried.add(name);
    expect([...queried].filter((name) => name.startsWith("conveyor_")).length).toBeGreaterThanOrEqual(10);
    const unknown = [...queried].filter((name) => !exported.has(name));
    expect(unknown, "metrics the dashboard queries but /metrics does not export").toEqual([]);
  });

  it("reads metric names the way PromQL does (so the check above can catch a typo)", () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, queue) (rate(conveyor_x_bucket{job="a"}[5m])))')).toEqual(["conveyor_x_bucket"]);
    expect(metricNamesIn("max by (namespace) (conveyor_queue_depth) or conveyor_typo")).toEqual(["conveyor_queue_depth", "conveyor_typo"]);
    expect(exported.has("conveyor_typo")).toBe(false);
  });
});

describe("Dockerfiles", () => {
  const dockerfiles = ["server/Dockerfile", "worker-sdk/Dockerfile"];

  it.each(dockerfiles)("%s: multi-stage on Node 24, production dependencies only, unprivileged, with a HEALTHCHECK", (path) => {
    const lines = read(path)
      .replace(/\\\n/g, " ")
      .split("\n")
      .filter((line) => line.trim() && !line.trimStart().startsWith("#"));
    const froms = lines.filter((line) => line.startsWith("FROM "));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24[-.\w]*( AS \w+)?$/);
    expect(lines.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    const finalStage = lines.slice(lines.lastIndexOf(froms.at(-1)!));
    const user = finalStage.filter((line) => line.startsWith("USER ")).at(-1)?.split(/\s+/)[1];
    expect(user, "the final stage names a user").toBeDefined();
    expect(["root", "0", "0:0"]).not.toContain(user);
    expect(finalStage.some((line) => line.startsWith("HEALTHCHECK ") && line.includes("/healthz"))).toBe(true);
    for (const copy of finalStage.filter((line) => line.startsWith("COPY ") && !line.includes("--from"))) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(join(root, source)), `${path}: COPY ${source}`).toBe(true);
    }
  });

  it("the server image listens on the default port and its HEALTHCHECK path is served", async () => {
    const text = read("server/Dockerfile");
    expect(text).toMatch(new RegExp(`^EXPOSE ${defaults.port}$`, "m"));
    expect(text).toContain("process.env.CONVEYOR_PORT || " + defaults.port);
    expect(serverSettings.has("CONVEYOR_PORT")).toBe(true);
    await expectServed("/healthz");
  });
});

describe("deploy/kubernetes", () => {
  const dir = "deploy/kubernetes";
  const files = readdirSync(join(root, dir)).filter((file) => file.endsWith(".yaml"));
  type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: any; data?: Record<string, string>; stringData?: Record<string, string>; resources?: string[] };
  const manifests: (Manifest & { file: string })[] = files.flatMap((file) =>
    parseAllDocuments(read(join(dir, file))).map((doc) => {
      expect(doc.errors, file).toEqual([]);
      return { ...(doc.toJS() as Manifest), file };
    }),
  );
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const deployment = (name: string) => byKind("Deployment").find((m) => m.metadata.name === name)!;
  const podSpecs = () => [...byKind("Deployment"), ...byKind("Job")].map((m) => ({ name: m.metadata.name, pod: m.spec.template.spec }));
  const configMap = byKind("ConfigMap")[0]!;

  it("kustomization lists every manifest but the Secret example, and everything lives in the conveyor namespace", () => {
    const kustomization = manifests.find((m) => m.kind === "Kustomization")!;
    expect(new Set(kustomization.resources)).toEqual(new Set(files.filter((f) => f !== "kustomization.yaml" && f !== "secret.example.yaml")));
    for (const m of manifests.filter((m) => !["Kustomization", "Namespace"].includes(m.kind))) expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBe("conveyor");
  });

  it("the Secret example holds placeholders only", () => {
    const secret = byKind("Secret")[0]!;
    for (const [key, value] of Object.entries(secret.stringData!)) expect(value, key).toContain("CHANGE-ME");
  });

  it("the ConfigMap and Secret set only settings the server has, and the port is the default", () => {
    for (const key of Object.keys(configMap.data!)) expectServerSetting(key, "ConfigMap");
    for (const key of Object.keys(byKind("Secret")[0]!.stringData!).filter((k) => /^[A-Z_]+$/.test(k))) expectServerSetting(key, "Secret");
    expect(configMap.data!["CONVEYOR_PORT"]).toBe(String(defaults.port));
    expect(configMap.data!["CONVEYOR_AUTO_MIGRATE"]).toBe("false");
  });

  it("servers: 2+ replicas, readiness on /readyz, liveness on /healthz, on the port they listen on", async () => {
    const server = deployment("conveyor-server");
    expect(server.spec.replicas).toBeGreaterThanOrEqual(2);
    const container = server.spec.template.spec.containers[0];
    const port = container.ports.find((p: { name: string }) => p.name === container.readinessProbe.httpGet.port);
    expect(port.containerPort).toBe(defaults.port);
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    await expectServed(container.readinessProbe.httpGet.path);
    await expectServed(container.livenessProbe.httpGet.path);
    for (const variable of container.env.map((e: { name: string }) => e.name)) expectServerSetting(variable, "server Deployment");
  });

  it("servers get longer to terminate than their shutdown takes (preStop pause + grace + forced-exit margin)", () => {
    const pod = deployment("conveyor-server").spec.template.spec;
    const graceMs = Number(configMap.data!["CONVEYOR_SHUTDOWN_GRACE_MS"] ?? defaults.shutdownGraceMs);
    const preStopMs = Number(pod.containers[0].lifecycle.preStop.exec.command[1]) * 1000;
    // main.ts forces exit 5 s after the grace; the kubelet's SIGKILL must come later still.
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + graceMs + 5_000);
  });

  it("every pod runs as non-root with a read-only root filesystem, and every container has resources", () => {
    for (const { name, pod } of podSpecs()) {
      expect(pod.securityContext.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext.runAsUser, name).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext, `${name}/${container.name}`).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(container.resources.requests, `${name}/${container.name}`).toBeDefined();
        expect(container.resources.limits.memory, `${name}/${container.name}`).toBeDefined();
      }
    }
  });

  it("Services, the PodDisruptionBudget and autoscalers select the pods they mean", () => {
    const serverLabels = deployment("conveyor-server").spec.template.metadata.labels;
    for (const service of byKind("Service")) {
      expect(serverLabels).toMatchObject(service.spec.selector);
      expect(service.spec.ports[0]).toMatchObject({ port: defaults.port, targetPort: "grpc", appProtocol: "kubernetes.io/h2c" });
    }
    expect(byKind("Service").some((service) => service.spec.clusterIP === "None"), "a headless Service for client-side balancing").toBe(true);
    const pdb = byKind("PodDisruptionBudget")[0]!;
    expect(serverLabels).toMatchObject(pdb.spec.selector.matchLabels);
    for (const hpa of byKind("HorizontalPodAutoscaler")) expect(deployment(hpa.spec.scaleTargetRef.name), hpa.metadata.name).toBeDefined();
  });

  it("the migration Job migrates; the worker reads settings it has and probes its health port", () => {
    const job = byKind("Job")[0]!;
    expect(job.spec.template.spec.containers[0].args).toEqual(["migrate"]);
    const worker = deployment("conveyor-worker").spec.template.spec.containers[0];
    for (const { name } of worker.env) expectWorkerSetting(name, "worker Deployment");
    const healthPort = worker.env.find((e: { name: string }) => e.name === "CONVEYOR_HEALTH_PORT").value;
    expect(worker.ports.find((p: { name: string }) => p.name === worker.livenessProbe.httpGet.port).containerPort).toBe(Number(healthPort));
    expect(worker.env.find((e: { name: string }) => e.name === "CONVEYOR_URL").value).toBe(`http://conveyor-server.conveyor.svc:${defaults.port}`);
  });
});
