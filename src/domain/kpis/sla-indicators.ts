// Indicators fed by SLA clocks (REQUIREMENTS §1; A-6 per-record limits reported as compliance rates).
// Pure: rows of clock facts in, figures out, so tests can check them against hand-computed values.

export interface ClockFact {
  subjectKind: string;
  subjectId: string;
  name: string;
  recordType: string;
  startedAt: string;
  dueAt: string | null;
  metAt: string | null;
  excluded: string | null;
}

export type Outcome = 'ok' | 'breach' | 'pending' | 'excluded';

export interface Indicator {
  id: string;
  value: number | null;
  numerator: number;
  denominator: number;
  target: number;
  meets: boolean | null;
  /** Records not decided yet (clock still running before its deadline, or paused). */
  pending: number;
  /** Records that left the indicator with a reason code (withdrawn, not needed). */
  excluded: number;
  breaches: string[];
  /** Settings the figure depends on and breakdowns, disclosed with it (e.g. A-11's short-abandon rule). */
  info?: Record<string, unknown>;
}

/** A clock's outcome as seen at `now`: unanswered past the deadline is a breach (8.5: still open counts). */
export function clockOutcome(f: Pick<ClockFact, 'dueAt' | 'metAt' | 'excluded'>, nowIso: string): Outcome {
  if (f.excluded) return 'excluded';
  if (f.metAt !== null) return f.dueAt !== null && f.metAt > f.dueAt ? 'breach' : 'ok';
  if (f.dueAt !== null && f.dueAt < nowIso) return 'breach';
  return 'pending';
}

/** A record with several clocks complies only if all of them do; any breach breaches it. */
function recordOutcome(clocks: Outcome[]): Outcome {
  if (clocks.includes('breach')) return 'breach';
  if (clocks.includes('pending')) return 'pending';
  if (clocks.every((c) => c === 'excluded')) return 'excluded';
  return 'ok';
}

interface Spec {
  id: string;
  target: number;
  /** Which clocks of which records, combined per record. */
  select: (f: ClockFact) => boolean;
  /** Period rule: start event (default) or deadline (complex complaint plans). */
  periodBy?: 'start' | 'due';
}

const GENERAL = new Set(['repair', 'installation', 'maintenance', 'return']);

// Per-record limits: strict reading → target 100 %; pools the response limits at 95 %.
export const SLA_INDICATORS: Spec[] = [
  {
    id: 'Q-8.2-EMERGENCY-RESPONSE',
    target: 1,
    select: (f) =>
      f.subjectKind === 'service-request' &&
      f.recordType === 'emergency' &&
      (f.name === 'response' || f.name === 'arrangement'),
  },
  {
    id: 'Q-8.2-REPAIR-RESPONSE',
    target: 1,
    select: (f) => f.subjectKind === 'service-request' && f.recordType === 'repair' && f.name === 'response',
  },
  {
    id: 'Q-8.2-REPAIR-APPOINTMENT',
    target: 1,
    select: (f) =>
      f.subjectKind === 'service-request' && f.recordType === 'repair' && f.name === 'appointment',
  },
  {
    id: 'Q-8.2-CONSULT-RESPONSE',
    target: 1,
    select: (f) =>
      f.subjectKind === 'service-request' && f.recordType === 'consultation' && f.name === 'response',
  },
  {
    id: 'Q-8.5-COMPLAINT-RESPONSE',
    target: 1,
    select: (f) => f.subjectKind === 'complaint' && f.name === 'response',
  },
  {
    id: 'Q-8.5-COMPLEX-COMPLAINT-PLAN',
    target: 1,
    select: (f) => f.subjectKind === 'complaint' && f.name === 'plan',
    periodBy: 'due',
  },
  {
    // Emergency 15 min incl. arrangement, general 30 min, consultation, complaint 24 h (9.1, A-3).
    id: 'Q-9.1-RESPONSE-TIMELINESS',
    target: 0.95,
    select: (f) =>
      f.name === 'response' ||
      (f.subjectKind === 'service-request' && f.recordType === 'emergency' && f.name === 'arrangement') ||
      (f.subjectKind === 'service-request' && GENERAL.has(f.recordType) && f.name === 'response'),
  },
];

/**
 * Figures for [fromIso, toIso): a record counts in the period of its start (or of its deadline where the
 * metric says so), as seen at `nowIso`.
 */
export function computeSlaIndicators(
  facts: readonly ClockFact[],
  fromIso: string,
  toIso: string,
  nowIso: string,
): Indicator[] {
  return SLA_INDICATORS.map((spec) => {
    const byRecord = new Map<string, { outcomes: Outcome[]; ref: string }>();
    for (const f of facts) {
      if (!spec.select(f)) continue;
      const periodAt = spec.periodBy === 'due' ? f.dueAt : f.startedAt;
      if (periodAt === null || periodAt < fromIso || periodAt >= toIso) continue;
      const key = `${f.subjectKind}:${f.subjectId}`;
      const entry = byRecord.get(key) ?? { outcomes: [], ref: f.subjectId };
      entry.outcomes.push(clockOutcome(f, nowIso));
      byRecord.set(key, entry);
    }
    let ok = 0;
    let breach = 0;
    let pending = 0;
    let excluded = 0;
    const breaches: string[] = [];
    for (const { outcomes, ref } of byRecord.values()) {
      const o = recordOutcome(outcomes);
      if (o === 'ok') ok++;
      else if (o === 'breach') {
        breach++;
        breaches.push(ref);
      } else if (o === 'pending') pending++;
      else excluded++;
    }
    const denominator = ok + breach;
    const value = denominator === 0 ? null : ok / denominator;
    return {
      id: spec.id,
      value,
      numerator: ok,
      denominator,
      target: spec.target,
      meets: value === null ? null : value >= spec.target,
      pending,
      excluded,
      breaches,
    };
  });
}
