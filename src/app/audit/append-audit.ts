import { insertRows, insertStatement } from '../../db/insert-rows';
import { runSql, runStatements, type SqlStatement } from '../../db/run-sql';
import type { Ctx, TxDeps } from '../app-deps';
import { type AuditRecordFields, auditHash } from './audit-hash';

export interface AuditEntry {
  action: string; // e.g. 'customer.create'
  entity: string; // e.g. 'customer'
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  /** `after` already serialised (JSON text), instead of `after`. */
  afterJson?: string;
}

/** Chains on PostgreSQL (audit_head rows 1..8, migration 0008). */
export const AUDIT_CHAINS = 8;

interface ChainHead {
  chain: number;
  /** Records in the chain so far. */
  length: number;
  hash: string;
  /** Global sequence numbers for the new records, in order. */
  seqs: number[];
}

/**
 * PostgreSQL: the first chain head nobody holds (SKIP LOCKED), else waits for a random one; the global
 * numbers are drawn after the lock is taken, so within a chain `seq` grows in chain order.
 */
async function lockChainHead(tx: TxDeps, count: number): Promise<ChainHead> {
  const take = async (choose: string, parameters: unknown[]) => {
    const { rows } = await runSql<{
      id: number;
      seq: number | string;
      hash: string;
      seqs: (number | string)[];
    }>(
      tx.db,
      tx.dialect,
      `with "h" as (select "id", "seq", "hash" from "audit_head" ${choose}) ` +
        `select "h"."id", "h"."seq", "h"."hash", array(select nextval('audit_seq') from generate_series(1, ?)) as "seqs" from "h"`,
      [...parameters, count],
    );
    const r = rows[0];
    return r ? { chain: r.id, length: Number(r.seq), hash: r.hash, seqs: r.seqs.map(Number) } : null;
  };
  return (
    (await take('order by "id" limit 1 for update skip locked', [])) ??
    (await take('where "id" = ? for update', [1 + Math.floor(Math.random() * AUDIT_CHAINS)])) ??
    Promise.reject(new Error('audit_head is missing'))
  );
}

/** SQLite has one writer: chain 1, and the global number continues it. */
async function readSingleChainHead(tx: TxDeps, count: number): Promise<ChainHead> {
  const { rows } = await runSql<{ seq: number | string; hash: string }>(
    tx.db,
    tx.dialect,
    'select "seq", "hash" from "audit_head" where "id" = 1',
    [],
  );
  const head = rows[0];
  if (!head) throw new Error('audit_head is missing');
  const length = Number(head.seq);
  return { chain: 1, length, hash: head.hash, seqs: Array.from({ length: count }, (_, i) => length + i + 1) };
}

/**
 * Appends audit records in the caller's transaction (DESIGN.md: every mutation, same transaction).
 * A chain head row is locked until the commit, so that the transactions appending to one chain do so
 * one after another; on PostgreSQL concurrent transactions spread over several chains.
 * Callers pass masked views, never plaintext personal data.
 *
 * `writesFirst`: data-modifying statements (INSERT, UPDATE, DELETE, without a WITH of their own, whose
 * results and row counts nobody needs) that the caller would otherwise run just before. On PostgreSQL they
 * go with the records in one statement (data-modifying CTEs): every statement of a transaction is a round
 * trip, and a create's four inserts cost more in round trips than in work (bench/RESULTS.md). On SQLite
 * they run first, one after another. Because PostgreSQL runs sibling CTEs on one snapshot, no statement of
 * the list may touch a row another one touches or depend on another's effect (a DELETE and an upsert of the
 * same key would keep the row there and drop it here).
 */
export async function appendAudit(
  tx: TxDeps,
  ctx: Ctx,
  entries: AuditEntry | AuditEntry[],
  opts: { writesFirst?: readonly SqlStatement[] } = {},
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  const pg = tx.dialect === 'postgres';
  const writesFirst = opts.writesFirst ?? [];
  for (const w of writesFirst)
    if (!/^\s*(insert|update|delete)\s/i.test(w.text))
      throw new Error(
        `appendAudit: writesFirst takes plain INSERT/UPDATE/DELETE statements, not: ${w.text.slice(0, 40)}`,
      );
  if (list.length === 0 || !pg) {
    await runStatements(tx.db, tx.dialect, writesFirst);
    if (list.length === 0) return;
  }
  const head = pg ? await lockChainHead(tx, list.length) : await readSingleChainHead(tx, list.length);
  let position = head.length;
  let prev = head.hash;
  const at = ctx.now.toISOString();
  const rows: (AuditRecordFields & { hash: string })[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const seq = head.seqs[i];
    position += 1;
    const fields: AuditRecordFields = {
      seq,
      at,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      ip: ctx.ip,
      request_id: ctx.requestId,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.afterJson ?? (e.after === undefined ? null : JSON.stringify(e.after)),
      prev_hash: prev,
    };
    // Chain and position are stored (and hashed) only where they differ from chain 1 at `seq`.
    if (pg) {
      fields.chain = head.chain;
      fields.chain_seq = head.chain === 1 && position === seq ? null : position;
    }
    const hash = auditHash(fields);
    rows.push({ ...fields, hash });
    prev = hash;
  }
  if (pg && rows.length <= 500) {
    // One round trip for the caller's writes, the records and the head: the head stays locked until the
    // commit, so every round trip saved here is time other transactions wait on this chain.
    const insert = insertStatement('audit_log', rows);
    const ctes = writesFirst.map((w, i) => `"w${i}" as (${w.text}), `).join('');
    await runSql(
      tx.db,
      tx.dialect,
      `with ${ctes}appended as (${insert.text}) update "audit_head" set "seq" = ?, "hash" = ? where "id" = ?`,
      [...writesFirst.flatMap((w) => w.parameters), ...insert.parameters, position, prev, head.chain],
    );
    return;
  }
  // (SQLite ran them before reading its head.)
  if (pg) await runStatements(tx.db, tx.dialect, writesFirst);
  // Chunked so that huge imports stay under parameter limits of both databases.
  for (let i = 0; i < rows.length; i += 500) {
    await insertRows(tx.db, tx.dialect, 'audit_log', rows.slice(i, i + 500));
  }
  await runSql(tx.db, tx.dialect, 'update "audit_head" set "seq" = ?, "hash" = ? where "id" = ?', [
    position,
    prev,
    head.chain,
  ]);
}
