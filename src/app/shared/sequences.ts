import { runSql } from '../../db/run-sql';
import type { TxDeps } from '../app-deps';

/** Next value of a named counter, atomically in the caller's transaction (human numbers: CU-…, SR-…). */
export async function nextSequence(tx: TxDeps, name: string, by = 1): Promise<number> {
  const { rows } = await runSql<{ value: number | string }>(
    tx.db,
    tx.dialect,
    'insert into "counters" ("name", "value") values (?, ?) on conflict ("name") do update set "value" = "counters"."value" + ? returning "value"',
    [name, by, by],
  );
  return Number(rows[0].value);
}
