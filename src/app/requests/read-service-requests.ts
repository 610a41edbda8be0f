import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { CHANNELS, REQUEST_STATUSES, REQUEST_TYPES } from '../../domain/requests/request-lifecycle';
import type { AppDeps, Ctx } from '../app-deps';
import { type AttachmentView, attachmentsOf } from '../attachments/attachments';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { parseOrThrow } from '../shared/validate';
import { findRequestInScope, scopeRequests } from './request-scope';
import { type ServiceRequestView, serviceRequestView } from './service-request-view';

export async function getServiceRequest(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
): Promise<ServiceRequestView & { attachments: AttachmentView[] }> {
  const r = await findRequestInScope(deps.db, id, rowScope(ctx.actor));
  if (!r) throw AppError.notFound();
  return {
    ...serviceRequestView(r, ctx.now),
    attachments: await attachmentsOf(deps.db, 'service-request', id),
  };
}

const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
const OPEN_STATUSES = ['received', 'pending-dispatch', 'dispatched', 'in-progress', 'pending-acceptance'];

function withCustomerName<O>(qb: SelectQueryBuilder<Database, 'service_requests', O>) {
  return qb
    .innerJoin('customers', 'customers.id', 'service_requests.customer_id')
    .selectAll('service_requests')
    .select('customers.name as customer_name');
}

export const listServiceRequestsQuery = z.object({
  customerId: z.string().max(64).optional(),
  unitId: z.string().max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  outletId: z.string().max(64).optional(),
  /** Sort: newest first (default) or by SLA urgency (open requests, earliest deadline first). */
  sort: z.enum(['newest', 'urgency']).default('newest'),
  ...pageQuery,
});

export async function listServiceRequests(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<Page<ServiceRequestView>> {
  const q = parseOrThrow(listServiceRequestsQuery, raw);
  let base = scopeRequests(deps.db.selectFrom('service_requests'), rowScope(ctx.actor));
  if (q.customerId) base = base.where('service_requests.customer_id', '=', q.customerId);
  if (q.unitId) base = base.where('service_requests.unit_id', '=', q.unitId);
  if (q.channel) base = base.where('service_requests.channel', '=', q.channel);
  if (q.status) base = base.where('service_requests.status', '=', q.status);
  if (q.type) base = base.where('service_requests.type', '=', q.type);
  if (q.outletId) base = base.where('service_requests.outlet_id', '=', q.outletId);
  if (q.sort === 'urgency') {
    // The agent queue: open work, earliest deadline first; requests whose clocks are all paused (no
    // deadline now) come last. Composite cursor "dueKey|id".
    const dueKey = sql<string>`coalesce(service_requests.next_due_at, ${NO_DEADLINE})`;
    base = base.where('service_requests.status', 'in', OPEN_STATUSES);
    const cursor = q.cursor ? Buffer.from(q.cursor, 'base64url').toString('utf8') : undefined;
    let page = withCustomerName(base);
    if (cursor) {
      const [due, id] = cursor.split('|');
      if (!due || !id)
        throw AppError.validation([
          { path: 'cursor', message: { zh: '无效的分页游标', en: 'Invalid cursor' } },
        ]);
      page = page.where((eb) =>
        eb.or([eb(dueKey, '>', due), eb.and([eb(dueKey, '=', due), eb('service_requests.id', '>', id)])]),
      );
    }
    const [rows, count] = await Promise.all([
      page
        .orderBy(dueKey)
        .orderBy('service_requests.id')
        .limit(q.limit + 1)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const more = rows.length > q.limit;
    const slice = more ? rows.slice(0, q.limit) : rows;
    const last = slice[slice.length - 1];
    return {
      items: slice.map((r) => ({ ...serviceRequestView(r, ctx.now), customerName: r.customer_name })),
      total: Number(count.n),
      nextCursor:
        more && last
          ? Buffer.from(`${last.next_due_at ?? NO_DEADLINE}|${last.id}`, 'utf8').toString('base64url')
          : null,
    };
  }
  const cursor = decodeCursor(q.cursor);
  const [rows, count] = await Promise.all([
    withCustomerName(cursor ? base.where('service_requests.id', '<', cursor) : base)
      .orderBy('service_requests.id', 'desc')
      .limit(q.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, q.limit, Number(count.n), (r) => ({
    ...serviceRequestView(r, ctx.now),
    customerName: r.customer_name,
  }));
}

/** The request's event log, oldest first (timeline). */
export async function listRequestEvents(deps: AppDeps, ctx: Ctx, id: string) {
  const r = await findRequestInScope(deps.db, id, rowScope(ctx.actor));
  if (!r) throw AppError.notFound();
  const rows = await deps.db
    .selectFrom('request_events')
    .selectAll()
    .where('subject_kind', '=', 'service-request')
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();
  const customerView = rowScope(ctx.actor).kind === 'customer';
  return {
    items: rows.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at,
      recordedAt: e.recorded_at,
      // Customers see what happened, not which staff member did it.
      actor: customerView ? null : e.actor_name,
      source: e.source,
      data: e.data_json ? JSON.parse(e.data_json) : null,
    })),
  };
}
