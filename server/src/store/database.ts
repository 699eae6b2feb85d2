import { MikroORM } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import pg, { type Pool, type PoolClient, type QueryResultRow } from "pg";
import { UnavailableError } from "../errors/conveyor-error.ts";
import { entities } from "./entities.ts";
import { migrations } from "./migrations/index.ts";

export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

/** Anything that runs a query: the pool, or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * The database: MikroORM owns the schema, the migrations and the connection pool; the SQL modules
 * in this folder run their batched statements on that same pool, because the hot paths work on
 * hundreds of rows per statement, where a unit of work per entity would cost more than the SQL.
 */
export class Database {
  readonly orm: MikroORM;
  readonly pool: Pool;
  readonly url: string;

  private constructor(orm: MikroORM, pool: Pool, url: string) {
    this.orm = orm;
    this.pool = pool;
    this.url = url;
  }

  static async connect(options: DatabaseOptions): Promise<Database> {
    const orm = new MikroORM({
      clientUrl: options.url,
      entities,
      extensions: [Migrator],
      pool: { min: 0, max: options.poolSize },
      migrations: { migrationsList: migrations, tableName: "conveyor_migrations", snapshot: false, silent: true },
      // pg's own parsers (timestamptz -> Date), not MikroORM's strings: the SQL modules read rows directly.
      driverOptions: { types: { getTypeParser: pg.types.getTypeParser } },
      debug: false,
    });
    try {
      // getNativeClient() opens the first connection: inside the try, so that an unreachable
      // server is reported as such.
      const pool = await orm.em.getConnection().getNativeClient();
      await pool.query("select 1");
      return new Database(orm, pool, options.url);
    } catch (error) {
      // The connection error below is the one worth reporting; closing what never opened may fail too.
      await orm.close(true).catch(() => {});
      throw new UnavailableError(`cannot reach PostgreSQL at ${redactUrl(options.url)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const applied = await this.orm.migrator.up();
    return applied.map((migration) => migration.name);
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> {
    return this.pool.query<R>(text, values);
  }

  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  async withTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose rollback failed is in an unknown state (most often: already dead): it is
    // destroyed rather than handed to the next transaction.
    let broken: Error | undefined;
    try {
      await client.query("begin");
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable url)";
  }
}
