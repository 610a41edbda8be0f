import crypto from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const hot = new Map<string, string>();

/**
 * Marks a fixed SQL text (PostgreSQL `$n` form) to run as a named prepared statement: parsed and planned
 * once per connection instead of on every call. For the hot path (`runSql`); texts must be few and fixed.
 */
export function preparePostgresText(text: string): void {
  if (hot.has(text)) return;
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
        return name ? client.query({ name, text: textOrCursor, values }) : client.query(textOrCursor, values);
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
