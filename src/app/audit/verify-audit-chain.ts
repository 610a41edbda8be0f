import type { AppDeps } from '../app-deps';
import { auditHash, GENESIS_HASH } from './audit-hash';

export interface AuditProblem {
  seq: number;
  kind: 'tampered' | 'missing' | 'broken-link' | 'truncated';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  headSeq: number;
  problems: AuditProblem[];
}

/**
 * Walks the whole chain in pages and reports every record whose hash, order or link is wrong.
 * The walk stops at the head read first, so that appends committing meanwhile (a live system) are not
 * mistaken for a broken tail; records past the head are checked in one statement at the end.
 */
export async function verifyAuditChain(
  deps: AppDeps,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification> {
  const head = await deps.db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const headSeq = Number(head?.seq ?? 0);
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const page = await deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', lastSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(2000)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        problems.push({
          seq: expectedSeq,
          kind: 'missing',
          message: `records ${expectedSeq}..${seq - 1} are missing (deleted)`,
        });
      }
      if (r.prev_hash !== prevHash) {
        problems.push({
          seq,
          kind: 'broken-link',
          message: `record ${seq} does not link to its predecessor`,
        });
      }
      const recomputed = auditHash({ ...r, seq });
      if (recomputed !== r.hash) {
        problems.push({ seq, kind: 'tampered', message: `record ${seq} was modified after it was written` });
      }
      prevHash = r.hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
      checked += 1;
    }
    onProgress?.(checked, headSeq);
  }
  if (lastSeq !== headSeq || (headSeq > 0 && head?.hash !== prevHash)) {
    problems.push({
      seq: lastSeq,
      kind: 'truncated',
      message: `the chain ends at ${lastSeq} but the head records ${headSeq}`,
    });
  }
  // Records that the head does not cover (it was rolled back, or rows were added behind its back). One
  // statement, so a transaction that commits new records and the new head together is never counted.
  const beyond = await deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.min('seq').as('first'))
    .where('seq', '>', (eb) => eb.selectFrom('audit_head').select('seq').where('id', '=', 1))
    .executeTakeFirst();
  if (beyond?.first !== null && beyond?.first !== undefined) {
    problems.push({
      seq: Number(beyond.first),
      kind: 'truncated',
      message: `records from ${beyond.first} on are not covered by the chain head`,
    });
  }
  return { ok: problems.length === 0, checked, headSeq, problems };
}
