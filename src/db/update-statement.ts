import type { SqlStatement } from './run-sql';
import type { Database } from './schema';

/**
 * `update <table> set … where "id" = ?` for the given columns, as fixed text with `?` placeholders (see
 * runSql): for a caller that sends it together with other writes. Every value must be given (no
 * `undefined`): a column that should not change is left out.
 */
export function updateByIdStatement<T extends keyof Database & string>(
  table: T,
  id: string,
  changes: Partial<Record<keyof Database[T] & string, unknown>>,
): SqlStatement {
  const columns: string[] = [];
  const parameters: unknown[] = [];
  for (const [column, value] of Object.entries(changes)) {
    if (value === undefined) throw new Error(`updateByIdStatement(${table}): ${column} is undefined`);
    if (column === 'id') continue;
    columns.push(`"${column}" = ?`);
    parameters.push(value);
  }
  if (columns.length === 0) throw new Error(`updateByIdStatement(${table}): nothing to update`);
  parameters.push(id);
  return { text: `update "${table}" set ${columns.join(', ')} where "id" = ?`, parameters };
}
