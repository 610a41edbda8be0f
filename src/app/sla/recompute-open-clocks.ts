import { forUpdate } from '../../db/dialect-helpers';
import type { AppDeps, Ctx } from '../app-deps';
import { inTransaction } from '../app-deps';
import { refreshComplaintClocks } from '../complaints/complaint-clocks';
import { recomputeRequestClocks } from '../requests/recompute-request-clocks';
import { loadCalendars } from './calendar-store';
import { loadPolicies } from './policy-store';

const OPEN_REQUEST = ['received', 'pending-dispatch', 'dispatched', 'in-progress', 'pending-acceptance'];

/**
 * After a calendar or policy change, every open request and complaint gets its clocks recomputed from its
 * log (DESIGN.md: a change of calendar or policy recomputes deadlines). Closed records keep their history.
 */
export async function recomputeOpenClocks(
  deps: AppDeps,
  ctx: Ctx,
): Promise<{ requests: number; complaints: number }> {
  const [calendars, policies] = await Promise.all([loadCalendars(deps, true), loadPolicies(deps, true)]);
  let requests = 0;
  let complaints = 0;
  let last = '';
  for (;;) {
    const page = await deps.db
      .selectFrom('service_requests')
      .selectAll()
      .where('status', 'in', OPEN_REQUEST)
      .where('id', '>', last)
      .orderBy('id')
      .limit(200)
      .execute();
    if (page.length === 0) break;
    last = page[page.length - 1].id;
    await inTransaction(deps, async (tx) => {
      // Locked and read again inside the transaction, in the order an event takes them (the request row,
      // then its clocks): no deadlock with an event being recorded, and no clocks from a row it changed.
      const locked = await forUpdate(
        tx.db
          .selectFrom('service_requests')
          .selectAll()
          .where(
            'id',
            'in',
            page.map((r) => r.id),
          )
          .where('status', 'in', OPEN_REQUEST)
          .orderBy('id'),
        tx.dialect,
      ).execute();
      for (const row of locked) {
        const next = await recomputeRequestClocks(tx, calendars, policies, row, ctx.now);
        await tx.db
          .updateTable('service_requests')
          .set({ policy_id: next.policy_id, sla_json: next.sla_json, next_due_at: next.next_due_at })
          .where('id', '=', row.id)
          .execute();
      }
    });
    requests += page.length;
  }
  last = '';
  for (;;) {
    const page = await deps.db
      .selectFrom('complaints')
      .selectAll()
      .where('status', '!=', 'closed')
      .where('id', '>', last)
      .orderBy('id')
      .limit(200)
      .execute();
    if (page.length === 0) break;
    last = page[page.length - 1].id;
    await inTransaction(deps, async (tx) => {
      // As for requests: the complaint rows first, then their clocks.
      const locked = await forUpdate(
        tx.db
          .selectFrom('complaints')
          .selectAll()
          .where(
            'id',
            'in',
            page.map((r) => r.id),
          )
          .where('status', '!=', 'closed')
          .orderBy('id'),
        tx.dialect,
      ).execute();
      for (const row of locked) {
        const flagged = row.complex === 1 && row.complex_reason !== 'not-closed-at-first-response';
        const next = await refreshComplaintClocks(tx, calendars, policies, row, flagged, ctx.now);
        await tx.db
          .updateTable('complaints')
          .set({
            complex: next.complex,
            complex_reason: next.complex_reason,
            sla_json: next.sla_json,
            next_due_at: next.next_due_at,
          })
          .where('id', '=', row.id)
          .execute();
      }
    });
    complaints += page.length;
  }
  return { requests, complaints };
}
