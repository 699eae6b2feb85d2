import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { AccountKind, AccountSchema, AccountService, ApiKeySchema, type Account, type ApiKey } from "@conveyor/client/gen/conveyor/v1/account_service_pb.js";
import { accountsOff, type Accounts, type AccountView, type Actor } from "../accounts/index.ts";
import { identityKey } from "../auth/index.ts";
import { InvalidArgumentError } from "../errors/conveyor-error.ts";
import type { ServerContext } from "../server-context.ts";
import type { ApiKeyRow } from "../store/account-store.ts";
import { timestampSchema } from "./job-spec.ts";
import { parseRequest } from "./request-validation.ts";
import { fromTimestamp, toTimestamp } from "./time-conversions.ts";

function toProtoAccount(view: AccountView): Account {
  return create(AccountSchema, {
    id: view.id,
    kind: view.kind === "user" ? AccountKind.USER : AccountKind.SERVICE,
    name: view.name,
    disabled: view.disabled,
    roles: view.roles,
    createdAt: toTimestamp(view.createdAt),
  });
}

function toProtoKey(row: ApiKeyRow): ApiKey {
  return create(ApiKeySchema, {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    scopes: row.scopes,
    namespaces: row.namespaces,
    createdAt: toTimestamp(row.created_at),
    expiresAt: toTimestamp(row.expires_at),
    revokedAt: toTimestamp(row.revoked_at),
    lastUsedAt: toTimestamp(row.last_used_at),
  });
}

/** Who is changing access, for the audit log: the account, or the external token's subject. */
function actorOf(handlerContext: HandlerContext): Actor {
  const identity = handlerContext.values.get(identityKey);
  if (identity === null) return "unknown";
  return identity.accountName !== undefined ? `account:${identity.subject} (${identity.accountName})` : `token:${identity.subject || "(no subject)"}`;
}

/** AccountService: accounts, roles, API keys, the audit log and key rotation; admin of "*" only (method-scopes.ts). */
export function registerAccountService(router: ConnectRouter, context: ServerContext, accounts: Accounts | undefined): void {
  const { logger } = context;
  const manager = () => {
    if (!accounts) throw accountsOff();
    return accounts.manager;
  };

  router.service(AccountService, {
    async createAccount(request, handlerContext) {
      if (request.kind !== AccountKind.USER && request.kind !== AccountKind.SERVICE) throw new InvalidArgumentError("kind", "must be ACCOUNT_KIND_USER or ACCOUNT_KIND_SERVICE");
      const account = await manager().createAccount(actorOf(handlerContext), {
        kind: request.kind === AccountKind.USER ? "user" : "service",
        name: request.name,
        password: request.password || undefined,
        roles: request.roles,
      });
      logger.info({ account: account.id, actor: actorOf(handlerContext) }, "account created");
      return { account: toProtoAccount(account) };
    },

    async listAccounts() {
      return { accounts: (await manager().listAccounts()).map(toProtoAccount) };
    },

    async getAccount(request) {
      return { account: toProtoAccount(await manager().getAccount(request.accountId)) };
    },

    async disableAccount(request, handlerContext) {
      return { account: toProtoAccount(await manager().setDisabled(actorOf(handlerContext), request.accountId, true)) };
    },

    async enableAccount(request, handlerContext) {
      return { account: toProtoAccount(await manager().setDisabled(actorOf(handlerContext), request.accountId, false)) };
    },

    async deleteAccount(request, handlerContext) {
      await manager().deleteAccount(actorOf(handlerContext), request.accountId);
      return {};
    },

    async setPassword(request, handlerContext) {
      await manager().setPassword(actorOf(handlerContext), request.accountId, request.password);
      return {};
    },

    async grantRole(request, handlerContext) {
      return { account: toProtoAccount(await manager().grantRole(actorOf(handlerContext), request.accountId, request.grant)) };
    },

    async revokeRole(request, handlerContext) {
      return { account: toProtoAccount(await manager().revokeRole(actorOf(handlerContext), request.accountId, request.grant)) };
    },

    async createApiKey(request, handlerContext) {
      const expiresAt = request.expiresAt ? fromTimestamp(parseRequest(timestampSchema, request.expiresAt, "expires_at") as never) : undefined;
      const { row, key } = await manager().createApiKey(actorOf(handlerContext), {
        accountId: request.accountId,
        name: request.name,
        scopes: request.scopes,
        namespaces: request.namespaces,
        expiresAt,
      });
      return { key: toProtoKey(row), apiKey: key };
    },

    async listApiKeys(request) {
      return { keys: (await manager().listApiKeys(request.accountId)).map(toProtoKey) };
    },

    async revokeApiKey(request, handlerContext) {
      return { key: toProtoKey(await manager().revokeApiKey(actorOf(handlerContext), request.keyId)) };
    },

    async listAuditEvents(request) {
      const { events, nextPageToken } = await manager().listAuditEvents({ pageSize: request.pageSize, pageToken: request.pageToken });
      return {
        events: events.map((event) => ({
          id: event.id,
          at: toTimestamp(event.at),
          actor: event.actor,
          action: event.action,
          accountId: event.account_id ?? "",
          details: JSON.stringify(event.details),
        })),
        nextPageToken,
      };
    },

    async rotateSigningKey(_request, handlerContext) {
      if (!accounts) throw accountsOff();
      const kid = await accounts.ring.rotate(true);
      await accounts.manager.recordAudit(actorOf(handlerContext), "signing_key.rotated", { kid });
      return { kid };
    },
  });
}
