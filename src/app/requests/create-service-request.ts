import { z } from 'zod';
import { insertStatement } from '../../db/insert-rows';
import { scopeCustomers } from '../../db/repositories/customers-repository';
import { runSql } from '../../db/run-sql';
import type { ServiceRequestsTable } from '../../db/schema';
import { type WarrantyTerms, warrantyOn } from '../../domain/customers/warranty';
import { CHANNELS, REQUEST_TYPES } from '../../domain/requests/request-lifecycle';
import type { TriageResult } from '../../domain/requests/safety-triage';
import { maskPhone, normalizePhone } from '../../domain/shared/masking';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import {
  type AttachmentView,
  attachmentsOf,
  linkAttachments,
  usableAttachments,
} from '../attachments/attachments';
import { appendAudit } from '../audit/append-audit';
import { insertCustomer } from '../customers/create-customer';
import { type RowScope, rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { assertNotFuture } from '../shared/event-time';
import { newId } from '../shared/ids';
import { JsonText, jsonWithoutMember } from '../shared/json-text';
import { localDateIn } from '../shared/local-date';
import { outboxStatement } from '../shared/outbox';
import { nextFromBlock, nextSequence } from '../shared/sequences';
import { bi, parseOrThrow, zInstant, zMobile, zPhone } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';
import { loadPolicies } from '../sla/policy-store';
import { computeClockFacts } from '../sla/refresh-clocks';
import { triageForIntake } from '../triage/suggest-triage';
import { requestEventRow } from './insert-request-event';
import { type ServiceRequestView, serviceRequestView } from './service-request-view';

export const createServiceRequestInput = z
  .object({
    customerId: z.string().min(1).max(64).optional(),
    /** Instead of customerId: the caller, found by phone (identity merge) or registered on the spot. */
    caller: z.object({ name: z.string().trim().min(1).max(100), phone: zMobile }).optional(),
    channel: z.enum(CHANNELS),
    type: z.enum(REQUEST_TYPES).optional(),
    description: z
      .string()
      .trim()
      .min(2, { error: bi('请描述服务需求（至少 2 个字）', 'Describe the need (at least 2 characters)') })
      .max(4000),
    receivedAt: zInstant.optional(),
    unitId: z.string().min(1).max(64).optional(),
    outletId: z.string().min(1).max(64).optional(),
    /** Service address: one of the customer's addresses (default address when absent). */
    addressId: z.string().min(1).max(64).optional(),
    /** On-site contact when not the customer. */
    contact: z.object({ name: z.string().trim().min(1).max(100), phone: zPhone }).optional(),
    /** Symptom tags chosen at intake (不制冷, 漏水, 异响 …). */
    symptoms: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    /** Photos uploaded first through POST /api/v1/attachments. */
    attachmentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  })
  .refine((v) => v.customerId !== undefined || v.caller !== undefined, {
    path: ['customerId'],
    error: bi('请指定客户（customerId 或 caller）', 'customerId (or caller) is required'),
  });

export interface CreateServiceRequestResult extends ServiceRequestView {
  attachments: AttachmentView[];
  /** Open requests of the same unit, offered to the agent as possible duplicates. */
  possibleDuplicates: { id: string; number: string; status: string }[];
}

/**
 * Triage: safety rules first (cannot be missed), then the enterprise's trained classifier (latest model
 * with enough samples), else the keyword rules.
 */
export async function triageDescription(deps: AppDeps, description: string): Promise<TriageResult> {
  const { alternatives: _alternatives, ...result } = await triageForIntake(deps, description);
  return result;
}

/** A create checked and triaged, ready for its transaction (the part a use-case thread can take over). */
export interface PreparedServiceRequest {
  /** The new request's id, chosen before its transaction: a create that may have run can be looked up. */
  id: string;
  input: z.output<typeof createServiceRequestInput>;
  receivedAt: Date;
  triage: TriageResult;
  type: (typeof REQUEST_TYPES)[number];
  typeSource: 'given' | 'triage';
}

/** Validates the input and classifies the description (reads only cached reference data). */
export async function prepareServiceRequest(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<PreparedServiceRequest> {
  const input = parseOrThrow(createServiceRequestInput, raw);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : ctx.now;
  assertNotFuture(receivedAt, ctx.now, 'receivedAt');
  const triage = await triageDescription(deps, input.description);
  // A safety hazard makes the request an emergency even when the caller chose another type.
  const type = triage.method === 'safety-rule' ? 'emergency' : (input.type ?? triage.type);
  const typeSource =
    input.type && !(triage.method === 'safety-rule' && input.type !== 'emergency') ? 'given' : 'triage';
  return { id: newId(), input, receivedAt, triage, type, typeSource };
}

/**
 * 受理 (P-8.1-INTAKE-RECORD): records the request with its channel, customer and product, classifies it
 * when no type is given, and starts the clocks of its tier (8.2) from the time the need was raised.
 */
export async function createServiceRequest(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<CreateServiceRequestResult> {
  return createPreparedServiceRequest(deps, ctx, await prepareServiceRequest(deps, ctx, raw));
}

/**
 * The transaction of a create, from what `prepareServiceRequest` made of the input. With `ifAbsent`, a
 * request already stored under the prepared id is answered as it is instead of created again (the
 * use-case thread died while it ran this create: whether it committed is read, not guessed).
 */
export async function createPreparedServiceRequest(
  deps: AppDeps,
  ctx: Ctx,
  prepared: PreparedServiceRequest,
  opts: { ifAbsent?: boolean } = {},
): Promise<CreateServiceRequestResult> {
  return (await createPreparedServiceRequestJson(deps, ctx, prepared, opts)).parse();
}

/**
 * `createPreparedServiceRequest` with its result as JSON text, the response body as it is (the route and
 * the use-case thread): the request's view is serialised once, for the audit record and the answer.
 */
export async function createPreparedServiceRequestJson(
  deps: AppDeps,
  ctx: Ctx,
  prepared: PreparedServiceRequest,
  opts: { ifAbsent?: boolean } = {},
): Promise<JsonText> {
  const { id, input, receivedAt, triage, type, typeSource } = prepared;
  const [calendars, policies] = await Promise.all([loadCalendars(deps), loadPolicies(deps)]);
  const scope = rowScope(ctx.actor);

  const day = localDateIn(receivedAt, deps.zone).replace(/-/g, '');
  // PostgreSQL: the day's number comes from a block this process reserved in a transaction of its own, so
  // concurrent creates do not queue on the counter row until each other's commit (bench/RESULTS.md); a
  // create that then fails, or a restart, leaves a gap in the day's numbers. SQLite has one writer: the
  // number is taken in the transaction, without gaps.
  const reserved = deps.dialect === 'postgres' ? await nextFromBlock(deps, `sr:${day}`) : null;
  return inTransaction(deps, async (tx) => {
    if (opts.ifAbsent) {
      const stored = await tx.db
        .selectFrom('service_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (stored)
        return JsonText.of({
          ...serviceRequestView(stored, ctx.now),
          attachments: await attachmentsOf(tx.db, 'service-request', id),
          possibleDuplicates: [],
        } satisfies CreateServiceRequestResult);
    }
    // Every check reads before the first write: a create that fails after writing costs the use-case
    // thread its whole batch (GroupCommitSqliteDialect without savepoints). A caller whose phone is not
    // known yet is registered after the checks.
    const caller = input.caller as { name: string; phone: string };
    const knownId = input.customerId ?? (await findCaller(tx, caller.phone));
    const registering = knownId === null;
    // Registering a caller takes the right to create customers, and a scope that sees every customer.
    if (registering && (scope.kind !== 'all' || !ctx.actor.permissions.has('customers:write')))
      throw AppError.forbidden();
    const customer: CustomerForCreate | undefined = registering
      ? { id: '', city: null, group_code: null }
      : await readCustomerForCreate(tx, knownId, scope);
    if (!customer)
      throw AppError.validation([
        { path: 'customerId', message: { zh: '客户不存在', en: 'Unknown customer' } },
      ]);
    if (customer.anonymised_at) throw AppError.conflict('CUSTOMER_ANONYMISED', 'customerId');
    let possibleDuplicates: CreateServiceRequestResult['possibleDuplicates'] = [];
    if (input.unitId) {
      const unit = await tx.db
        .selectFrom('units')
        .select(['id', 'customer_id'])
        .where('id', '=', input.unitId)
        .executeTakeFirst();
      // A caller registered by this create owns no unit yet.
      if (!unit || registering || unit.customer_id !== customer.id) {
        throw AppError.validation([
          {
            path: 'unitId',
            message: { zh: '该客户名下没有此产品', en: 'The unit does not belong to the customer' },
          },
        ]);
      }
      possibleDuplicates = await tx.db
        .selectFrom('service_requests')
        .select(['id', 'number', 'status'])
        .where('unit_id', '=', input.unitId)
        .where('status', 'in', [
          'received',
          'pending-dispatch',
          'dispatched',
          'in-progress',
          'pending-acceptance',
        ])
        .orderBy('received_at', 'desc')
        .limit(5)
        .execute();
    }
    let warranty: unknown = null;
    let warrantyJson: string | null = null;
    if (input.unitId) {
      const u = await tx.db
        .selectFrom('units')
        .innerJoin('product_models', 'product_models.id', 'units.model_id')
        .select(['units.purchased_at', 'units.invoice_date', 'product_models.warranty_json'])
        .where('units.id', '=', input.unitId)
        .executeTakeFirst();
      if (u) {
        // 三包 status on the day the need was raised, kept with the request.
        const w = warrantyOn(
          JSON.parse(u.warranty_json) as WarrantyTerms,
          { purchasedAt: u.purchased_at, invoiceDate: u.invoice_date },
          localDateIn(receivedAt, deps.zone),
        );
        warranty = w;
        warrantyJson = JSON.stringify(w);
      }
    }
    if (input.addressId) {
      const a = registering
        ? undefined
        : await tx.db
            .selectFrom('customer_addresses')
            .select('id')
            .where('id', '=', input.addressId)
            .where('customer_id', '=', customer.id)
            .executeTakeFirst();
      if (!a)
        throw AppError.validation([
          {
            path: 'addressId',
            message: { zh: '该客户没有此地址', en: 'The address does not belong to the customer' },
          },
        ]);
    }
    if (input.outletId) {
      const o = await tx.db
        .selectFrom('outlets')
        .select('id')
        .where('id', '=', input.outletId)
        .executeTakeFirst();
      if (!o)
        throw AppError.validation([
          { path: 'outletId', message: { zh: '网点不存在', en: 'Unknown outlet' } },
        ]);
    }
    const checkedAttachments = await usableAttachments(tx, ctx, input.attachmentIds ?? []);
    const nowIso = ctx.now.toISOString();
    const row: ServiceRequestsTable = {
      id,
      number: '', // taken last (below)
      customer_id: customer.id,
      unit_id: input.unitId ?? null,
      outlet_id: input.outletId ?? null,
      channel: input.channel,
      type,
      type_source: typeSource,
      status: 'received',
      paused: 0,
      description: input.description,
      triage_json: JSON.stringify(triage),
      policy_id: null,
      received_at: receivedAt.toISOString(),
      responded_at: null,
      arranged_at: null,
      appointment_agreed_at: null,
      appointment_at: null,
      arrived_at: null,
      resolved_at: null,
      first_contact: null,
      completed_at: null,
      closed_at: null,
      cancelled_at: null,
      reopen_count: 0,
      sla_json: '{}',
      next_due_at: null,
      event_count: 1,
      created_by: ctx.actor.id,
      created_at: nowIso,
      updated_at: nowIso,
      address_id: input.addressId ?? null,
      contact_name: input.contact?.name ?? null,
      contact_phone_enc: input.contact ? tx.cipher.encrypt(normalizePhone(input.contact.phone)) : null,
      contact_phone_masked: input.contact ? maskPhone(normalizePhone(input.contact.phone)) : null,
      symptoms_json: input.symptoms ? JSON.stringify(input.symptoms) : null,
      warranty_json: warrantyJson,
    };
    const clocks = computeClockFacts(
      calendars,
      policies,
      {
        subjectKind: 'service-request',
        subjectId: id,
        subject: {
          subject: 'service-request',
          type,
          customerGroup: customer.group_code,
          region: customer.city,
        },
        channel: input.channel,
        outletId: row.outlet_id,
        startedAt: receivedAt,
        ended: null,
      },
      [],
      ctx.now,
      tx.zone,
    );
    // The first write, after everything that can refuse the create (the clocks' calendars included).
    if (registering)
      row.customer_id = customer.id = (
        await insertCustomer(tx, ctx, { name: caller.name, phone: caller.phone })
      ).id;
    row.policy_id = clocks.policyId;
    row.sla_json = JSON.stringify(clocks.sla);
    row.next_due_at = clocks.nextDueAt;
    const attachments = await linkAttachments(tx, checkedAttachments, 'service-request', id, customer.id);
    // The day's number counter and the audit chain head are rows every create locks until its commit
    // (PostgreSQL): take them last, so that concurrent creates wait on each other as briefly as possible.
    row.number = `SR-${day}-${String(reserved ?? (await nextSequence(tx, `sr:${day}`))).padStart(4, '0')}`;
    const view = serviceRequestView(row, ctx.now, { triage, sla: clocks.sla, warranty });
    // The request's rows go with its audit record: one statement on PostgreSQL (see appendAudit).
    const writes = [
      insertStatement('request_events', [
        requestEventRow(ctx, {
          subjectKind: 'service-request',
          subjectId: id,
          seq: 1,
          type: 'received',
          at: receivedAt,
          data: {
            channel: input.channel,
            type,
            typeSource,
            triage: { method: triage.method, reasons: triage.reasons },
          },
        }),
      ]),
      insertStatement('service_requests', [row]),
      outboxStatement(ctx.now, {
        topic: 'notification.log',
        dedupeKey: `sr-created:${id}`,
        payload: { kind: 'service-request.created', ref: row.number },
      }),
    ];
    // A record created in this transaction has no clock rows yet: inserted, nothing to reconcile.
    if (clocks.rows.length) writes.unshift(insertStatement('sla_clocks', clocks.rows));
    const viewJson = JSON.stringify(view);
    await appendAudit(
      tx,
      ctx,
      {
        action: 'service-request.create',
        entity: 'service-request',
        entityId: id,
        // The view without the free-text description (as `{ ...view, description: undefined }` would be).
        afterJson: jsonWithoutMember(viewJson, 'description', view.description),
      },
      { writesFirst: writes },
    );
    // As JSON.stringify({ ...view, attachments, possibleDuplicates }) would write it.
    return new JsonText(
      `${viewJson.slice(0, -1)},"attachments":${JSON.stringify(attachments)},"possibleDuplicates":${JSON.stringify(possibleDuplicates)}}`,
    );
  });
}

interface CustomerForCreate {
  id: string;
  city: string | null;
  group_code: string | null;
  anonymised_at?: string | null;
}

/**
 * The customer a request is created for, within the actor's row scope. On PostgreSQL the row is read FOR
 * SHARE: anonymisation locks it exclusively, so neither overtakes the other. Staff and customer actors
 * (every hot-path create) use a fixed SQL text; partner scopes go through the scoped query.
 */
async function readCustomerForCreate(
  tx: TxDeps,
  customerId: string,
  scope: RowScope,
): Promise<CustomerForCreate | undefined> {
  const lock = tx.dialect === 'postgres' ? ' for share' : '';
  if (scope.kind === 'all' || scope.kind === 'customer') {
    const own = scope.kind === 'customer' ? ' and "id" = ?' : '';
    const { rows } = await runSql<CustomerForCreate>(
      tx.db,
      tx.dialect,
      `select "id", "city", "group_code", "anonymised_at" from "customers" where "id" = ?${own}${lock}`,
      scope.kind === 'customer' ? [customerId, scope.customerId] : [customerId],
    );
    return rows[0];
  }
  const query = scopeCustomers(
    tx.db.selectFrom('customers').select(['id', 'city', 'group_code', 'anonymised_at']),
    scope,
  ).where('id', '=', customerId);
  return (tx.dialect === 'postgres' ? query.forShare() : query).executeTakeFirst();
}

/**
 * Identity merge by phone: a caller whose number is already known (own or contact phone) is that customer
 * (the oldest record when several share it); null when the number is new (the create registers the caller).
 */
async function findCaller(tx: TxDeps, phone: string): Promise<string | null> {
  const hash = tx.cipher.blindIndex(normalizePhone(phone));
  const own = await tx.db
    .selectFrom('customers')
    .select('id')
    .where('phone_hash', '=', hash)
    .orderBy('id')
    .executeTakeFirst();
  if (own) return own.id;
  const contact = await tx.db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('phone_hash', '=', hash)
    .orderBy('id')
    .executeTakeFirst();
  return contact?.customer_id ?? null;
}
