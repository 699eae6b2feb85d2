import type { Scope } from "./identity.ts";

/**
 * The scope an RPC needs, from its service and method names alone, so that services added later
 * are covered without touching this file. Health and reflection never get here (they are public).
 */
export function requiredScope(serviceTypeName: string, methodName: string): Scope {
  if (serviceTypeName === "conveyor.v1.WorkerService") return "worker";
  if (serviceTypeName === "conveyor.v1.AdminService" || serviceTypeName === "conveyor.v1.AccountService") return "admin";
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

/** Methods anyone may call without a token: they are how a caller gets one. */
export const PUBLIC_METHODS: ReadonlySet<string> = new Set(["conveyor.v1.AuthService/Login", "conveyor.v1.AuthService/ExchangeApiKey"]);

/** Methods any valid token may call, whatever its scopes: they tell the caller about their own token. */
export const ANY_SCOPE_METHODS: ReadonlySet<string> = new Set(["conveyor.v1.AuthService/WhoAmI"]);

/**
 * Services whose every method needs its scope in all namespaces ("*"): accounts span namespaces,
 * so an admin of one namespace must not grant roles, even in that namespace.
 */
export const ALL_NAMESPACE_SERVICES: ReadonlySet<string> = new Set(["conveyor.v1.AccountService"]);
