import crypto from 'node:crypto';
import type { AppDeps } from '../app/app-deps';
import { inTransaction } from '../app/app-deps';
import { forUpdateSkipLocked } from '../db/dialect-helpers';

export type OutboxHandler = (
  payload: unknown,
  meta: { id: string; dedupeKey: string; attempts: number },
) => Promise<void>;

export interface DispatcherOptions {
  handlers: Record<string, OutboxHandler>;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  workerId?: string;
}

const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 6 * 3600_000);

/**
 * One pass over due outbox messages. Rows are claimed with a lease inside a transaction
 * (FOR UPDATE SKIP LOCKED on PostgreSQL), so several workers never deliver the same message at once;
 * handlers get the dedupe key so that receivers can drop a redelivery after a crash.
 */
export async function dispatchOutboxOnce(deps: AppDeps, now: Date, opts: DispatcherOptions): Promise<number> {
  const workerId = opts.workerId ?? `w-${crypto.randomBytes(4).toString('hex')}`;
  const leaseUntil = new Date(now.getTime() + (opts.leaseMs ?? 60_000)).toISOString();
  const nowIso = now.toISOString();
  const claimed = await inTransaction(deps, async (tx) => {
    const rows = await forUpdateSkipLocked(
      tx.db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('available_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
        .orderBy('available_at')
        .limit(opts.batchSize ?? 50),
      tx.dialect,
    ).execute();
    if (rows.length === 0) return [];
    await tx.db
      .updateTable('outbox')
      .set({ locked_by: workerId, locked_until: leaseUntil })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
  for (const row of claimed) {
    const handler = opts.handlers[row.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${row.topic}`);
      await handler(JSON.parse(row.payload_json), {
        id: row.id,
        dedupeKey: row.dedupe_key,
        attempts: row.attempts + 1,
      });
      await deps.db
        .updateTable('outbox')
        .set({
          status: 'delivered',
          delivered_at: new Date().toISOString(),
          attempts: row.attempts + 1,
          locked_by: null,
          locked_until: null,
        })
        .where('id', '=', row.id)
        .where('locked_by', '=', workerId)
        .execute();
    } catch (err) {
      const attempts = row.attempts + 1;
      const failed = attempts >= (opts.maxAttempts ?? 10);
      await deps.db
        .updateTable('outbox')
        .set({
          status: failed ? 'failed' : 'pending',
          attempts,
          available_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
          last_error: String((err as Error).message ?? err).slice(0, 500),
          locked_by: null,
          locked_until: null,
        })
        .where('id', '=', row.id)
        .where('locked_by', '=', workerId)
        .execute();
    }
  }
  return claimed.length;
}
