import crypto from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const hot = new Map<string, string>();
/** Texts whose prepared form failed because the schema changed: they run unprepared from then on. */
const unprepared = new Set<string>();

/**
 * Marks a fixed SQL text (PostgreSQL `$n` form) to run as a named prepared statement: parsed and planned
 * once per connection instead of on every call. For the hot path (`runSql`); texts must be few and fixed.
 */
export function preparePostgresText(text: string): void {
  if (hot.has(text) || unprepared.has(text)) return;
  // `*` in a select list: a column added to the table later would change the statement's result type,
  // and every connection that prepared it would fail with 0A000 until restarted.
  if (text.includes('*')) return;
  if (hot.size >= 500) return; // a bound, in case a caller builds texts from data
  hot.set(text, `ac_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`);
}

/** Kysely's view of a pg pool whose clients run marked texts as named prepared statements. */
export function preparedPostgresPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (textOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
        const name = hot.get(textOrCursor);
        const values = parameters ? [...parameters] : [];
        if (!name) return client.query(textOrCursor, values);
        return client.query({ name, text: textOrCursor, values }).catch((err: { code?: string }) => {
          // The schema changed under a prepared statement (a migration while running): from now on the
          // text runs unprepared. This query, and the transaction it ran in, fail once per connection.
          if (err?.code === '0A000') {
            hot.delete(textOrCursor);
            unprepared.add(textOrCursor);
          }
          throw err;
        });
      };
      return {
        query: query as {
          <R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
          <R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
        },
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
