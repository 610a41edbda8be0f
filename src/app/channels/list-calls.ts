import { z } from 'zod';
import type { CallRecordsTable } from '../../db/schema';
import { CALL_DISPOSITIONS } from '../../domain/channels';
import type { AppDeps, Ctx } from '../app-deps';
import { AppError } from '../shared/app-error';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { parseOrThrow, zLocalDate } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';

export const listCallsQuery = z.object({
  from: zLocalDate.optional(),
  to: zLocalDate.optional(),
  disposition: z.enum(CALL_DISPOSITIONS).optional(),
  customerId: z.string().max(64).optional(),
  ...pageQuery,
});

export interface CallView {
  id: string;
  source: string;
  externalId: string;
  direction: string;
  /** Masked (138****5678): the full number stays encrypted. */
  caller: string | null;
  customerId: string | null;
  queue: string | null;
  startedAt: string;
  queuedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  agent: string | null;
  disposition: string;
  inServiceHours: boolean;
  waitSeconds: number | null;
  recordingRef: string | null;
}

export const callView = (r: CallRecordsTable): CallView => ({
  id: r.id,
  source: r.source,
  externalId: r.external_id,
  direction: r.direction,
  caller: r.caller_masked,
  customerId: r.customer_id,
  queue: r.queue,
  startedAt: r.started_at,
  queuedAt: r.queued_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  agent: r.agent,
  disposition: r.disposition,
  inServiceHours: r.in_service_hours === 1,
  waitSeconds: r.wait_ms === null ? null : Math.round(r.wait_ms / 100) / 10,
  recordingRef: r.recording_ref,
});

/** GET /api/v1/calls: hotline call records, newest import first, callers masked. */
export async function listCalls(deps: AppDeps, _ctx: Ctx, raw: unknown): Promise<Page<CallView>> {
  const q = parseOrThrow(listCallsQuery, raw);
  const cursor = decodeCursor(q.cursor);
  if (q.from && q.to && q.from >= q.to)
    throw AppError.validation([
      { path: 'to', message: { zh: '结束日期须晚于开始日期', en: 'to must be after from' } },
    ]);
  const cal = (await loadCalendars(deps))('24x7');
  let base = deps.db.selectFrom('call_records');
  if (q.from) base = base.where('started_at', '>=', new Date(cal.startOfLocalDay(q.from)).toISOString());
  if (q.to) base = base.where('started_at', '<', new Date(cal.startOfLocalDay(q.to)).toISOString());
  if (q.disposition) base = base.where('disposition', '=', q.disposition);
  if (q.customerId) base = base.where('customer_id', '=', q.customerId);
  const [rows, count] = await Promise.all([
    (cursor ? base.where('id', '<', cursor) : base)
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, q.limit, Number(count.n), callView);
}
