import type { Scope } from "./identity.ts";

/**
 * The scope an RPC needs, from its service and method names alone, so that services added later
 * are covered without touching this file. Health and reflection never get here (they are public).
 */
export function requiredScope(serviceTypeName: string, methodName: string): Scope {
  if (serviceTypeName === "conveyor.v1.WorkerService") return "worker";
  if (serviceTypeName === "conveyor.v1.AdminService") return "admin";
  return /^(Get|List|Watch)[A-Z]/.test(methodName) ? "jobs:read" : "jobs:write";
}

/** Services anyone may call without a token: load balancers probe health, tools discover the API. */
export const PUBLIC_SERVICES: ReadonlySet<string> = new Set([
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
]);

/**
 * Streaming RPCs whose requests carry no `namespace` field of their own, where the handler checks
 * the namespace from the request it reads (WorkerService.Lease: LeaseOpen.namespace).
 */
export const HANDLER_CHECKS_NAMESPACE: ReadonlySet<string> = new Set(["conveyor.v1.WorkerService/Lease"]);
