import { useState } from "react";
import { readClaims, setToken, useSession } from "../api/session.ts";

/** Asks for a bearer token; it goes to sessionStorage (gone when the tab closes), never into a URL. */
export function TokenPrompt() {
  const session = useSession();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <main className="center">
      <form
        className="panel prompt"
        aria-labelledby="prompt-title"
        onSubmit={(event) => {
          event.preventDefault();
          const token = text.trim().replace(/^Bearer\s+/i, "");
          const claims = readClaims(token);
          if (!claims) return setProblem("That is not a JWT (three base64url parts separated by dots).");
          if (claims.expiresAt !== undefined && claims.expiresAt <= Date.now()) {
            return setProblem(`That token expired at ${new Date(claims.expiresAt).toLocaleString()}.`);
          }
          setToken(token);
        }}
      >
        <h1 id="prompt-title">Sign in to Conveyor</h1>
        {session.promptReason ? (
          <p className="panel warning" role="alert">
            {session.promptReason}
          </p>
        ) : null}
        <p>
          Paste a bearer token (a JWT with the <code>jobs:read</code> scope to look, <code>jobs:write</code> to act on jobs, <code>admin</code> for
          queues and workers). With the quick start: <code>npm run -s token -- --scope admin</code>. It is kept for this tab only.
        </p>
        <label htmlFor="token">Token</label>
        <textarea id="token" rows={4} value={text} onChange={(e) => setText(e.target.value)} autoFocus spellCheck={false} autoComplete="off" />
        {problem ? (
          <p className="error-text" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="primary">
          Use this token
        </button>
      </form>
    </main>
  );
}
