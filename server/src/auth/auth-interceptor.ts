import type { DescMessage } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { checkedRequest } from "../api/checked-request.ts";
import { identityKey, requireAllNamespaces, requireNamespace, requireScope, type Identity } from "./identity.ts";
import { HANDLER_CHECKS_NAMESPACE, PUBLIC_SERVICES, requiredScope } from "./method-scopes.ts";
import type { Authenticator } from "./token-verifier.ts";

/**
 * ┃ The one place where calls are authenticated and authorized. ┃
 * Every RPC but health and reflection: the bearer token is verified (Unauthenticated otherwise),
 * the method's scope is required (see method-scopes.ts), and the request's `namespace` must be one
 * the token is bound to (PermissionDenied otherwise). Streamed requests are checked message by
 * message, before the handler sees them. The identity is left in the handler context for handlers
 * that check what only they can see (LeaseOpen.namespace). Errors are typed; the error interceptor
 * outside this one maps them to codes.
 */
export function authInterceptor(authenticate: Authenticator): Interceptor {
  return (next) => async (request) => {
    if (PUBLIC_SERVICES.has(request.service.typeName)) return next(request);
    const identity = await authenticate(request.header.get("authorization"));
    const procedure = `${request.service.name}.${request.method.name}`;
    requireScope(identity, requiredScope(request.service.typeName, request.method.name), procedure);
    request.contextValues.set(identityKey, identity);

    const checkNamespace = namespaceCheck(request.method.input, identity, procedure, `${request.service.typeName}/${request.method.name}`);
    if (checkNamespace === undefined) return next(request);
    return next(checkedRequest(request, checkNamespace));
  };
}

/**
 * Requests carry `string namespace = 1` ("" is "default"). One that has no such field names no
 * namespace, so it would reach all of them: it needs a token for "*", unless its handler checks
 * the namespace itself.
 */
function namespaceCheck(input: DescMessage, identity: Identity, procedure: string, path: string): ((message: unknown) => void) | undefined {
  const field = input.fields.find((f) => f.name === "namespace" && f.fieldKind === "scalar");
  if (field) return (message) => requireNamespace(identity, (message as Record<string, unknown>)[field.localName] as string);
  if (HANDLER_CHECKS_NAMESPACE.has(path)) return undefined;
  return () => requireAllNamespaces(identity, procedure);
}
