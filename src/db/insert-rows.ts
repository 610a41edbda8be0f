import type { Insertable, Kysely } from 'kysely';
import type { DialectName } from './connection';
import { runSql } from './run-sql';
import type { Database } from './schema';

const texts = new Map<string, string>();

/**
 * The INSERT of whole rows as fixed text with `?` placeholders plus its parameters, the text built once per
 * table, column list and row count. Every row must give the same columns.
 */
export function insertStatement<T extends keyof Database & string>(
  table: T,
  rows: readonly Insertable<Database[T]>[],
  opts: { onConflictDoNothing?: readonly string[] } = {},
): { text: string; parameters: unknown[] } {
  const columns = Object.keys(rows[0]);
  const conflict = opts.onConflictDoNothing;
  const key = `${table}|${columns.join(',')}|${rows.length}|${conflict?.join(',') ?? ''}`;
  let text = texts.get(key);
  if (text === undefined) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    text =
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ` +
      Array.from({ length: rows.length }, () => tuple).join(', ') +
      (conflict ? ` on conflict (${conflict.map((c) => `"${c}"`).join(', ')}) do nothing` : '');
    if (texts.size > 500) texts.clear();
    texts.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    if (Object.keys(r).length !== columns.length)
      throw new Error(`insertRows(${table}): every row must give the same columns`);
    for (const c of columns) {
      const v = r[c];
      if (v === undefined) throw new Error(`insertRows(${table}): ${c} is undefined`);
      parameters.push(v);
    }
  }
  return { text, parameters };
}

/**
 * Inserts whole rows — the hot-path twin of `insertInto(table).values(rows)` (same SQL, same parameters,
 * without building the query each time). `onConflictDoNothing` names the unique key to skip on.
 * Returns the number of rows inserted.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  dialect: DialectName,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  opts: { onConflictDoNothing?: readonly string[] } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const { text, parameters } = insertStatement(table, rows, opts);
  const result = await runSql(db, dialect, text, parameters);
  return Number(result.numAffectedRows ?? 0);
}
