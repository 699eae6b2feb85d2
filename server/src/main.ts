// The `conveyor` command. The command groups live in cli/commands/ and load what their actions need
// only when an action runs, so that parsing the arguments stays fast (the server starts without
// loading the API client, and `conveyor job get` without loading the server).
import { makeProgram } from "./cli/program.ts";

await makeProgram().parseAsync(process.argv);
