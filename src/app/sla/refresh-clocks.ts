import { insertStatement } from '../../db/insert-rows';
import { runStatements, type SqlStatement } from '../../db/run-sql';
import type { SlaClocksTable } from '../../db/schema';
import type { Calendar } from '../../domain/calendar';
import { type ClockEvent, type ClockState, computeClocks } from '../../domain/sla/compute-clocks';
import { resolvePolicy, type SlaPolicy, type SlaSubject } from '../../domain/sla/sla-policy';
import type { TxDeps } from '../app-deps';
import { localDateIn } from '../shared/local-date';

/** The clock as the API shows it (CONTRACT: {dueAt, metAt, status}) plus what a countdown needs. */
export interface ClockView {
  dueAt: string | null;
  metAt: string | null;
  status: ClockState['status'];
  warnAt: string | null;
  /** Working time left when the clock was paused (a running clock counts down to dueAt). */
  remainingMs?: number;
  targetMs: number;
  calendar: string;
  pausable: boolean;
  /** Set when the clock stopped unmet before its deadline because the record ended (see ClockContext.ended). */
  excluded?: string;
}

export interface ClockContext {
  subjectKind: SlaSubject['subject'];
  subjectId: string;
  subject: SlaSubject;
  channel: string | null;
  outletId: string | null;
  startedAt: Date;
  /**
   * When the record was withdrawn or resolved (first time). A clock still unmet then stops: before its
   * deadline it leaves the indicators with a reason code ('withdrawn' — REQUIREMENTS metric conventions;
   * 'not-needed' — e.g. no visit was needed), after its deadline it stays a breach.
   */
  ended: { at: Date; reason: 'withdrawn' | 'not-needed' } | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function clockView(c: ClockState): ClockView {
  return {
    dueAt: iso(c.dueAt),
    metAt: iso(c.metAt),
    status: c.status,
    warnAt: iso(c.warnAt),
    ...(c.status === 'paused' ? { remainingMs: c.remainingMs } : {}),
    targetMs: c.targetMs,
    calendar: c.calendar,
    pausable: c.pausable,
  };
}

/** Why an unmet clock leaves the indicators: its record ended before the deadline (ClockContext.ended). */
function excludedReason(ctx: ClockContext, c: ClockState): string | null {
  return ctx.ended && c.metAt === null && (c.dueAt === null || ctx.ended.at.getTime() <= c.dueAt)
    ? ctx.ended.reason
    : null;
}

/** What `refreshClocks` stores for a record: its `sla` snapshot and one `sla_clocks` row per clock. */
export interface ClockFacts {
  policyId: string | null;
  sla: Record<string, ClockView>;
  nextDueAt: string | null;
  /** `sla_clocks` rows, without warning/escalation marks (those belong to the sweeper). */
  rows: (Omit<SlaClocksTable, 'warned_at' | 'escalated_at'> & { warned_at: null; escalated_at: null })[];
}

/**
 * The pure part of `refreshClocks`: every clock of a record from its event log, as seen at `now`, in the
 * deployment's `zone` (for the period of the start). Bulk loaders (the demo history) call it directly.
 */
export function computeClockFacts(
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  ctx: ClockContext,
  events: readonly ClockEvent[],
  now: Date,
  zone: string,
): ClockFacts {
  const policy = resolvePolicy(policies, ctx.subject);
  const start = ctx.startedAt.getTime();
  const endMs = ctx.ended ? Math.min(ctx.ended.at.getTime(), now.getTime()) : now.getTime();
  const clocks = policy ? computeClocks(policy.clocks, calendars, start, events, endMs) : [];
  const sla: Record<string, ClockView> = {};
  const rows: ClockFacts['rows'] = [];
  let nextDue: number | null = null;
  const period = localDateIn(ctx.startedAt, zone).slice(0, 7);
  const startedAt = ctx.startedAt.toISOString();
  for (const c of clocks) {
    const excluded = excludedReason(ctx, c);
    // The view's instants serve the row too (each toISOString once: this runs in every request create).
    const view = clockView(c);
    if (excluded) view.excluded = excluded;
    sla[c.name] = view;
    if (!excluded && !ctx.ended && c.metAt === null && c.dueAt !== null) {
      nextDue = nextDue === null ? c.dueAt : Math.min(nextDue, c.dueAt);
    }
    rows.push({
      subject_kind: ctx.subjectKind,
      subject_id: ctx.subjectId,
      name: c.name,
      record_type: ctx.subject.type,
      channel: ctx.channel,
      outlet_id: ctx.outletId,
      started_at: startedAt,
      period,
      due_at: view.dueAt,
      warn_at: view.warnAt,
      met_at: view.metAt,
      status: c.status,
      target_ms: c.targetMs,
      used_ms: c.usedMs,
      calendar: c.calendar,
      pausable: c.pausable ? 1 : 0,
      excluded,
      requirement: policy?.clocks.find((r) => r.name === c.name)?.requirement ?? null,
      // Marks belong to the sweeper: none on a new row, and an upsert leaves a stored row's alone.
      warned_at: null,
      escalated_at: null,
    });
  }
  return { policyId: policy?.id ?? null, sla, nextDueAt: iso(nextDue), rows };
}

const CLOCK_KEY = ['subject_kind', 'subject_id', 'name'] as const;
/** The columns `refreshClocks` recomputes: every column but the key and the sweeper's marks. */
const CLOCK_FACT_COLUMNS = [
  'record_type',
  'channel',
  'outlet_id',
  'started_at',
  'period',
  'due_at',
  'warn_at',
  'met_at',
  'status',
  'target_ms',
  'used_ms',
  'calendar',
  'pausable',
  'excluded',
  'requirement',
] as const satisfies readonly Exclude<keyof ClockFacts['rows'][number], (typeof CLOCK_KEY)[number] | Mark>[];
/** The sweeper's columns: never in an upsert's `set`. */
type Mark = 'warned_at' | 'escalated_at';
type MissingFactColumn = Exclude<
  keyof ClockFacts['rows'][number],
  (typeof CLOCK_KEY)[number] | (typeof CLOCK_FACT_COLUMNS)[number] | Mark
>;
// Stops compiling when a clock column is added to the facts but not to the upsert's `set`.
const everyFactColumn: [MissingFactColumn] extends [never] ? true : never = true;
void everyFactColumn;

/** A record's recomputed clocks and the statements that store them (see `refreshClocks`). */
export interface ClockRefresh {
  policyId: string | null;
  sla: Record<string, ClockView>;
  nextDueAt: string | null;
  writes: SqlStatement[];
}

/**
 * `refreshClocks` without running its statements, for a caller that sends them with its other writes
 * (appendAudit's `writesFirst`: one round trip on PostgreSQL).
 */
export function clockRefresh(
  zone: string,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  ctx: ClockContext,
  events: readonly ClockEvent[],
  now: Date,
): ClockRefresh {
  const facts = computeClockFacts(calendars, policies, ctx, events, now, zone);
  // One row per clock name (the last, as in the `sla` snapshot): an upsert may not touch a row twice.
  const rows = [...new Map(facts.rows.map((r) => [r.name, r])).values()];
  const names = rows.map((r) => r.name);
  const writes: SqlStatement[] = [
    {
      text:
        'delete from "sla_clocks" where "subject_kind" = ? and "subject_id" = ?' +
        (names.length ? ` and "name" not in (${names.map(() => '?').join(', ')})` : ''),
      parameters: [ctx.subjectKind, ctx.subjectId, ...names],
    },
  ];
  if (rows.length)
    // One statement for every clock; warned_at/escalated_at of a surviving clock are not in `set`.
    writes.push(
      insertStatement('sla_clocks', rows, { onConflict: { target: CLOCK_KEY, set: CLOCK_FACT_COLUMNS } }),
    );
  return { policyId: facts.policyId, sla: facts.sla, nextDueAt: facts.nextDueAt, writes };
}

/**
 * Recomputes every clock of a record from its event log and stores them: the record's `sla` snapshot and
 * one `sla_clocks` row per clock (read by the sweeper and the indicators). Rows of clocks that no longer
 * apply (after a change of type) are removed; warning/escalation marks of surviving clocks are kept so
 * that each fires once.
 */
export async function refreshClocks(
  tx: TxDeps,
  calendars: (id: string) => Calendar,
  policies: readonly SlaPolicy[],
  ctx: ClockContext,
  events: readonly ClockEvent[],
  now: Date,
): Promise<{ policyId: string | null; sla: Record<string, ClockView>; nextDueAt: string | null }> {
  const { writes, ...clocks } = clockRefresh(tx.zone, calendars, policies, ctx, events, now);
  await runStatements(tx.db, tx.dialect, writes);
  return clocks;
}
