import { forUpdate } from '../../db/dialect-helpers';
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
  const head = await forUpdate(
    tx.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1),
    tx.dialect,
  ).executeTakeFirstOrThrow();
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
  // Chunked so that huge imports stay under parameter limits of both databases.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  await tx.db.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
}
