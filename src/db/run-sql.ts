import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { DialectName } from './connection';
import type { Database } from './schema';

const postgresText = new Map<string, string>();

/**
 * Runs a fixed SQL text written with `?` placeholders on either database (PostgreSQL gets `$1…$n`).
 * For hot paths only, where building and compiling the same Kysely query on every call costs more than
 * running it; the text must be valid on both databases and take every value as a parameter.
 */
export function runSql<R>(
  db: Kysely<Database>,
  dialect: DialectName,
  text: string,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> {
  let sql = text;
  if (dialect === 'postgres') {
    let converted = postgresText.get(text);
    if (converted === undefined) {
      let n = 0;
      converted = text.replace(/\?/g, () => `$${++n}`);
      if (postgresText.size > 1000) postgresText.clear();
      postgresText.set(text, converted);
    }
    sql = converted;
  }
  return db.executeQuery<R>(CompiledQuery.raw(sql, parameters as unknown[]));
}
