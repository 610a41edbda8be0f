import type { ServiceRequestsTable } from '../../db/schema';
import type { Calendar } from '../../domain/calendar';
import type { SlaPolicy } from '../../domain/sla/sla-policy';
import type { TxDeps } from '../app-deps';
import { refreshClocks } from '../sla/refresh-clocks';

/**
 * Recomputes a request's clocks from its whole event log (type, policy and calendars as they are now) and
 * returns the row with its new `sla` snapshot; the caller writes it.
 */
export async function recomputeRequestClocks(
  tx: TxDeps,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  row: ServiceRequestsTable,
  now: Date,
): Promise<ServiceRequestsTable> {
  const events = await tx.db
    .selectFrom('request_events')
    .select(['type', 'at'])
    .where('subject_kind', '=', 'service-request')
    .where('subject_id', '=', row.id)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  const customer = await tx.db
    .selectFrom('customers')
    .select(['city', 'group_code'])
    .where('id', '=', row.customer_id)
    .executeTakeFirst();
  // The first time the request ended (withdrawn or resolved) stops unmet clocks.
  const ends = events.filter((e) => e.type === 'cancelled' || e.type === 'resolved');
  const firstEnd = ends[0];
  const clocks = await refreshClocks(
    tx,
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
    ...row,
    policy_id: clocks.policyId,
    sla_json: JSON.stringify(clocks.sla),
    next_due_at: clocks.nextDueAt,
  };
}
