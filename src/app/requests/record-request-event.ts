import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import { insertStatement } from '../../db/insert-rows';
import type { ServiceRequestsTable } from '../../db/schema';
import { updateByIdStatement } from '../../db/update-statement';
import {
  applyLifecycleEvent,
  POSTABLE_EVENT_TYPES,
  REQUEST_TYPES,
  type RequestEventType,
  type RequestStatus,
} from '../../domain/requests/request-lifecycle';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { assertNotBeforeReceipt, assertNotFuture, lifecycleConflict } from '../shared/event-time';
import { outboxStatement } from '../shared/outbox';
import { bi, parseOrThrow, zInstant } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';
import { loadPolicies } from '../sla/policy-store';
import { requestEventRow } from './insert-request-event';
import { requestClockRefresh } from './recompute-request-clocks';
import { scopeRequests } from './request-scope';
import { type ServiceRequestView, serviceRequestView } from './service-request-view';

export const requestEventInput = z
  .object({
    type: z.enum(POSTABLE_EVENT_TYPES as [RequestEventType, ...RequestEventType[]]),
    at: zInstant.optional(),
    /** appointment-agreed: the agreed arrival time. */
    arrivalAt: zInstant.optional(),
    /** resolved: resolved at the first contact (4.(六), A-9). */
    firstContact: z.boolean().optional(),
    /** reclassified: the new type (the agent's override of triage, audited). */
    newType: z.enum(REQUEST_TYPES).optional(),
    reason: z.string().trim().max(500).optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'appointment-agreed' && !v.arrivalAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['arrivalAt'],
        message: bi('约定上门时间必填', 'arrivalAt is required'),
      });
    }
    if (v.type === 'reclassified' && !v.newType) {
      ctx.addIssue({
        code: 'custom',
        path: ['newType'],
        message: bi('请给出新的类型', 'newType is required'),
      });
    }
    if (v.type === 'note' && !v.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: bi('备注不能为空', 'note is required') });
    }
  });

/** Events a customer may post on its own request (portal); everything else is staff work. */
const CUSTOMER_EVENTS: ReadonlySet<string> = new Set(['cancelled', 'accepted', 'note']);
const ON_TIME_MS = 30 * 60_000;

/**
 * Records what happened to a request (responded, appointment agreed, dispatched, arrived, resolved, …) as
 * an event, moves its status, and recomputes every clock from the whole log. Out-of-order events → 409.
 */
export async function recordRequestEvent(
  deps: AppDeps,
  ctx: Ctx,
  requestId: string,
  raw: unknown,
): Promise<ServiceRequestView> {
  const input = parseOrThrow(requestEventInput, raw);
  const at = input.at ? new Date(input.at) : ctx.now;
  assertNotFuture(at, ctx.now, 'at');
  const isCustomer = ctx.actor.roles.length > 0 && ctx.actor.roles.every((r) => r === 'customer');
  if (isCustomer && !CUSTOMER_EVENTS.has(input.type)) throw AppError.forbidden();
  const [calendars, policies] = await Promise.all([loadCalendars(deps), loadPolicies(deps)]);

  return inTransaction(deps, async (tx) => {
    const before = await forUpdate(
      scopeRequests(
        tx.db.selectFrom('service_requests').selectAll().where('service_requests.id', '=', requestId),
        rowScope(ctx.actor),
      ),
      tx.dialect,
    ).executeTakeFirst();
    if (!before) throw AppError.notFound();
    assertNotBeforeReceipt(at, before.received_at);
    const t = applyLifecycleEvent(
      { status: before.status as RequestStatus, paused: before.paused === 1 },
      input.type,
    );
    if (!t.ok) throw lifecycleConflict(t.reason);

    const atIso = at.toISOString();
    const next: ServiceRequestsTable = {
      ...before,
      status: t.state.status,
      paused: t.state.paused ? 1 : 0,
      updated_at: ctx.now.toISOString(),
    };
    const data: Record<string, unknown> = {};
    switch (input.type) {
      case 'responded':
        next.responded_at ??= atIso;
        break;
      case 'appointment-agreed':
        next.responded_at ??= atIso;
        next.appointment_agreed_at ??= atIso;
        next.appointment_at = new Date(input.arrivalAt as string).toISOString();
        data.arrivalAt = next.appointment_at;
        break;
      case 'dispatched':
        next.arranged_at ??= atIso;
        break;
      case 'arrived': {
        next.arrived_at ??= atIso;
        if (before.appointment_at) {
          const deviation = at.getTime() - Date.parse(before.appointment_at);
          data.deviationMinutes = Math.round(deviation / 60_000);
          data.onTime = Math.abs(deviation) <= ON_TIME_MS; // Q-8.3-ARRIVAL-WINDOW, A-18
        }
        break;
      }
      case 'resolved':
        next.resolved_at = atIso;
        next.first_contact = input.firstContact === undefined ? null : input.firstContact ? 1 : 0;
        data.firstContact = input.firstContact ?? null;
        break;
      case 'accepted':
        next.completed_at = atIso;
        break;
      case 'closed':
        next.closed_at = atIso;
        next.completed_at ??= atIso;
        break;
      case 'reopened':
        next.reopen_count = before.reopen_count + 1;
        next.completed_at = null;
        next.closed_at = null;
        break;
      case 'cancelled':
        next.cancelled_at = atIso;
        break;
      case 'reclassified':
        data.from = before.type;
        data.to = input.newType;
        next.type = input.newType as string;
        next.type_source = 'agent';
        break;
    }
    if (input.reason) data.reason = input.reason;
    if (input.note) data.note = input.note;
    next.event_count = before.event_count + 1;
    const event = requestEventRow(ctx, {
      subjectKind: 'service-request',
      subjectId: requestId,
      seq: next.event_count,
      type: input.type,
      at,
      data,
    });
    const clocks = await requestClockRefresh(tx, calendars, policies, next, ctx.now, event);
    Object.assign(next, clocks.row);
    const view = serviceRequestView(next, ctx.now);
    // The event, the clocks, the row and the outbox message go with the audit record: one statement on
    // PostgreSQL (appendAudit's writesFirst), one after another on SQLite.
    await appendAudit(
      tx,
      ctx,
      {
        action: `service-request.${input.type}`,
        entity: 'service-request',
        entityId: requestId,
        before: { status: before.status, type: before.type },
        after: { status: next.status, type: next.type, at: atIso, ...data },
      },
      {
        writesFirst: [
          insertStatement('request_events', [event]),
          ...clocks.writes,
          updateByIdStatement('service_requests', requestId, changedColumns(before, next)),
          outboxStatement(ctx.now, {
            topic: 'notification.log',
            dedupeKey: `sr-event:${requestId}:${next.event_count}`,
            payload: { kind: `service-request.${input.type}`, ref: next.number },
          }),
        ],
      },
    );
    return view;
  });
}

/** The columns of `next` that differ from `before` (`updated_at` always does): what the event changed. */
function changedColumns(
  before: ServiceRequestsTable,
  next: ServiceRequestsTable,
): Partial<ServiceRequestsTable> {
  const changes: Partial<Record<keyof ServiceRequestsTable, unknown>> = {};
  for (const k of Object.keys(next) as (keyof ServiceRequestsTable)[])
    if (next[k] !== before[k]) changes[k] = next[k];
  return changes as Partial<ServiceRequestsTable>;
}
