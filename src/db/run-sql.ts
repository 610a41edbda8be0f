import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { DialectName } from './connection';
import type { GroupCommitSqliteDriver } from './group-commit-sqlite-dialect';
import { preparePostgresText } from './prepared-postgres-pool';
import type { Database } from './schema';

const postgresText = new Map<string, string>();
const sqliteDrivers = new WeakMap<Kysely<Database>, GroupCommitSqliteDriver>();
const directRunners = new WeakMap<
  Kysely<Database>,
  (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>
>();

/** Lets `bindDirectSql` find the group-commit driver behind a SQLite database handle. */
export function registerSqliteDriver(db: Kysely<Database>, driver: GroupCommitSqliteDriver): void {
  sqliteDrivers.set(db, driver);
}

/**
 * SQLite: `runSql` on the transaction `trx` (just begun on `root`) goes straight to the driver, in the
 * same synchronous call, instead of through Kysely's executor, connection provider and their promises
 * (≈ 9 statements per request create; bench/RESULTS.md). Group commit lets one transaction run at a
 * time, so the open transaction when its callback starts is this one.
 */
export function bindDirectSql(root: Kysely<Database>, trx: Kysely<Database>): void {
  const driver = sqliteDrivers.get(root);
  const conn = driver?.openTransaction();
  if (!driver || !conn) return;
  directRunners.set(trx, (sql, parameters) => driver.runInTransaction(conn, sql, parameters));
}

/** A fixed SQL text with `?` placeholders and its parameters (as `insertStatement` builds them). */
export interface SqlStatement {
  text: string;
  parameters: unknown[];
}

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
  const direct = directRunners.get(db);
  if (direct) {
    try {
      return Promise.resolve(direct(text, parameters) as QueryResult<R>);
    } catch (err) {
      return Promise.reject(err);
    }
  }
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
    // Fixed texts (a request create's combined write has ≈ 120 parameters), not the multi-row inserts of
    // imports, are prepared once per connection.
    if (parameters.length <= 200) preparePostgresText(sql);
  }
  return db.executeQuery<R>(CompiledQuery.raw(sql, parameters as unknown[]));
}

/** Runs statements one after another, in order (the SQLite side of a combined write; see appendAudit). */
export async function runStatements(
  db: Kysely<Database>,
  dialect: DialectName,
  statements: readonly SqlStatement[],
): Promise<void> {
  for (const s of statements) await runSql(db, dialect, s.text, s.parameters);
}
