import { insertRows, insertStatement } from '../../db/insert-rows';
import { runSql } from '../../db/run-sql';
import type { Ctx, TxDeps } from '../app-deps';
import { type AuditRecordFields, auditHash } from './audit-hash';

export interface AuditEntry {
  action: string; // e.g. 'customer.create'
  entity: string; // e.g. 'customer'
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends audit records in the caller's transaction (DESIGN.md: every mutation, same transaction).
 * The chain head row is locked so that concurrent transactions on PostgreSQL append one after another.
 * Callers pass masked views, never plaintext personal data.
 */
export async function appendAudit(tx: TxDeps, ctx: Ctx, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  // Fixed SQL texts: this runs in every mutation of the system.
  const { rows: heads } = await runSql<{ seq: number | string; hash: string }>(
    tx.db,
    tx.dialect,
    tx.dialect === 'postgres'
      ? 'select "seq", "hash" from "audit_head" where "id" = 1 for update'
      : 'select "seq", "hash" from "audit_head" where "id" = 1',
    [],
  );
  const head = heads[0];
  if (!head) throw new Error('audit_head is missing');
  let seq = Number(head.seq);
  let prev = head.hash;
  const at = ctx.now.toISOString();
  const rows: (AuditRecordFields & { hash: string })[] = [];
  for (const e of list) {
    seq += 1;
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
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      prev_hash: prev,
    };
    const hash = auditHash(fields);
    rows.push({ ...fields, hash });
    prev = hash;
  }
  if (tx.dialect === 'postgres' && rows.length <= 500) {
    // One round trip for the records and the head: the head stays locked until the commit, so every
    // round trip saved here is time other transactions do not wait.
    const insert = insertStatement('audit_log', rows);
    await runSql(
      tx.db,
      tx.dialect,
      `with appended as (${insert.text}) update "audit_head" set "seq" = ?, "hash" = ? where "id" = 1`,
      [...insert.parameters, seq, prev],
    );
    return;
  }
  // Chunked so that huge imports stay under parameter limits of both databases.
  for (let i = 0; i < rows.length; i += 500) {
    await insertRows(tx.db, tx.dialect, 'audit_log', rows.slice(i, i + 500));
  }
  await runSql(tx.db, tx.dialect, 'update "audit_head" set "seq" = ?, "hash" = ? where "id" = 1', [
    seq,
    prev,
  ]);
}
