import type { Command } from "commander";
import { apiCommand } from "../client-action.ts";

export function registerHealthCommand(program: Command): void {
  apiCommand(program, "health")
    .description("ask the server whether it is ready (its /readyz: PostgreSQL and RabbitMQ answer); exit 0 if so, 24 if not or unreachable")
    .action(async (_options: unknown, command: Command) => (await import("../actions/health-actions.ts")).health(command));
}
