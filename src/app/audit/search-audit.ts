import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { AppError } from '../shared/app-error';
import { parseOrThrow, zInstant } from '../shared/validate';

export const searchAuditQuery = z.object({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(80).optional(),
  actor: z.string().max(100).optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Admin search of the audit log, newest first; the cursor is the last sequence number seen. */
export async function searchAudit(deps: AppDeps, raw: unknown) {
  const q = parseOrThrow(searchAuditQuery, raw);
  // Compare instants, not strings: the two may be written with different offsets.
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
    throw AppError.validation([
      { path: 'to', message: { zh: '结束时间须晚于开始时间', en: 'to must be after from' } },
    ]);
  }
  let base = deps.db.selectFrom('audit_log');
  if (q.entity) base = base.where('entity', '=', q.entity);
  if (q.entityId) base = base.where('entity_id', '=', q.entityId);
  if (q.action) base = base.where('action', '=', q.action);
  if (q.actor) base = base.where('actor_name', '=', q.actor);
  if (q.from) base = base.where('at', '>=', new Date(q.from).toISOString());
  if (q.to) base = base.where('at', '<', new Date(q.to).toISOString());
  const [rows, count] = await Promise.all([
    (q.cursor ? base.where('seq', '<', Number(q.cursor)) : base)
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(q.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    items: page.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor_name,
      actorId: r.actor_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      ip: r.ip,
      requestId: r.request_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      hash: r.hash,
    })),
    total: Number(count.n),
    nextCursor: more ? String(page[page.length - 1].seq) : null,
  };
}
