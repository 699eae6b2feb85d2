import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { Option, type Command } from "commander";
import type { Database as DatabaseType } from "../store/database.ts";
import type { AccountManager, AccountView } from "./account-manager.ts";

/**
 * `conveyor account|key|role ...`: access management for operators with database access, the
 * same access `conveyor migrate` needs (so the first admin can be made before anyone can log in).
 * Each command connects to CONVEYOR_DATABASE_URL, applies pending migrations unless
 * CONVEYOR_AUTO_MIGRATE=false, makes its change through AccountManager (audited as "cli:<user>")
 * and exits. Servers see the change within CONVEYOR_AUTH_ACCOUNT_CACHE_MS. Heavy modules are
 * imported inside the actions, so that other commands start fast.
 */
export function registerAccountCommands(program: Command): void {
  const account = program.command("account").description("create, list, disable, enable and delete accounts; read the audit log (needs database access)");

  account
    .command("create")
    .description("create a user (--email) or a service account (--service); a user's password comes from --password-file or standard input")
    .option("--email <email>", "a user's email")
    .option("--service <name>", "a service account's name")
    .option("--admin", 'make it an admin of all namespaces (role admin in "*"), e.g. the first admin')
    .option("-r, --role <namespace:role...>", "roles to grant, e.g. payments:producer or '*:viewer'", [])
    .option("--password-file <file>", "a file holding the password (a trailing newline is ignored); default: standard input")
    .option("--json", "print the account as JSON")
    .action((options: { email?: string; service?: string; admin?: boolean; role: string[]; passwordFile?: string; json?: boolean }) =>
      withAccounts(async (manager, actor) => {
        if ((options.email === undefined) === (options.service === undefined)) usage("account create: give either --email <email> or --service <name>");
        const roles = options.role.map(parseGrant);
        if (options.admin) roles.push({ namespace: "*", role: "admin" });
        const created = await manager.createAccount(actor, {
          kind: options.email !== undefined ? "user" : "service",
          name: (options.email ?? options.service)!,
          password: options.email !== undefined ? readPassword(options.passwordFile) : undefined,
          roles,
        });
        print(options.json ? JSON.stringify(created, null, 2) : `created ${created.kind} account ${created.id} (${created.name})`);
      }),
    );

  account
    .command("list")
    .description("list accounts with their roles")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      withAccounts(async (manager) => {
        const accounts = await manager.listAccounts();
        if (options.json) return print(JSON.stringify(accounts, null, 2));
        await printTable(["id", "kind", "name", "status", "roles"], accounts.map((a) => [a.id, a.kind, a.name, a.disabled ? "disabled" : "enabled", rolesText(a)]));
      }),
    );

  for (const [name, disabled] of [["disable", true], ["enable", false]] as const) {
    account
      .command(`${name} <account>`)
      .description(`${name} an account (by id or name)${disabled ? "; its tokens stop working" : ""}`)
      .action((ref: string) =>
        withAccounts(async (manager, actor) => {
          const changed = await manager.setDisabled(actor, await resolveAccount(manager, ref), disabled);
          print(`${changed.name}: ${changed.disabled ? "disabled" : "enabled"}`);
        }),
      );
  }

  account
    .command("delete <account>")
    .description("delete an account (by id or name) with its roles and keys")
    .action((ref: string) =>
      withAccounts(async (manager, actor) => {
        await manager.deleteAccount(actor, await resolveAccount(manager, ref));
        print(`deleted ${ref}`);
      }),
    );

  account
    .command("set-password <account>")
    .description("set a user's password (from --password-file or standard input); tokens issued before stop working")
    .option("--password-file <file>", "a file holding the password; default: standard input")
    .action((ref: string, options: { passwordFile?: string }) =>
      withAccounts(async (manager, actor) => {
        await manager.setPassword(actor, await resolveAccount(manager, ref), readPassword(options.passwordFile));
        print(`password set for ${ref}`);
      }),
    );

  account
    .command("audit")
    .description("the audit log of access changes, newest first")
    .option("-n, --limit <n>", "how many events", "50")
    .option("--json", "print JSON")
    .action((options: { limit: string; json?: boolean }) =>
      withAccounts(async (manager) => {
        const { events } = await manager.listAuditEvents({ pageSize: Number(options.limit), pageToken: "" });
        if (options.json) return print(JSON.stringify(events, null, 2));
        await printTable(["at", "actor", "action", "account", "details"], events.map((e) => [e.at.toISOString(), e.actor, e.action, e.account_id ?? "", JSON.stringify(e.details)]));
      }),
    );

  const role = program.command("role").description("grant and revoke roles per namespace (needs database access)");
  role
    .command("list")
    .description("the roles and the scopes each grants")
    .action(async () => {
      const { ROLE_SCOPES } = await import("./roles.ts");
      await printTable(["role", "scopes"], Object.entries(ROLE_SCOPES).map(([name, scopes]) => [name, scopes.join(" ")]));
    });
  for (const [name, verb] of [["grant", "grantRole"], ["revoke", "revokeRole"]] as const) {
    role
      .command(`${name} <account> <namespace> <role>`)
      .description(`${name} a role (viewer, producer, worker, admin) in a namespace ("*" for all) ${name === "grant" ? "to" : "from"} an account (by id or name)`)
      .action((ref: string, namespace: string, roleName: string) =>
        withAccounts(async (manager, actor) => {
          const changed = await manager[verb](actor, await resolveAccount(manager, ref), { namespace, role: roleName });
          print(`${changed.name}: ${rolesText(changed) || "no roles"}`);
        }),
      );
  }

  const key = program.command("key").description("create, list and revoke API keys (needs database access)");
  key
    .command("create <account>")
    .description("create an API key for an account (by id or name); prints the key, which is shown only this once")
    .requiredOption("--name <name>", "the key's name, unique for the account")
    .option("-s, --scope <scopes...>", "limit the key to these scopes (jobs:write jobs:read worker admin)", [])
    .option("-n, --namespace <namespaces...>", "limit the key to these namespaces", [])
    .addOption(new Option("--expires-in <ttl>", "expire after this long, e.g. 30d, 12h; default: never"))
    .action((ref: string, options: { name: string; scope: string[]; namespace: string[]; expiresIn?: string }) =>
      withAccounts(async (manager, actor) => {
        const { parseTtlSeconds } = await import("../auth/development-tokens.ts");
        let expiresAt: Date | undefined;
        try {
          expiresAt = options.expiresIn === undefined ? undefined : new Date(Date.now() + parseTtlSeconds(options.expiresIn) * 1000);
        } catch (error) {
          usage(`key create: ${(error as Error).message.replace("--ttl", "--expires-in")}`);
        }
        const split = (values: string[]) => values.flatMap((value) => value.split(/[\s,]+/)).filter(Boolean);
        const created = await manager.createApiKey(actor, {
          accountId: await resolveAccount(manager, ref),
          name: options.name,
          scopes: split(options.scope),
          namespaces: split(options.namespace),
          expiresAt,
        });
        process.stderr.write(`created API key ${created.row.id} (${created.row.name}); it is shown only now:\n`);
        print(created.key);
      }),
    );
  key
    .command("list <account>")
    .description("list an account's API keys (never their secrets)")
    .option("--json", "print JSON")
    .action((ref: string, options: { json?: boolean }) =>
      withAccounts(async (manager) => {
        const keys = await manager.listApiKeys(await resolveAccount(manager, ref));
        if (options.json) return print(JSON.stringify(keys.map(({ secret_hash: _, ...rest }) => rest), null, 2));
        const status = (k: (typeof keys)[number]) => (k.revoked_at ? "revoked" : k.expires_at && k.expires_at.getTime() <= Date.now() ? "expired" : "active");
        await printTable(
          ["id", "name", "status", "scopes", "namespaces", "expires", "last used"],
          keys.map((k) => [k.id, k.name, status(k), k.scopes.join(" ") || "(all)", k.namespaces.join(" ") || "(all)", k.expires_at?.toISOString() ?? "never", k.last_used_at?.toISOString() ?? "never"]),
        );
      }),
    );
  key
    .command("revoke <key-id>")
    .description("revoke an API key; tokens exchanged for it stop working")
    .action((keyId: string) =>
      withAccounts(async (manager, actor) => {
        const revoked = await manager.revokeApiKey(actor, keyId);
        print(`revoked ${revoked.id} (${revoked.name})`);
      }),
    );
}

function print(text: string): void {
  process.stdout.write(text + "\n");
}

function usage(message: string): never {
  process.stderr.write(`conveyor ${message}\n`);
  process.exit(2);
}

function parseGrant(text: string): { namespace: string; role: string } {
  const at = text.lastIndexOf(":");
  if (at <= 0) usage(`account create: --role ${JSON.stringify(text)} is not namespace:role (e.g. payments:producer)`);
  return { namespace: text.slice(0, at), role: text.slice(at + 1) };
}

function rolesText(account: AccountView): string {
  return account.roles.map((grant) => `${grant.namespace}:${grant.role}`).join(" ");
}

function readPassword(file: string | undefined): string {
  if (file === undefined && process.stdin.isTTY) process.stderr.write("password (then Enter and Ctrl-D): ");
  try {
    return readFileSync(file ?? 0, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    usage(`cannot read the password from ${file ?? "standard input"}: ${(error as Error).message}`);
  }
}

/** An account id as it is, or the id of the account with that email or name. */
async function resolveAccount(manager: AccountManager, ref: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) return ref;
  const match = (await manager.listAccounts()).find((account) => account.name === ref.trim().toLowerCase() || account.name === ref);
  if (!match) usage(`${process.argv[2] ?? "account"}: no account named ${JSON.stringify(ref)}`);
  return match.id;
}

async function printTable(head: string[], rows: string[][]): Promise<void> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  print(table.toString());
}

/** Connects, migrates (unless told not to), runs `work` with an AccountManager, and exits with a clear message on failure. */
async function withAccounts(work: (manager: AccountManager, actor: string) => Promise<void>): Promise<void> {
  const [{ loadConfig, ConfigError }, { Database }, { AccountManager }, { ConveyorError }] = await Promise.all([
    import("../config/config.ts"),
    import("../store/database.ts"),
    import("./account-manager.ts"),
    import("../errors/conveyor-error.ts"),
  ]);
  let db: DatabaseType | undefined;
  try {
    const config = loadConfig();
    db = await Database.connect({ url: config.databaseUrl, poolSize: 2 });
    if (config.autoMigrate) await db.migrate();
    await work(new AccountManager({ db }), `cli:${userInfo().username}`);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConveyorError) {
      process.stderr.write(`conveyor: ${error.message}\n`);
      process.exitCode = error instanceof ConveyorError && error.kind === "unavailable" ? 1 : 2;
    } else {
      throw error;
    }
  } finally {
    await db?.close();
  }
}
