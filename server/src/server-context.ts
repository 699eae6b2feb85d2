import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import type { JobChangeListener } from "./events/job-change-listener.ts";
import type { Database } from "./store/database.ts";

/** What request handlers share: built once by createConveyorServer and passed down. */
export interface ServerContext {
  config: Config;
  logger: Logger;
  db: Database;
  jobChanges: JobChangeListener;
  /** Aborted when the server begins shutting down. */
  shutdownSignal: AbortSignal;
}
