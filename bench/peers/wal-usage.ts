// WAL written on one database's relations between two points, read back from the WAL itself with
// pg_walinspect (PostgreSQL 15+): other databases share the cluster's WAL, so the difference of
// two LSNs alone would count their writes too.
import pg from "pg";
import { databaseUrl } from "../bench-support.ts";

export interface WalByRecord {
  relation: string;
  resourceManager: string;
  recordType: string;
  records: number;
  bytes: number;
  fpiBytes: number;
}

/** Marks the start of a measurement on `database`; end() reads back what was written since. */
export async function startWalWindow(database: string) {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  client.on("error", (error) => console.error("WAL window connection:", error.message));
  await client.connect();
  await client.query("create extension if not exists pg_walinspect");
  // Other databases' checkpoints may recycle the window's WAL before it is read: a temporary
  // replication slot, dropped when this session ends, keeps it.
  await client.query("select pg_create_physical_replication_slot($1, true, true)", [`conveyor_wal_${process.pid}_${Date.now()}`]);
  const lsn = async () => (await client.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn")).rows[0]!.lsn;
  const from = await lsn();
  let to: string | undefined;
  return {
    /** Closes the window (call as soon as the measured work is done). */
    async stop() {
      to = await lsn();
    },
    /** Records on this database's relations, by relation and record type, largest first; ends the session. */
    async read(): Promise<{ records: WalByRecord[]; clusterBytes: number }> {
      try {
        const { rows } = await client.query<{ rel: string; rmgr: string; kind: string; records: string; bytes: string; fpi: string }>(
          `with r as (
             select resource_manager, record_type, record_length, fpi_length,
               regexp_match(block_ref, 'rel \\d+/(\\d+)/(\\d+)') as m
             -- Only flushed WAL can be read; the window's end is flushed by now, or nearly.
             from pg_get_wal_records_info($1::pg_lsn, least($2::pg_lsn, pg_current_wal_flush_lsn()))
           )
           select coalesce(c.relname, 'relfilenode ' || (m[2])) as rel, resource_manager as rmgr, record_type as kind,
             count(*) as records, sum(record_length) as bytes, sum(fpi_length) as fpi
           from r left join pg_class c on c.relfilenode = (m[2])::oid
           where (m[1])::oid = (select oid from pg_database where datname = current_database())
           group by 1, 2, 3 order by sum(record_length) desc`,
          [from, to],
        );
        const cluster = await client.query<{ n: string }>("select $2::pg_lsn - $1::pg_lsn as n", [from, to]);
        return {
          records: rows.map((r) => ({ relation: r.rel, resourceManager: r.rmgr, recordType: r.kind, records: Number(r.records), bytes: Number(r.bytes), fpiBytes: Number(r.fpi) })),
          clusterBytes: Number(cluster.rows[0]!.n),
        };
      } finally {
        await client.end();
      }
    },
  };
}
