import { insertRows, insertStatement } from '../../db/insert-rows';
import type { OutboxTable } from '../../db/schema';
import type { TxDeps } from '../app-deps';
import { newId } from './ids';

export interface OutboxMessage {
  topic: string;
  /** Unique per effect: enqueuing the same key twice stores one message (exactly-once intent). */
  dedupeKey: string;
  payload: unknown;
  availableAt?: Date;
}

function outboxRow(now: Date, m: OutboxMessage): OutboxTable {
  return {
    id: newId(),
    topic: m.topic,
    dedupe_key: m.dedupeKey,
    payload_json: JSON.stringify(m.payload),
    status: 'pending',
    attempts: 0,
    available_at: (m.availableAt ?? now).toISOString(),
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now.toISOString(),
    delivered_at: null,
  };
}

/**
 * The INSERT of one message (a key already stored is skipped), for a caller that sends it together with
 * other writes (see appendAudit's `writesFirst`) and does not need to know whether it was new.
 */
export function outboxStatement(now: Date, m: OutboxMessage): { text: string; parameters: unknown[] } {
  return insertStatement('outbox', [outboxRow(now, m)], { onConflictDoNothing: ['dedupe_key'] });
}

/** Side effects leave through the outbox, written in the same transaction as the change that causes them. */
export async function enqueueOutbox(
  tx: TxDeps,
  now: Date,
  messages: OutboxMessage | OutboxMessage[],
): Promise<number> {
  const list = Array.isArray(messages) ? messages : [messages];
  let inserted = 0;
  for (const m of list) {
    const row = outboxRow(now, m);
    inserted += await insertRows(tx.db, tx.dialect, 'outbox', [row], { onConflictDoNothing: ['dedupe_key'] });
  }
  return inserted;
}
