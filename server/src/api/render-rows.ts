import type { Logger } from "pino";

/**
 * The rows of a listing as messages. A row that cannot be rendered (a value stored before the
 * checks that now refuse it, such as a time past year 9999) is logged with its id and left out:
 * one bad row must not fail the listing for everyone. GetX on that row still reports the error.
 */
export function renderRows<R extends { id: string }, M>(rows: readonly R[], render: (row: R) => M, logger: Logger, what: string): M[] {
  const rendered: M[] = [];
  for (const row of rows) {
    try {
      rendered.push(render(row));
    } catch (error) {
      logger.error({ err: error, id: row.id }, `a stored ${what} cannot be rendered; left out of the listing`);
    }
  }
  return rendered;
}
