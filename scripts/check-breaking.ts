// Breaking-change check for the protobuf contract (`npm run breaking:proto`, also run by CI).
//
// Compares the working tree's proto/ against the last published contract:
//   - on a branch other than main: against main (`.git#branch=main`);
//   - on main: against the previous commit (`.git#ref=HEAD~1`).
// When there is nothing to compare against (first commit, a shallow clone without history, no
// main branch, or an earlier commit without proto/) it says so and succeeds, so that a new
// repository and a `--depth 1` CI checkout are not failed by a check that cannot run.
// Otherwise the exit code is buf's.
//
// Node builtins only: this runs before anything else is trusted.
import { spawnSync } from "node:child_process";

const CONTRACT_DIR = "proto";

/** Runs git and returns its trimmed stdout, or undefined if git failed. */
function git(...args: string[]): string | undefined {
  const result = spawnSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout.trim();
}

/** The commit a revision names, or undefined if it does not exist here. */
function commitOf(rev: string): string | undefined {
  return git("rev-parse", "--verify", "--quiet", `${rev}^{commit}`) || undefined;
}

/** Whether the commit has the contract directory (an empty answer means it has not). */
function hasContract(commit: string): boolean {
  return Boolean(git("ls-tree", "-d", "--name-only", commit, "--", CONTRACT_DIR));
}

function nothingToCompare(why: string): never {
  console.log(`no earlier contract to compare against (${why})`);
  process.exit(0);
}

if (git("rev-parse", "--is-inside-work-tree") !== "true") nothingToCompare("not a git checkout");
const head = commitOf("HEAD");
if (head === undefined) nothingToCompare("no commits yet");
const shallow = git("rev-parse", "--is-shallow-repository") === "true";

// CI often checks out a detached HEAD; a detached HEAD at main's tip counts as being on main.
const branch = git("symbolic-ref", "--quiet", "--short", "HEAD") ?? "";
const localMain = commitOf("refs/heads/main");
const main = localMain ?? commitOf("refs/remotes/origin/main");
const onMain = branch === "main" || (branch === "" && main === head);

let against: string;
if (onMain) {
  const previous = commitOf("HEAD~1");
  if (previous === undefined) nothingToCompare(shallow ? "shallow clone without history" : "first commit");
  if (!hasContract(previous)) nothingToCompare(`HEAD~1 has no ${CONTRACT_DIR}/`);
  against = ".git#ref=HEAD~1";
} else {
  if (main === undefined) nothingToCompare(shallow ? "shallow clone without branch main" : "no branch main");
  if (!hasContract(main)) nothingToCompare(`main has no ${CONTRACT_DIR}/`);
  // A fresh clone of a feature branch has only origin/main; buf's `branch=` wants a local branch,
  // so name main's commit instead.
  against = localMain !== undefined ? ".git#branch=main" : `.git#ref=${main}`;
}

console.log(`buf breaking --against '${against}'`);
const buf = spawnSync("npx", ["buf", "breaking", "--against", against], { stdio: "inherit" });
if (buf.error !== undefined) {
  console.error(`could not run buf: ${buf.error.message}`);
  process.exit(1);
}
process.exit(buf.status ?? 1);
