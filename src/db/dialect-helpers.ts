// The only place where SQLite and PostgreSQL differ in our queries.
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DialectName } from './connection';
import type { Database } from './schema';

/** Row lock for read-modify-write in a transaction. SQLite serializes writers, so it needs none. */
export function forUpdate<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  dialect: DialectName,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? qb.forUpdate() : qb;
}

/** Claim rows that other workers hold without waiting (PostgreSQL); SQLite has one writer anyway. */
export function forUpdateSkipLocked<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  dialect: DialectName,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? qb.forUpdate().skipLocked() : qb;
}

/** Case-insensitive substring match operator. */
export function likeOperator(dialect: DialectName): 'ilike' | 'like' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Escapes LIKE wildcards in user text; use with `escape '\'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function serverVersion(db: Kysely<Database>, dialect: DialectName): Promise<string> {
  const q =
    dialect === 'postgres'
      ? sql<{ v: string }>`select version() as v`
      : sql<{ v: string }>`select sqlite_version() as v`;
  const r = await q.execute(db);
  return r.rows[0]?.v ?? '';
}
