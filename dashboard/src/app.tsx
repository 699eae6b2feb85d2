import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { JobService } from "@conveyor/client";
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { NavLink, Route, Routes } from "react-router";
import { queryClient, transport } from "./api/transport.ts";
import { allows, dropToken, readClaims, setAuthOff, setNamespace, useSession, type Scope } from "./api/session.ts";
import { TokenPrompt } from "./pages/token-prompt.tsx";
import { JobsPage } from "./pages/jobs-page.tsx";
import { JobPage } from "./pages/job-page.tsx";
import { DeadLettersPage } from "./pages/dead-letters-page.tsx";
import { WorkflowsPage } from "./pages/workflows-page.tsx";
import { QueuesPage } from "./pages/queues-page.tsx";
import { SchedulesPage } from "./pages/schedules-page.tsx";
import { WorkersPage } from "./pages/workers-page.tsx";

// The charts and the graph library are most of the code: loaded with the pages that use them.
const OverviewPage = lazy(() => import("./pages/overview-page.tsx").then((m) => ({ default: m.OverviewPage })));
const WorkflowPage = lazy(() => import("./pages/workflow-page.tsx").then((m) => ({ default: m.WorkflowPage })));

type Probe = { status: "probing" } | { status: "ready" } | { status: "unreachable"; message: string };

/**
 * Finds out whether the server wants a token: a call without one succeeds when auth is off. Until
 * then, and whenever there is no token to send, the page shows the token prompt instead.
 */
function useAuthProbe(): [Probe, () => void] {
  const session = useSession();
  const [probe, setProbe] = useState<Probe>({ status: "probing" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (session.token || session.authOff) {
      setProbe({ status: "ready" });
      return;
    }
    let live = true;
    setProbe({ status: "probing" });
    createClient(JobService, transport)
      .listJobs({ namespace: session.namespace, pageSize: 1 })
      .then(
        () => live && (setAuthOff(true), setProbe({ status: "ready" })),
        (error: unknown) => {
          if (!live) return;
          const e = ConnectError.from(error);
          if (e.code === Code.Unauthenticated || e.code === Code.PermissionDenied) setProbe({ status: "ready" });
          else setProbe({ status: "unreachable", message: e.rawMessage });
        },
      );
    return () => {
      live = false;
    };
  }, [session.token, session.authOff, session.namespace, attempt]);
  return [probe, () => setAttempt((n) => n + 1)];
}

/** Drops the token when it expires, so the page asks for a new one instead of failing call by call. */
function useTokenExpiry(token: string | null): void {
  useEffect(() => {
    const expiresAt = token ? readClaims(token)?.expiresAt : undefined;
    if (expiresAt === undefined) return;
    const expire = () => {
      dropToken(`Your token expired at ${new Date(expiresAt).toLocaleString()}. Paste a new one.`);
      queryClient.clear();
    };
    const delay = expiresAt - Date.now();
    if (delay <= 0) return expire();
    const timer = setTimeout(expire, Math.min(delay, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [token]);
}

const NAV: { to: string; label: string; scope: Scope }[] = [
  { to: "/", label: "Overview", scope: "admin" },
  { to: "/jobs", label: "Jobs", scope: "jobs:read" },
  { to: "/dead-letters", label: "Dead letters", scope: "jobs:read" },
  { to: "/workflows", label: "Workflows", scope: "jobs:read" },
  { to: "/queues", label: "Queues", scope: "admin" },
  { to: "/schedules", label: "Schedules", scope: "jobs:read" },
  { to: "/workers", label: "Workers", scope: "admin" },
];

export function App() {
  const session = useSession();
  const [probe, retry] = useAuthProbe();
  useTokenExpiry(session.token);

  if (probe.status === "unreachable") {
    return (
      <main className="center">
        <div className="panel error" role="alert">
          <h1>The Conveyor server is unreachable</h1>
          <p>{probe.message}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (probe.status === "probing") return <main className="center muted">Connecting…</main>;
  if (!session.token && !session.authOff) return <TokenPrompt />;

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Conveyor</span>
        <nav aria-label="Pages">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.to === "/"} title={allows(session, item.scope) ? undefined : `Needs the ${item.scope} scope`}>
              {item.label}
              {allows(session, item.scope) ? null : <span className="lock"> ({item.scope} only)</span>}
            </NavLink>
          ))}
        </nav>
        <NamespacePicker />
        <Identity />
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
        <Routes>
          <Route path="/" element={<Guard scope="admin" page="Overview"><OverviewPage /></Guard>} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/jobs/:id" element={<JobPage />} />
          <Route path="/dead-letters" element={<DeadLettersPage />} />
          <Route path="/workflows" element={<WorkflowsPage />} />
          <Route path="/workflows/:id" element={<WorkflowPage />} />
          <Route path="/queues" element={<Guard scope="admin" page="Queues"><QueuesPage /></Guard>} />
          <Route path="/schedules" element={<SchedulesPage />} />
          <Route path="/workers" element={<Guard scope="admin" page="Workers"><WorkersPage /></Guard>} />
          <Route path="*" element={<p className="panel empty">No such page. Pick one above.</p>} />
        </Routes>
        </Suspense>
      </main>
    </div>
  );
}

/** A page its token may not read says so, rather than failing call by call. */
function Guard({ scope, page, children }: { scope: Scope; page: string; children: ReactNode }) {
  const session = useSession();
  if (allows(session, scope)) return children;
  return (
    <div className="panel forbidden" role="alert">
      <h1>{page}</h1>
      <p>
        Permission denied: this page needs a token with the <code>{scope}</code> scope. Your token has:{" "}
        <code>{[...(readClaims(session.token ?? "")?.scopes ?? [])].join(" ") || "no scopes"}</code>.
      </p>
    </div>
  );
}

function NamespacePicker() {
  const session = useSession();
  const [value, setValue] = useState(session.namespace);
  const claims = session.token ? readClaims(session.token) : undefined;
  const options = claims?.namespaces.filter((n) => n !== "*") ?? [];
  return (
    <form
      className="namespace"
      onSubmit={(event) => {
        event.preventDefault();
        setNamespace(value.trim() || "default");
      }}
    >
      <label>
        Namespace{" "}
        <input list="namespaces" value={value} onChange={(e) => setValue(e.target.value)} size={12} onBlur={() => setNamespace(value.trim() || "default")} />
      </label>
      <datalist id="namespaces">
        {options.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </form>
  );
}

function Identity() {
  const session = useSession();
  if (session.authOff) return <span className="identity muted">auth off</span>;
  const claims = readClaims(session.token ?? "");
  return (
    <span className="identity">
      <span title={`scopes: ${[...(claims?.scopes ?? [])].join(" ")}`}>{claims?.subject ?? "token"}</span>{" "}
      <button type="button" className="link" onClick={() => (dropToken(null), queryClient.clear())}>
        Sign out
      </button>
    </span>
  );
}
