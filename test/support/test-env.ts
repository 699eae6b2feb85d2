/** Where the tests find the local services; override with the same variables CI would set. */
export const testEnv = {
  /** A database to connect to for creating and dropping the per-file databases. */
  adminDatabaseUrl: process.env["CONVEYOR_TEST_ADMIN_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres",
  amqpUrl: process.env["CONVEYOR_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672",
};

/** The URL of another database on the same server as the admin one. */
export function databaseUrl(name: string): string {
  const url = new URL(testEnv.adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
