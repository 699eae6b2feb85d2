import { ALL_NAMESPACES, type Scope } from "../auth/identity.ts";

/** Roles are granted per namespace ("*" for every namespace) and stand for fixed sets of scopes. */
export const ROLE_SCOPES = {
  viewer: ["jobs:read"],
  producer: ["jobs:write", "jobs:read"],
  worker: ["worker"],
  // admin implies jobs:read and jobs:write (auth/identity.ts); spelled out for other verifiers.
  admin: ["admin", "jobs:write", "jobs:read"],
} as const satisfies Record<string, readonly Scope[]>;

export type Role = keyof typeof ROLE_SCOPES;
export const ROLES = Object.keys(ROLE_SCOPES) as Role[];

export interface RoleGrant {
  namespace: string;
  role: Role;
}

/** What an API key is limited to; empty lists mean no limit. */
export interface KeyLimits {
  scopes: readonly string[];
  namespaces: readonly string[];
}

/**
 * The scopes per namespace that roles grant, narrowed by a key's limits. A key limited to
 * namespace "a" keeps a "*" role only as a role in "a".
 */
export function grantsOf(roles: readonly RoleGrant[], limits?: KeyLimits): Map<string, Set<string>> {
  const grants = new Map<string, Set<string>>();
  const add = (namespace: string, scopes: readonly string[]) => {
    const kept = limits && limits.scopes.length > 0 ? scopes.filter((scope) => limits.scopes.includes(scope)) : scopes;
    if (kept.length === 0) return;
    const set = grants.get(namespace) ?? new Set<string>();
    for (const scope of kept) set.add(scope);
    grants.set(namespace, set);
  };
  for (const { namespace, role } of roles) {
    const scopes = ROLE_SCOPES[role];
    if (!limits || limits.namespaces.length === 0) add(namespace, scopes);
    else if (namespace === ALL_NAMESPACES) for (const limited of limits.namespaces) add(limited, scopes);
    else if (limits.namespaces.includes(namespace)) add(namespace, scopes);
  }
  return grants;
}
