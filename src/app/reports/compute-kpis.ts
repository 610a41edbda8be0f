import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { computeSlaIndicators, type Indicator } from '../../domain/kpis/sla-indicators';
import type { AppDeps, Ctx } from '../app-deps';
import { computeChannelIndicators } from '../channels/channel-indicators';
import { AppError } from '../shared/app-error';
import { parseOrThrow, zLocalDate } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';

export const kpiQuery = z.object({ from: zLocalDate, to: zLocalDate });

export interface KpiReport {
  from: string;
  to: string;
  zone: string;
  asOf: string;
  indicators: Indicator[];
}

/**
 * The clock facts of a period: clocks started in it, and complexity plans due in it (REQUIREMENTS
 * Q-8.5-COMPLEX-COMPLAINT-PLAN counts a plan in the period of its deadline). Each side has its index
 * (`sla_clocks_started_idx`, `sla_clocks_plan_due_idx`; migration 0009): the report reads the period's
 * clocks, not the whole history (a test checks the plan).
 */
export function clockFactsQuery(db: Kysely<Database>, fromIso: string, toIso: string) {
  return db
    .selectFrom('sla_clocks')
    .select([
      'subject_kind',
      'subject_id',
      'name',
      'record_type',
      'started_at',
      'due_at',
      'met_at',
      'excluded',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('started_at', '>=', fromIso), eb('started_at', '<', toIso)]),
        // A literal, as in the partial index's condition (a parameter would hide it from a generic plan).
        eb.and([eb('name', '=', sql.lit('plan')), eb('due_at', '>=', fromIso), eb('due_at', '<', toIso)]),
      ]),
    );
}

/**
 * GET /api/v1/kpis and `aftercare kpi`: DATEs are local dates of the deployment's zone, `from` inclusive,
 * `to` exclusive. Figures come from the clock facts (sla_clocks), which every event keeps current.
 */
export async function computeKpis(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<KpiReport> {
  const q = parseOrThrow(kpiQuery, raw);
  if (q.from >= q.to)
    throw AppError.validation([
      { path: 'to', message: { zh: '结束日期须晚于开始日期', en: 'to must be after from' } },
    ]);
  const calendars = await loadCalendars(deps);
  const cal = calendars('24x7');
  const fromIso = new Date(cal.startOfLocalDay(q.from)).toISOString();
  const toIso = new Date(cal.startOfLocalDay(q.to)).toISOString();
  const rows = await clockFactsQuery(deps.db, fromIso, toIso).execute();
  const facts = rows.map((r) => ({
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    name: r.name,
    recordType: r.record_type,
    startedAt: r.started_at,
    dueAt: r.due_at,
    metAt: r.met_at,
    excluded: r.excluded,
  }));
  const nowIso = ctx.now.toISOString();
  const indicators = [
    ...computeSlaIndicators(facts, fromIso, toIso, nowIso),
    // 8.1 hotline and chat: from call records, agent sessions and chat sessions.
    ...(await computeChannelIndicators(deps, calendars, { from: q.from, to: q.to, fromIso, toIso }, nowIso)),
  ];
  return { from: q.from, to: q.to, zone: deps.zone, asOf: nowIso, indicators };
}
