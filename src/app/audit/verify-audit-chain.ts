import { runSql } from '../../db/run-sql';
import type { AppDeps } from '../app-deps';
import { AUDIT_CHAINS } from './append-audit';
import { auditHash, chainPosition, GENESIS_HASH } from './audit-hash';

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
 * Walks every chain in pages of the global order and reports every record whose hash, order or link is
 * wrong. Records a chain head did not cover when the walk began are left out (appends committing meanwhile
 * on a live system are not a broken tail); records no head covers at the end are checked in one statement.
 * `headSeq` is the number of records the heads covered at the start (all chains).
 */
export async function verifyAuditChain(
  deps: AppDeps,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification> {
  const heads = new Map(
    (await deps.db.selectFrom('audit_head').select(['id', 'seq', 'hash']).execute()).map((h) => [
      h.id,
      { length: Number(h.seq), hash: h.hash },
    ]),
  );
  // Read after the heads: every record a head covers was committed with it, so its seq is at most this.
  // The walk stops here, so that appends faster than pages are read cannot keep it going forever.
  const top = await runSql<{ top: number | string | null }>(
    deps.db,
    deps.dialect,
    'select max("seq") as "top" from "audit_log"',
    [],
  );
  const maxSeq = Number(top.rows[0]?.top ?? 0);
  const headSeq = [...heads.values()].reduce((n, h) => n + h.length, 0);
  const problems: AuditProblem[] = [];
  // Per chain: the next expected position, the last hash and the global seq of its last record.
  const walked = new Map<number, { next: number; prevHash: string; lastSeq: number }>();
  let checked = 0;
  // From below every possible number: a record given seq 0 or less must be read too.
  let lastSeq = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', lastSeq)
      .where('seq', '<=', maxSeq)
      .orderBy('seq')
      .limit(2000)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      lastSeq = seq;
      const { chain, position } = chainPosition(r);
      // Only chains 1..8 exist, and SQLite (one writer) only ever uses chain 1 at the global number.
      const outside =
        chain < 1 ||
        chain > AUDIT_CHAINS ||
        seq < 1 ||
        (deps.dialect === 'sqlite' && (chain !== 1 || (r.chain_seq !== null && r.chain_seq !== undefined)));
      if (outside) {
        problems.push({
          seq,
          kind: 'tampered',
          message: `record ${seq} is outside every chain (chain ${chain})`,
        });
        continue;
      }
      const head = heads.get(chain);
      if (!head || position > head.length) continue; // appended after the heads were read, or no such chain
      const state = walked.get(chain) ?? { next: 1, prevHash: GENESIS_HASH, lastSeq: 0 };
      if (position < state.next) {
        // A position the chain already has: a record moved here (its hash no longer fits) or inserted.
        problems.push(
          auditHash({ ...r, seq }) !== r.hash
            ? { seq, kind: 'tampered', message: `record ${seq} was modified after it was written` }
            : {
                seq,
                kind: 'broken-link',
                message: `record ${seq} repeats position ${position} of chain ${chain} (inserted behind the chain)`,
              },
        );
        continue;
      }
      if (position !== state.next) {
        // On the single chain positions are global numbers; elsewhere name the chain positions.
        problems.push(
          chain === 1 && position === seq
            ? {
                seq: state.next,
                kind: 'missing',
                message: `records ${state.next}..${seq - 1} are missing (deleted)`,
              }
            : {
                seq,
                kind: 'missing',
                message: `chain ${chain}: positions ${state.next}..${position - 1} before record ${seq} are missing (deleted)`,
              },
        );
      }
      if (r.prev_hash !== state.prevHash) {
        problems.push({
          seq,
          kind: 'broken-link',
          message: `record ${seq} does not link to its predecessor`,
        });
      }
      if (auditHash({ ...r, seq }) !== r.hash) {
        problems.push({ seq, kind: 'tampered', message: `record ${seq} was modified after it was written` });
      }
      walked.set(chain, { next: position + 1, prevHash: r.hash, lastSeq: seq });
      checked += 1;
    }
    onProgress?.(checked, headSeq);
    // No early stop once every chain reached its head: a record added later with a small position (a
    // forgery placed after the walk's end) must still be seen.
  }
  // Every chain has its head: a head deleted together with its records would hide them.
  for (let chain = 1; chain <= AUDIT_CHAINS; chain++) {
    if (!heads.has(chain))
      problems.push({ seq: 0, kind: 'truncated', message: `the head of chain ${chain} is missing` });
  }
  for (const chain of heads.keys()) {
    if (chain < 1 || chain > AUDIT_CHAINS)
      problems.push({ seq: 0, kind: 'tampered', message: `there is no chain ${chain}, but it has a head` });
  }
  for (const [chain, head] of heads) {
    if (chain < 1 || chain > AUDIT_CHAINS) continue; // reported above
    const state = walked.get(chain) ?? { next: 1, prevHash: GENESIS_HASH, lastSeq: 0 };
    if (state.next - 1 !== head.length || (head.length > 0 && head.hash !== state.prevHash)) {
      problems.push({
        seq: state.lastSeq,
        kind: 'truncated',
        message:
          chain === 1
            ? `the chain ends at ${state.lastSeq} but the head records ${head.length}`
            : `chain ${chain} ends at position ${state.next - 1} (record ${state.lastSeq}) but its head records ${head.length}`,
      });
    }
  }
  // Records that no head covers (it was rolled back, or rows were added behind its back); records outside
  // the chains were reported by the walk already. One statement,
  // so a transaction that commits new records and their head together is never counted.
  const beyond = await runSql<{ first: number | string | null }>(
    deps.db,
    deps.dialect,
    'select min("l"."seq") as "first" from "audit_log" "l" left join "audit_head" "h" on "h"."id" = "l"."chain" ' +
      'where "l"."seq" >= 1 and "l"."chain" between 1 and ? ' +
      'and ("h"."id" is null or coalesce("l"."chain_seq", "l"."seq") > "h"."seq")',
    [AUDIT_CHAINS],
  );
  const first = beyond.rows[0]?.first;
  if (first !== null && first !== undefined) {
    problems.push({
      seq: Number(first),
      kind: 'truncated',
      message: `records from ${first} on are not covered by the chain head`,
    });
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, checked, headSeq, problems };
}
