import { runStatements, type SqlStatement } from '../../db/run-sql';
import type { ServiceRequestsTable } from '../../db/schema';
import type { Calendar } from '../../domain/calendar';
import type { SlaPolicy } from '../../domain/sla/sla-policy';
import type { TxDeps } from '../app-deps';
import { clockRefresh } from '../sla/refresh-clocks';

/** An event of the request being recorded in the same transaction, not yet written. */
export interface PendingClockEvent {
  type: string;
  at: string;
  seq: number;
}

/**
 * A request's clocks recomputed from its whole event log (type, policy and calendars as they are now):
 * the row with its new `sla` snapshot (the caller writes it) and the statements that store the clocks.
 * `pending`: an event the caller writes together with those statements, counted as if already stored.
 */
export async function requestClockRefresh(
  tx: TxDeps,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  row: ServiceRequestsTable,
  now: Date,
  pending?: PendingClockEvent,
): Promise<{ row: ServiceRequestsTable; writes: SqlStatement[] }> {
  const stored = await tx.db
    .selectFrom('request_events')
    .select(['type', 'at', 'seq'])
    .where('subject_kind', '=', 'service-request')
    .where('subject_id', '=', row.id)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  const events = pending ? [...stored, pending] : stored;
  // In log order (time, then sequence), as the query orders the stored ones.
  if (pending) events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : Number(a.seq) - Number(b.seq)));
  const customer = await tx.db
    .selectFrom('customers')
    .select(['city', 'group_code'])
    .where('id', '=', row.customer_id)
    .executeTakeFirst();
  // The first time the request ended (withdrawn or resolved) stops unmet clocks.
  const firstEnd = events.find((e) => e.type === 'cancelled' || e.type === 'resolved');
  const clocks = clockRefresh(
    tx.zone,
    calendars,
    policies,
    {
      subjectKind: 'service-request',
      subjectId: row.id,
      subject: {
        subject: 'service-request',
        type: row.type,
        customerGroup: customer?.group_code,
        region: customer?.city,
      },
      channel: row.channel,
      outletId: row.outlet_id,
      startedAt: new Date(row.received_at),
      ended: firstEnd
        ? { at: new Date(firstEnd.at), reason: firstEnd.type === 'cancelled' ? 'withdrawn' : 'not-needed' }
        : null,
    },
    events.map((e) => ({ type: e.type, at: Date.parse(e.at) })),
    now,
  );
  return {
    row: {
      ...row,
      policy_id: clocks.policyId,
      sla_json: JSON.stringify(clocks.sla),
      next_due_at: clocks.nextDueAt,
    },
    writes: clocks.writes,
  };
}

/**
 * Recomputes a request's clocks from its whole event log (type, policy and calendars as they are now),
 * stores them, and returns the row with its new `sla` snapshot; the caller writes it.
 */
export async function recomputeRequestClocks(
  tx: TxDeps,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  row: ServiceRequestsTable,
  now: Date,
): Promise<ServiceRequestsTable> {
  const refreshed = await requestClockRefresh(tx, calendars, policies, row, now);
  await runStatements(tx.db, tx.dialect, refreshed.writes);
  return refreshed.row;
}
