import { z } from 'zod';
import { clockOutcome } from '../../domain/kpis/sla-indicators';
import type { AppDeps, Ctx } from '../app-deps';
import { AppError } from '../shared/app-error';
import { parseOrThrow, zLocalDate } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';

export const slaReportQuery = z.object({
  from: zLocalDate,
  to: zLocalDate,
  groupBy: z.enum(['agent', 'team', 'channel', 'type']).default('type'),
  key: z.string().max(200).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

interface Fact {
  subjectKind: string;
  subjectId: string;
  number: string;
  clock: string;
  recordType: string;
  channel: string | null;
  agent: string | null;
  team: string | null;
  dueAt: string | null;
  metAt: string | null;
  excluded: string | null;
  outcome: ReturnType<typeof clockOutcome>;
}

const NONE = '—';

function keyOf(f: Fact, groupBy: 'agent' | 'team' | 'channel' | 'type'): string {
  switch (groupBy) {
    case 'agent':
      return f.agent ?? NONE;
    case 'team':
      return f.team ?? NONE;
    case 'channel':
      return f.channel ?? (f.subjectKind === 'complaint' ? 'complaint' : NONE);
    case 'type':
      return f.subjectKind === 'complaint' ? 'complaint' : f.recordType;
  }
}

async function loadFacts(deps: AppDeps, ctx: Ctx, from: string, to: string): Promise<Fact[]> {
  const cal = (await loadCalendars(deps))('24x7');
  const fromIso = new Date(cal.startOfLocalDay(from)).toISOString();
  const toIso = new Date(cal.startOfLocalDay(to)).toISOString();
  const nowIso = ctx.now.toISOString();
  const base = deps.db
    .selectFrom('sla_clocks')
    .where('sla_clocks.started_at', '>=', fromIso)
    .where('sla_clocks.started_at', '<', toIso);
  const [requests, complaints] = await Promise.all([
    base
      .innerJoin('service_requests', 'service_requests.id', 'sla_clocks.subject_id')
      .leftJoin('users', 'users.id', 'service_requests.created_by')
      .where('sla_clocks.subject_kind', '=', 'service-request')
      .select([
        'sla_clocks.subject_kind',
        'sla_clocks.subject_id',
        'sla_clocks.name',
        'sla_clocks.record_type',
        'sla_clocks.due_at',
        'sla_clocks.met_at',
        'sla_clocks.excluded',
        'service_requests.number',
        'service_requests.channel',
        'users.username',
        'users.team',
      ])
      .execute(),
    base
      .innerJoin('complaints', 'complaints.id', 'sla_clocks.subject_id')
      .leftJoin('users', 'users.id', 'complaints.created_by')
      .where('sla_clocks.subject_kind', '=', 'complaint')
      .select([
        'sla_clocks.subject_kind',
        'sla_clocks.subject_id',
        'sla_clocks.name',
        'sla_clocks.record_type',
        'sla_clocks.due_at',
        'sla_clocks.met_at',
        'sla_clocks.excluded',
        'complaints.number',
        'users.username',
        'users.team',
      ])
      .execute(),
  ]);
  return [...requests, ...complaints.map((c) => ({ ...c, channel: null }))].map((r) => ({
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    number: r.number,
    clock: r.name,
    recordType: r.record_type,
    channel: r.channel,
    agent: r.username,
    team: r.team ?? null,
    dueAt: r.due_at,
    metAt: r.met_at,
    excluded: r.excluded,
    outcome: clockOutcome({ dueAt: r.due_at, metAt: r.met_at, excluded: r.excluded }, nowIso),
  }));
}

function csv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // BOM so that Excel opens UTF-8 Chinese text correctly.
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

function checkPeriod(from: string, to: string): void {
  if (from >= to)
    throw AppError.validation([
      { path: 'to', message: { zh: '结束日期须晚于开始日期', en: 'to must be after from' } },
    ]);
}

/** SLA compliance of clocks started in the period, grouped by agent, team, channel or type. */
export async function slaReport(deps: AppDeps, ctx: Ctx, raw: unknown) {
  const q = parseOrThrow(slaReportQuery, raw);
  checkPeriod(q.from, q.to);
  const facts = await loadFacts(deps, ctx, q.from, q.to);
  const groups = new Map<
    string,
    { total: number; met: number; breached: number; pending: number; excluded: number }
  >();
  for (const f of facts) {
    const k = keyOf(f, q.groupBy);
    const g = groups.get(k) ?? { total: 0, met: 0, breached: 0, pending: 0, excluded: 0 };
    g.total += 1;
    if (f.outcome === 'ok') g.met += 1;
    else if (f.outcome === 'breach') g.breached += 1;
    else if (f.outcome === 'pending') g.pending += 1;
    else g.excluded += 1;
    groups.set(k, g);
  }
  const rows = [...groups]
    .map(([key, g]) => ({
      key,
      label: key,
      ...g,
      compliance: g.met + g.breached === 0 ? null : g.met / (g.met + g.breached),
    }))
    .sort((a, b) => b.total - a.total);
  if (q.format === 'csv') {
    return {
      csv: csv([
        [q.groupBy, 'total', 'met', 'breached', 'pending', 'excluded', 'compliance'],
        ...rows.map((r) => [
          r.key,
          r.total,
          r.met,
          r.breached,
          r.pending,
          r.excluded,
          r.compliance === null ? null : r.compliance.toFixed(4),
        ]),
      ]),
    };
  }
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows };
}

/** Drill-down: the breaching clocks of one group. */
export async function slaBreaches(deps: AppDeps, ctx: Ctx, raw: unknown) {
  const q = parseOrThrow(slaReportQuery, raw);
  checkPeriod(q.from, q.to);
  const facts = await loadFacts(deps, ctx, q.from, q.to);
  const items = facts
    .filter((f) => f.outcome === 'breach' && (q.key === undefined || keyOf(f, q.groupBy) === q.key))
    .sort((a, b) => ((a.dueAt ?? '') < (b.dueAt ?? '') ? -1 : 1))
    .map((f) => ({
      subjectKind: f.subjectKind,
      requestId: f.subjectId,
      number: f.number,
      type: f.subjectKind === 'complaint' ? 'complaint' : f.recordType,
      channel: f.channel,
      agent: f.agent,
      clock: f.clock,
      dueAt: f.dueAt,
      metAt: f.metAt,
    }));
  if (q.format === 'csv') {
    return {
      csv: csv([
        ['number', 'type', 'channel', 'agent', 'clock', 'dueAt', 'metAt'],
        ...items.map((i) => [i.number, i.type, i.channel, i.agent, i.clock, i.dueAt, i.metAt]),
      ]),
    };
  }
  return { from: q.from, to: q.to, groupBy: q.groupBy, key: q.key ?? null, items };
}
