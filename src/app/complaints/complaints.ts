import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import { scopeCustomers } from '../../db/repositories/customers-repository';
import type { ComplaintsTable } from '../../db/schema';
import {
  applyComplaintEvent,
  COMPLAINT_EVENT_TYPES,
  type ComplaintStatus,
} from '../../domain/complaints/complaint-lifecycle';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { insertRequestEvent } from '../requests/insert-request-event';
import { AppError } from '../shared/app-error';
import { assertNotBeforeReceipt, assertNotFuture, lifecycleConflict } from '../shared/event-time';
import { newId } from '../shared/ids';
import { localDateIn } from '../shared/local-date';
import { enqueueOutbox } from '../shared/outbox';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { nextSequence } from '../shared/sequences';
import { bi, parseOrThrow, zInstant } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';
import { loadPolicies } from '../sla/policy-store';
import { refreshComplaintClocks } from './complaint-clocks';
import { type ComplaintView, complaintView } from './complaint-view';

export const createComplaintInput = z.object({
  customerId: z.string().min(1).max(64),
  description: z
    .string()
    .trim()
    .min(2, { error: bi('请描述投诉内容', 'Describe the complaint') })
    .max(4000),
  serviceRequestId: z.string().min(1).max(64).optional(),
  receivedAt: zInstant.optional(),
  complex: z.boolean().optional(),
  complexReason: z.string().trim().max(200).optional(),
});

export const complaintEventInput = z.object({
  type: z.enum(COMPLAINT_EVENT_TYPES),
  at: zInstant.optional(),
  reason: z.string().trim().max(500).optional(),
  note: z.string().trim().max(4000).optional(),
  plan: z.string().trim().max(4000).optional(),
});

const CUSTOMER_EVENTS: ReadonlySet<string> = new Set(['note']);

function scoped(deps: AppDeps, ctx: Ctx) {
  const scope = rowScope(ctx.actor);
  const q = deps.db.selectFrom('complaints').selectAll();
  if (scope.kind === 'all') return q;
  if (scope.kind === 'customer') return q.where('complaints.customer_id', '=', scope.customerId);
  return q.where('complaints.id', '=', '');
}

/** 投诉受理 (8.5): starts the 24 h response clock and, for complex complaints, the 3-working-day plan clock. */
export async function createComplaint(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<ComplaintView> {
  const input = parseOrThrow(createComplaintInput, raw);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : ctx.now;
  assertNotFuture(receivedAt, ctx.now, 'receivedAt');
  const [calendars, policies] = await Promise.all([loadCalendars(deps), loadPolicies(deps)]);
  return inTransaction(deps, async (tx) => {
    const customer = await scopeCustomers(tx.db.selectFrom('customers').select('id'), rowScope(ctx.actor))
      .where('id', '=', input.customerId)
      .executeTakeFirst();
    if (!customer)
      throw AppError.validation([
        { path: 'customerId', message: { zh: '客户不存在', en: 'Unknown customer' } },
      ]);
    if (input.serviceRequestId) {
      const sr = await tx.db
        .selectFrom('service_requests')
        .select(['id', 'customer_id'])
        .where('id', '=', input.serviceRequestId)
        .executeTakeFirst();
      if (!sr || sr.customer_id !== customer.id) {
        throw AppError.validation([
          {
            path: 'serviceRequestId',
            message: { zh: '该客户没有此服务请求', en: 'No such request for this customer' },
          },
        ]);
      }
    }
    const day = localDateIn(receivedAt, deps.zone).replace(/-/g, '');
    const seq = await nextSequence(tx, `cp:${day}`);
    const nowIso = ctx.now.toISOString();
    let row: ComplaintsTable = {
      id: newId(),
      number: `CP-${day}-${String(seq).padStart(4, '0')}`,
      customer_id: customer.id,
      service_request_id: input.serviceRequestId ?? null,
      description: input.description,
      complex: input.complex ? 1 : 0,
      complex_reason: input.complex ? (input.complexReason ?? 'flagged-at-intake') : null,
      status: 'received',
      paused: 0,
      received_at: receivedAt.toISOString(),
      responded_at: null,
      plan_proposed_at: null,
      resolved_at: null,
      closed_at: null,
      sla_json: '{}',
      next_due_at: null,
      event_count: 1,
      created_by: ctx.actor.id,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await insertRequestEvent(tx, ctx, {
      subjectKind: 'complaint',
      subjectId: row.id,
      seq: 1,
      type: 'received',
      at: receivedAt,
      data: { complex: !!input.complex },
    });
    row = await refreshComplaintClocks(tx, calendars, policies, row, !!input.complex, ctx.now);
    await tx.db.insertInto('complaints').values(row).execute();
    const view = complaintView(row, ctx.now);
    await appendAudit(tx, ctx, {
      action: 'complaint.create',
      entity: 'complaint',
      entityId: row.id,
      after: { ...view, description: undefined },
    });
    await enqueueOutbox(tx, ctx.now, {
      topic: 'notification.log',
      dedupeKey: `cp-created:${row.id}`,
      payload: { kind: 'complaint.created', ref: row.number },
    });
    return view;
  });
}

export async function recordComplaintEvent(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  raw: unknown,
): Promise<ComplaintView> {
  const input = parseOrThrow(complaintEventInput, raw);
  const at = input.at ? new Date(input.at) : ctx.now;
  assertNotFuture(at, ctx.now, 'at');
  const isCustomer = ctx.actor.roles.length > 0 && ctx.actor.roles.every((r) => r === 'customer');
  if (isCustomer && !CUSTOMER_EVENTS.has(input.type)) throw AppError.forbidden();
  const [calendars, policies] = await Promise.all([loadCalendars(deps), loadPolicies(deps)]);
  return inTransaction(deps, async (tx) => {
    const before = await forUpdate(
      scoped({ ...deps, db: tx.db }, ctx).where('complaints.id', '=', id),
      tx.dialect,
    ).executeTakeFirst();
    if (!before) throw AppError.notFound();
    assertNotBeforeReceipt(at, before.received_at);
    const t = applyComplaintEvent(
      { status: before.status as ComplaintStatus, paused: before.paused === 1 },
      input.type,
    );
    if (!t.ok) throw lifecycleConflict(t.reason);
    const atIso = at.toISOString();
    let next: ComplaintsTable = {
      ...before,
      status: t.state.status,
      paused: t.state.paused ? 1 : 0,
      updated_at: ctx.now.toISOString(),
    };
    let flagged = before.complex === 1 && before.complex_reason !== 'not-closed-at-first-response';
    if (input.type === 'responded') next.responded_at ??= atIso;
    if (input.type === 'plan-proposed') next.plan_proposed_at ??= atIso;
    if (input.type === 'resolved') next.resolved_at ??= atIso;
    if (input.type === 'closed') next.closed_at = atIso;
    if (input.type === 'marked-complex') {
      flagged = true;
      next.complex_reason = input.reason ?? 'flagged';
    }
    next.event_count = before.event_count + 1;
    const data: Record<string, unknown> = {};
    if (input.reason) data.reason = input.reason;
    if (input.note) data.note = input.note;
    if (input.plan) data.plan = input.plan;
    await insertRequestEvent(tx, ctx, {
      subjectKind: 'complaint',
      subjectId: id,
      seq: next.event_count,
      type: input.type,
      at,
      data,
    });
    next = await refreshComplaintClocks(tx, calendars, policies, next, flagged, ctx.now);
    const { id: _id, ...changes } = next;
    await tx.db.updateTable('complaints').set(changes).where('id', '=', id).execute();
    await appendAudit(tx, ctx, {
      action: `complaint.${input.type}`,
      entity: 'complaint',
      entityId: id,
      before: { status: before.status, complex: before.complex === 1 },
      after: { status: next.status, complex: next.complex === 1, at: atIso, ...data },
    });
    return complaintView(next, ctx.now);
  });
}

export async function getComplaint(deps: AppDeps, ctx: Ctx, id: string): Promise<ComplaintView> {
  const c = await scoped(deps, ctx).where('complaints.id', '=', id).executeTakeFirst();
  if (!c) throw AppError.notFound();
  return complaintView(c, ctx.now);
}

export const listComplaintsQuery = z.object({ customerId: z.string().max(64).optional(), ...pageQuery });

export async function listComplaints(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<Page<ComplaintView>> {
  const q = parseOrThrow(listComplaintsQuery, raw);
  const cursor = decodeCursor(q.cursor);
  let base = scoped(deps, ctx);
  if (q.customerId) base = base.where('complaints.customer_id', '=', q.customerId);
  const [rows, count] = await Promise.all([
    (cursor ? base.where('complaints.id', '<', cursor) : base)
      .orderBy('complaints.id', 'desc')
      .limit(q.limit + 1)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, q.limit, Number(count.n), (r) => complaintView(r, ctx.now));
}
