import type { ComplaintsTable } from '../../db/schema';
import type { Calendar } from '../../domain/calendar';
import { isComplex } from '../../domain/complaints/complaint-lifecycle';
import type { SlaPolicy } from '../../domain/sla/sla-policy';
import type { TxDeps } from '../app-deps';
import { refreshClocks } from '../sla/refresh-clocks';

/** Recomputes a complaint's clocks from its log; complexity picks the policy with the plan clock. */
export async function refreshComplaintClocks(
  tx: TxDeps,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  c: ComplaintsTable,
  flagged: boolean,
  now: Date,
): Promise<ComplaintsTable> {
  const events = await tx.db
    .selectFrom('request_events')
    .select(['type', 'at'])
    .where('subject_kind', '=', 'complaint')
    .where('subject_id', '=', c.id)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  const complexity = isComplex(flagged, c.responded_at, c.resolved_at);
  const customer = await tx.db
    .selectFrom('customers')
    .select(['city', 'group_code'])
    .where('id', '=', c.customer_id)
    .executeTakeFirst();
  const clocks = await refreshClocks(
    tx,
    calendars,
    policies,
    {
      subjectKind: 'complaint',
      subjectId: c.id,
      subject: {
        subject: 'complaint',
        type: complexity.complex ? 'complex' : 'standard',
        customerGroup: customer?.group_code,
        region: customer?.city,
      },
      channel: null,
      outletId: null,
      startedAt: new Date(c.received_at),
      ended: c.resolved_at ? { at: new Date(c.resolved_at), reason: 'not-needed' } : null,
    },
    events.map((e) => ({ type: e.type, at: Date.parse(e.at) })),
    now,
  );
  return {
    ...c,
    complex: complexity.complex ? 1 : 0,
    complex_reason: complexity.complex ? (c.complex_reason ?? complexity.reason) : null,
    sla_json: JSON.stringify(clocks.sla),
    next_due_at: clocks.nextDueAt,
  };
}
