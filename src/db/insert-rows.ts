import type { Insertable, Kysely } from 'kysely';
import type { DialectName } from './connection';
import { runSql } from './run-sql';
import type { Database } from './schema';

interface InsertShape {
  columns: readonly string[];
  text: string;
}

// Keyed by table, row count and conflict target; the column list is compared, not hashed into the key
// (the key of a 37-column row cost more than the insert's parameters).
const shapes = new Map<string, InsertShape[]>();

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What an insert does with a row whose unique key (`target`) exists: skip it, or update `set` from it. */
export interface OnConflict {
  target: readonly string[];
  /** Columns taken from the new row (`excluded`); absent or empty: do nothing. */
  set?: readonly string[];
}

function conflictClause(c: OnConflict | undefined): string {
  if (!c) return '';
  const target = c.target.map((k) => `"${k}"`).join(', ');
  if (!c.set?.length) return ` on conflict (${target}) do nothing`;
  return ` on conflict (${target}) do update set ${c.set.map((k) => `"${k}" = excluded."${k}"`).join(', ')}`;
}

function shapeOf(
  table: string,
  columns: readonly string[],
  rowCount: number,
  conflict: OnConflict | undefined,
): InsertShape {
  const clause = conflictClause(conflict);
  const key = `${table}|${rowCount}|${clause}`;
  let list = shapes.get(key);
  const known = list?.find((s) => sameColumns(s.columns, columns));
  if (known) return known;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const text =
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ` +
    Array.from({ length: rowCount }, () => tuple).join(', ') +
    clause;
  if (shapes.size > 500) shapes.clear();
  if (!list) {
    list = [];
    shapes.set(key, list);
  }
  if (list.length >= 8) list.shift();
  const shape = { columns: [...columns], text };
  list.push(shape);
  return shape;
}

/**
 * The INSERT of whole rows as fixed text with `?` placeholders plus its parameters, the text built once per
 * table, column list and row count. Every row must give the same columns.
 */
export function insertStatement<T extends keyof Database & string>(
  table: T,
  rows: readonly Insertable<Database[T]>[],
  opts: { onConflictDoNothing?: readonly string[]; onConflict?: OnConflict } = {},
): { text: string; parameters: unknown[] } {
  const conflict =
    opts.onConflict ?? (opts.onConflictDoNothing ? { target: opts.onConflictDoNothing } : undefined);
  const { columns, text } = shapeOf(table, Object.keys(rows[0]), rows.length, conflict);
  const parameters: unknown[] = new Array(columns.length * rows.length);
  let i = 0;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n] as Record<string, unknown>;
    // The first row's own keys are the columns; every other row must give exactly those.
    if (n > 0) {
      let given = 0;
      for (const k in r) if (Object.hasOwn(r, k)) given++;
      if (given !== columns.length)
        throw new Error(`insertRows(${table}): every row must give the same columns`);
    }
    for (const c of columns) {
      const v = r[c];
      if (v === undefined) throw new Error(`insertRows(${table}): ${c} is undefined`);
      parameters[i++] = v;
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
  opts: { onConflictDoNothing?: readonly string[]; onConflict?: OnConflict } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const { text, parameters } = insertStatement(table, rows, opts);
  const result = await runSql(db, dialect, text, parameters);
  return Number(result.numAffectedRows ?? 0);
}
