import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AppDeps } from '../app-deps';
import { inTransaction } from '../app-deps';
import { enqueueOutbox } from '../shared/outbox';

export interface SweepResult {
  warned: number;
  escalated: number;
}

type Kind = 'warning' | 'escalation';

/**
 * The clocks whose warning (or deadline) has passed and that nobody marked yet, oldest first. Its terms
 * repeat the conditions of the partial indexes `sla_clocks_warn_idx` / `sla_clocks_due_idx` (migration
 * 0009), so that it reads pending clocks only, however many were met (a test checks the plan).
 */
export function pendingClocksQuery(db: Kysely<Database>, kind: Kind, nowIso: string, limit: number) {
  const mark = kind === 'warning' ? 'warned_at' : 'escalated_at';
  const when = kind === 'warning' ? 'warn_at' : 'due_at';
  return db
    .selectFrom('sla_clocks')
    .select(['subject_kind', 'subject_id', 'name', 'due_at', 'record_type', 'requirement'])
    .where(mark, 'is', null)
    .where(when, 'is not', null)
    .where(when, '<=', nowIso)
    .where('met_at', 'is', null)
    .where('excluded', 'is', null)
    .orderBy(when)
    .limit(limit);
}

/**
 * Sends each clock's warning (at the configured share of its target) and its breach escalation to a
 * supervisor exactly once. A clock is claimed by a compare-and-set on its mark column in the same
 * transaction as the outbox message, so several workers on one PostgreSQL never send a second one.
 */
export async function sweepSlaClocks(deps: AppDeps, now: Date, limit = 200): Promise<SweepResult> {
  const nowIso = now.toISOString();
  const result: SweepResult = { warned: 0, escalated: 0 };
  for (const kind of ['warning', 'escalation'] as Kind[]) {
    const mark = kind === 'warning' ? 'warned_at' : 'escalated_at';
    const when = kind === 'warning' ? 'warn_at' : 'due_at';
    const due = await pendingClocksQuery(deps.db, kind, nowIso, limit).execute();
    for (const c of due) {
      const sent = await inTransaction(deps, async (tx) => {
        const claimed = await tx.db
          .updateTable('sla_clocks')
          .set(kind === 'warning' ? { warned_at: nowIso } : { escalated_at: nowIso, status: 'breached' })
          .where('subject_kind', '=', c.subject_kind)
          .where('subject_id', '=', c.subject_id)
          .where('name', '=', c.name)
          .where(mark, 'is', null)
          .where('met_at', 'is', null)
          // Re-checked at the claim: the clock may have been excluded or re-planned since the scan.
          .where('excluded', 'is', null)
          .where(when, '<=', nowIso)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        const ref = await referenceOf(tx, c.subject_kind, c.subject_id);
        await enqueueOutbox(tx, now, {
          topic: kind === 'warning' ? 'sla.warning' : 'sla.escalation',
          dedupeKey: `sla-${kind}:${c.subject_kind}:${c.subject_id}:${c.name}`,
          payload: {
            kind: `sla.${kind}`,
            ref,
            subjectKind: c.subject_kind,
            subjectId: c.subject_id,
            clock: c.name,
            dueAt: c.due_at,
            recordType: c.record_type,
            requirement: c.requirement,
            // Escalations go to the supervisor role of the record's team (P-6.2 escalation matrix).
            audience: kind === 'warning' ? 'assignee' : 'supervisor',
          },
        });
        return true;
      });
      if (sent) result[kind === 'warning' ? 'warned' : 'escalated'] += 1;
    }
  }
  return result;
}

async function referenceOf(tx: Pick<AppDeps, 'db'>, kind: string, id: string): Promise<string> {
  if (kind === 'service-request') {
    const r = await tx.db
      .selectFrom('service_requests')
      .select('number')
      .where('id', '=', id)
      .executeTakeFirst();
    return r?.number ?? id;
  }
  if (kind === 'complaint') {
    const r = await tx.db.selectFrom('complaints').select('number').where('id', '=', id).executeTakeFirst();
    return r?.number ?? id;
  }
  return id;
}
