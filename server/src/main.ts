// The `conveyor` command. The command groups live in cli/commands/ and load what their actions need
// only when an action runs, so that parsing the arguments stays fast (the server starts without
// loading the API client, and `conveyor job get` without loading the server).
import { makeProgram } from "./cli/program.ts";

// `conveyor job list | head`: a reader that stops early is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

await makeProgram().parseAsync(process.argv);
