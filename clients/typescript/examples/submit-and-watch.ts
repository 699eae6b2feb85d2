// Submits a job and prints every state it goes through until it finishes.
//
//   node clients/typescript/examples/submit-and-watch.ts http://127.0.0.1:50051 emails
//
// Run a worker for the queue (npm run worker:example serves "emails") to see it reach SUCCEEDED.
import { createConveyorClient, jsonPayload, stateName } from "@conveyor/client";

const [url = "http://127.0.0.1:50051", queue = "emails"] = process.argv.slice(2);
const conveyor = createConveyorClient(url, { token: process.env["CONVEYOR_TOKEN"] });
const { job } = await conveyor.jobs.submitJob({
  job: { queue, type: "send_email", payload: jsonPayload({ to: "ada@example.com", subject: "Hello", template: "Hi {{name}}", vars: { name: "Ada" } }) },
});
console.log("submitted", job!.id);
for await (const { job: snapshot, event, log } of conveyor.jobs.watchJob({ id: job!.id })) {
  // Besides state changes, the stream carries the handler's progress reports and log lines.
  if (log) console.log("  log:", log.message);
  else if (event || snapshot) console.log(stateName(event ? event.toState : snapshot!.state));
}
conveyor.close();
