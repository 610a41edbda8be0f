import type { TxDeps } from '../app-deps';

/** Next value of a named counter, atomically in the caller's transaction (human numbers: CU-…, SR-…). */
export async function nextSequence(tx: TxDeps, name: string, by = 1): Promise<number> {
  const row = await tx.db
    .insertInto('counters')
    .values({ name, value: by })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', by) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
