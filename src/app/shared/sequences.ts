import type { Kysely } from 'kysely';
import { runSql } from '../../db/run-sql';
import type { Database } from '../../db/schema';
import { type AppDeps, inTransaction, type TxDeps } from '../app-deps';

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

interface Block {
  next: number;
  end: number;
  refill?: Promise<void>;
}

const blocks = new WeakMap<Kysely<Database>, Map<string, Block>>();

/**
 * The next number of a counter from a block this process reserved earlier (`size` numbers per short
 * transaction of their own). For PostgreSQL, where concurrent creates otherwise queue on the counter row
 * until each other's commit (its WAL flush) — the limit of request creation there (bench/RESULTS.md).
 * Numbers stay unique; a process that stops leaves the rest of its block unused (a gap), and several API
 * instances hand out numbers from their own blocks, so numbers follow creation order only within one.
 */
export async function nextFromBlock(deps: AppDeps, name: string, size = 16): Promise<number> {
  let counters = blocks.get(deps.db);
  if (!counters) {
    counters = new Map();
    blocks.set(deps.db, counters);
  }
  let retried = false;
  for (;;) {
    const block = counters.get(name);
    if (block && block.next <= block.end) return block.next++;
    if (block?.refill) {
      // Another caller is reserving: wait for it. If it failed, try once more ourselves — not again and
      // again while the database is down (each waiter would queue behind every earlier one's failure).
      await block.refill.catch((err: unknown) => {
        if (retried) throw err;
        retried = true;
      });
      continue;
    }
    // One counter per day and prefix: forget the oldest days, never a counter with a reservation under way.
    for (const [key, b] of counters) {
      if (counters.size <= 64) break;
      if (key !== name && !b.refill) counters.delete(key);
    }
    const pending: Block = { next: 1, end: 0 };
    pending.refill = inTransaction(deps, (tx) => nextSequence(tx, name, size)).then(
      (end) => {
        counters.set(name, { next: end - size + 1, end });
      },
      (err: unknown) => {
        if (counters.get(name) === pending) counters.delete(name);
        throw err;
      },
    );
    counters.set(name, pending);
    await pending.refill;
  }
}
