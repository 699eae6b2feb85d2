import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { AuthService, type ExchangeApiKeyRequest, type LoginRequest } from "@conveyor/client/gen/conveyor/v1/auth_service_pb.js";
import { z } from "zod";
import { accountsOff, type Accounts, type IssuedToken } from "../accounts/index.ts";
import { identityKey, SCOPES } from "../auth/index.ts";
import { UnauthenticatedError } from "../errors/conveyor-error.ts";
import { clientAddressKey } from "../http/client-address.ts";
import type { ServerContext } from "../server-context.ts";
import { parseRequest } from "./request-validation.ts";
import { toTimestamp } from "./time-conversions.ts";

const apiKeySchema = z.string().min(1, "is required").max(200, "is not an API key");

function toProtoToken(issued: IssuedToken) {
  return { token: { accessToken: issued.accessToken, expiresAt: toTimestamp(issued.expiresAt) }, accountId: issued.accountId };
}

/**
 * AuthService: tokens for accounts. Login and ExchangeApiKey are public (method-scopes.ts); the
 * tokens they return are never logged.
 */
export function registerAuthService(router: ConnectRouter, context: ServerContext, accounts: Accounts | undefined): void {
  const { logger } = context;
  const required = (): Accounts => {
    if (!accounts) throw accountsOff();
    return accounts;
  };

  router.service(AuthService, {
    async login(request: LoginRequest, handlerContext: HandlerContext) {
      const address = handlerContext.values.get(clientAddressKey);
      try {
        const issued = await required().tokens.login({ email: request.email, password: request.password }, address);
        logger.info({ account: issued.accountId, address }, "login");
        return { ...toProtoToken(issued), roles: issued.roles };
      } catch (error) {
        if (error instanceof UnauthenticatedError) logger.info({ address, reason: error.message }, "login refused");
        throw error;
      }
    },

    async exchangeApiKey(request: ExchangeApiKeyRequest, handlerContext: HandlerContext) {
      const address = handlerContext.values.get(clientAddressKey);
      const apiKey = parseRequest(apiKeySchema, request.apiKey, "api_key");
      const issued = await required().tokens.exchangeApiKey(apiKey, address);
      logger.info({ account: issued.accountId, address }, "API key exchanged for a token");
      return toProtoToken(issued);
    },

    async whoAmI(_request, handlerContext: HandlerContext) {
      const identity = handlerContext.values.get(identityKey);
      if (identity === null) throw new UnauthenticatedError("the call was not authenticated");
      const grants =
        identity.grants ?? new Map([...identity.namespaces].map((namespace) => [namespace, identity.scopes] as const));
      return {
        subject: identity.subject,
        accountName: identity.accountName ?? "",
        grants: [...grants].map(([namespace, scopes]) => ({ namespace, scopes: SCOPES.filter((scope) => scopes.has(scope)) })),
      };
    },
  });
}
