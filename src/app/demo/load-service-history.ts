// Loads a generated service history (generate-service-history.ts) in bulk: requests, complaints, their
// event logs and SLA clocks, in chunked transactions with one audit entry per record. Clocks are computed
// by the same pure code as live events (computeClockFacts); clocks whose warning or deadline passed before
// `now` are marked as already warned/escalated, so the sweeper does not replay a year of alerts.
import { UUID } from 'uuidv7';
import type {
  ComplaintsTable,
  RequestEventsTable,
  ServiceRequestsTable,
  SlaClocksTable,
} from '../../db/schema';
import {
  applyComplaintEvent,
  type ComplaintStatus,
  isComplex,
} from '../../domain/complaints/complaint-lifecycle';
import { applyLifecycleEvent, type RequestStatus } from '../../domain/requests/request-lifecycle';
import { ruleTriage } from '../../domain/triage/triage-pipeline';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { type AuditEntry, appendAudit } from '../audit/append-audit';
import { localDateIn } from '../shared/local-date';
import { loadCalendars } from '../sla/calendar-store';
import { loadPolicies } from '../sla/policy-store';
import { type ClockContext, type ClockFacts, computeClockFacts } from '../sla/refresh-clocks';
import type { DemoComplaint, DemoServiceHistory, DemoServiceRequest } from './generate-service-history';

export interface HistoryCustomer {
  id: string;
  city: string | null;
  groupCode: string | null;
  /** Unit ids in the order of the generated customer's units. */
  unitIds: string[];
}

export interface LoadServiceHistoryOptions {
  history: DemoServiceHistory;
  /** By the generator's customer index. */
  customers: HistoryCustomer[];
  /** Outlet serving each city (requests are assigned to the outlet of the customer's city). */
  outletByCity: Map<string, string>;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface LoadServiceHistoryResult {
  requests: number;
  complaints: number;
  events: number;
  clocks: number;
}

const CHUNK = 1000;

/**
 * A UUIDv7 that sorts by the instant it names (historical records sort among themselves by time). The 74
 * random bits only need to be unique, not secret: Math.random is far cheaper than the CSPRNG here.
 */
function idAt(ms: number): string {
  const r = (n: number) => Math.floor(Math.random() * n);
  return UUID.fromFieldsV7(ms, r(0x1000), r(0x40000000), r(0x100000000)).toString();
}

async function insertRows<T extends 'service_requests' | 'request_events' | 'sla_clocks' | 'complaints'>(
  tx: TxDeps,
  table: T,
  rows: unknown[],
  size: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await tx.db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** Warning/escalation marks of a clock whose moment passed before `now` (sent, in the demo's story). */
function marked(row: ClockFacts['rows'][number], nowIso: string): SlaClocksTable {
  const unmetBy = (t: string | null) => t !== null && t <= nowIso && (row.met_at === null || row.met_at > t);
  return {
    ...row,
    warned_at: unmetBy(row.warn_at) ? row.warn_at : null,
    escalated_at: unmetBy(row.due_at) ? row.due_at : null,
  };
}

async function upsertCounters(tx: TxDeps, counters: Map<string, number>): Promise<void> {
  const rows = [...counters].map(([name, value]) => ({ name, value }));
  for (let i = 0; i < rows.length; i += 500) {
    await tx.db
      .insertInto('counters')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

/** Loads the history; the caller has made sure the database holds no requests or complaints yet. */
export async function loadServiceHistory(
  deps: AppDeps,
  ctx: Ctx,
  opts: LoadServiceHistoryOptions,
): Promise<LoadServiceHistoryResult> {
  const [calendars, policies] = await Promise.all([loadCalendars(deps, true), loadPolicies(deps, true)]);
  const nowIso = ctx.now.toISOString();
  const { requests, complaints } = opts.history;
  const requestIds: string[] = new Array(requests.length);
  const requestNumbers: string[] = new Array(requests.length);
  const counters = new Map<string, number>();
  const number = (prefix: 'SR' | 'CP', receivedAt: Date) => {
    const day = localDateIn(receivedAt, deps.zone).replace(/-/g, '');
    const key = `${prefix.toLowerCase()}:${day}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    return `${prefix}-${day}-${String(seq).padStart(4, '0')}`;
  };
  const result: LoadServiceHistoryResult = { requests: 0, complaints: 0, events: 0, clocks: 0 };

  // ---- service requests ----
  for (let start = 0; start < requests.length; start += CHUNK) {
    const rows: ServiceRequestsTable[] = [];
    const events: RequestEventsTable[] = [];
    const clocks: SlaClocksTable[] = [];
    const audit: AuditEntry[] = [];
    for (let i = start; i < Math.min(requests.length, start + CHUNK); i++) {
      const g = requests[i];
      const customer = opts.customers[g.customerIndex];
      const receivedAt = new Date(g.receivedAt);
      const id = idAt(receivedAt.getTime());
      requestIds[i] = id;
      const row = requestRow(g, id, number('SR', receivedAt), customer, opts.outletByCity);
      requestNumbers[i] = row.number;
      const triage = ruleTriage(g.description);
      const { alternatives: _alternatives, ...triageResult } = triage;
      row.triage_json = JSON.stringify(triageResult);
      const log = requestEvents(g, id, row, {
        channel: g.channel,
        type: g.initialType,
        typeSource: g.intakeSource,
        triage: { method: triage.method, reasons: triage.reasons },
      });
      events.push(...log);
      const firstEnd = log.find((e) => e.type === 'cancelled' || e.type === 'resolved');
      const clockCtx: ClockContext = {
        subjectKind: 'service-request',
        subjectId: id,
        subject: {
          subject: 'service-request',
          type: g.type,
          customerGroup: customer.groupCode,
          region: customer.city,
        },
        channel: g.channel,
        outletId: row.outlet_id,
        startedAt: receivedAt,
        ended: firstEnd
          ? { at: new Date(firstEnd.at), reason: firstEnd.type === 'cancelled' ? 'withdrawn' : 'not-needed' }
          : null,
      };
      const facts = computeClockFacts(
        calendars,
        policies,
        clockCtx,
        log.map((e) => ({ type: e.type, at: Date.parse(e.at) })),
        ctx.now,
        deps.zone,
      );
      row.policy_id = facts.policyId;
      row.sla_json = JSON.stringify(facts.sla);
      row.next_due_at = facts.nextDueAt;
      for (const c of facts.rows) clocks.push(marked(c, nowIso));
      rows.push(row);
      audit.push({
        action: 'service-request.create',
        entity: 'service-request',
        entityId: id,
        after: {
          number: row.number,
          type: row.type,
          typeSource: row.type_source,
          channel: row.channel,
          status: row.status,
          receivedAt: row.received_at,
          events: log.length,
          source: 'demo-history',
        },
      });
    }
    await inTransaction(deps, async (tx) => {
      await insertRows(tx, 'service_requests', rows, 200);
      await insertRows(tx, 'request_events', events, 500);
      await insertRows(tx, 'sla_clocks', clocks, 500);
      await appendAudit(tx, ctx, audit);
    });
    result.requests += rows.length;
    result.events += events.length;
    result.clocks += clocks.length;
    opts.onProgress?.(Math.min(requests.length, start + CHUNK), requests.length, 'service requests');
  }

  // ---- complaints ----
  for (let start = 0; start < complaints.length; start += CHUNK) {
    const rows: ComplaintsTable[] = [];
    const events: RequestEventsTable[] = [];
    const clocks: SlaClocksTable[] = [];
    const audit: AuditEntry[] = [];
    for (const g of complaints.slice(start, start + CHUNK)) {
      const customer = opts.customers[g.customerIndex];
      const receivedAt = new Date(g.receivedAt);
      const id = idAt(receivedAt.getTime());
      const row = complaintRow(
        g,
        id,
        number('CP', receivedAt),
        customer.id,
        g.requestIndex === null ? null : requestIds[g.requestIndex],
      );
      const log = complaintEvents(g, id, row);
      events.push(...log);
      const flagged = g.complex;
      const complexity = isComplex(flagged, row.responded_at, row.resolved_at);
      row.complex = complexity.complex ? 1 : 0;
      row.complex_reason = complexity.complex ? (g.complexReason ?? complexity.reason) : null;
      const facts = computeClockFacts(
        calendars,
        policies,
        {
          subjectKind: 'complaint',
          subjectId: id,
          subject: {
            subject: 'complaint',
            type: complexity.complex ? 'complex' : 'standard',
            customerGroup: customer.groupCode,
            region: customer.city,
          },
          channel: null,
          outletId: null,
          startedAt: receivedAt,
          ended: row.resolved_at ? { at: new Date(row.resolved_at), reason: 'not-needed' } : null,
        },
        log.map((e) => ({ type: e.type, at: Date.parse(e.at) })),
        ctx.now,
        deps.zone,
      );
      row.sla_json = JSON.stringify(facts.sla);
      row.next_due_at = facts.nextDueAt;
      for (const c of facts.rows) clocks.push(marked(c, nowIso));
      rows.push(row);
      audit.push({
        action: 'complaint.create',
        entity: 'complaint',
        entityId: id,
        after: {
          number: row.number,
          complex: row.complex === 1,
          status: row.status,
          receivedAt: row.received_at,
          serviceRequest: g.requestIndex === null ? null : requestNumbers[g.requestIndex],
          source: 'demo-history',
        },
      });
    }
    await inTransaction(deps, async (tx) => {
      await insertRows(tx, 'complaints', rows, 200);
      await insertRows(tx, 'request_events', events, 500);
      await insertRows(tx, 'sla_clocks', clocks, 500);
      await appendAudit(tx, ctx, audit);
    });
    result.complaints += rows.length;
    result.events += events.length;
    result.clocks += clocks.length;
    opts.onProgress?.(Math.min(complaints.length, start + CHUNK), complaints.length, 'complaints');
  }

  // Human numbers continue after the history (SR-YYYYMMDD-NNNN, CP-…).
  await inTransaction(deps, (tx) => upsertCounters(tx, counters));
  return result;
}

// ---- rows ----------------------------------------------------------------------------------------------

function requestRow(
  g: DemoServiceRequest,
  id: string,
  number: string,
  customer: HistoryCustomer,
  outletByCity: Map<string, string>,
): ServiceRequestsTable {
  const last = g.events.at(-1)?.at ?? g.receivedAt;
  return {
    id,
    number,
    customer_id: customer.id,
    unit_id: customer.unitIds[g.unitIndex] ?? null,
    outlet_id: (customer.city && outletByCity.get(customer.city)) || null,
    channel: g.channel,
    type: g.type,
    type_source: g.typeSource,
    status: 'received',
    paused: 0,
    description: g.description,
    triage_json: null,
    policy_id: null,
    received_at: g.receivedAt,
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
    event_count: g.events.length + 1,
    created_by: null,
    created_at: g.receivedAt,
    updated_at: last,
  };
}

const eventRow = (
  subjectKind: 'service-request' | 'complaint',
  subjectId: string,
  seq: number,
  type: string,
  at: string,
  data: Record<string, unknown> | undefined,
): RequestEventsTable => ({
  id: idAt(Date.parse(at)),
  subject_kind: subjectKind,
  subject_id: subjectId,
  seq,
  type,
  at,
  recorded_at: at,
  actor_id: null,
  actor_name: 'demo',
  source: 'system',
  data_json: data && Object.keys(data).length ? JSON.stringify(data) : null,
});

/** The event log of a request, folding each event into the row as recordRequestEvent does. */
function requestEvents(
  g: DemoServiceRequest,
  id: string,
  row: ServiceRequestsTable,
  received: Record<string, unknown>,
): RequestEventsTable[] {
  const out = [eventRow('service-request', id, 1, 'received', g.receivedAt, received)];
  let state = { status: 'received' as RequestStatus, paused: false };
  g.events.forEach((e, i) => {
    const t = applyLifecycleEvent(state, e.type);
    if (!t.ok) throw new Error(`demo history: ${e.type} out of order after ${state.status}`);
    state = t.state;
    const data: Record<string, unknown> = { ...(e.data ?? {}) };
    switch (e.type) {
      case 'responded':
        row.responded_at ??= e.at;
        break;
      case 'appointment-agreed':
        row.responded_at ??= e.at;
        row.appointment_agreed_at ??= e.at;
        row.appointment_at = String(e.data?.arrivalAt);
        break;
      case 'dispatched':
        row.arranged_at ??= e.at;
        break;
      case 'arrived':
        row.arrived_at ??= e.at;
        if (row.appointment_at) {
          const deviation = Date.parse(e.at) - Date.parse(row.appointment_at);
          data.deviationMinutes = Math.round(deviation / 60_000);
          data.onTime = Math.abs(deviation) <= 30 * 60_000;
        }
        break;
      case 'resolved':
        row.resolved_at = e.at;
        row.first_contact = e.data?.firstContact === undefined ? null : e.data.firstContact ? 1 : 0;
        break;
      case 'accepted':
        row.completed_at = e.at;
        break;
      case 'closed':
        row.closed_at = e.at;
        row.completed_at ??= e.at;
        break;
      case 'reopened':
        row.reopen_count += 1;
        row.completed_at = null;
        row.closed_at = null;
        break;
      case 'cancelled':
        row.cancelled_at = e.at;
        break;
    }
    out.push(eventRow('service-request', id, i + 2, e.type, e.at, data));
  });
  row.status = state.status;
  row.paused = state.paused ? 1 : 0;
  return out;
}

function complaintRow(
  g: DemoComplaint,
  id: string,
  number: string,
  customerId: string,
  serviceRequestId: string | null,
): ComplaintsTable {
  return {
    id,
    number,
    customer_id: customerId,
    service_request_id: serviceRequestId,
    description: g.description,
    complex: g.complex ? 1 : 0,
    complex_reason: g.complexReason,
    status: 'received',
    paused: 0,
    received_at: g.receivedAt,
    responded_at: null,
    plan_proposed_at: null,
    resolved_at: null,
    closed_at: null,
    sla_json: '{}',
    next_due_at: null,
    event_count: g.events.length + 1,
    created_by: null,
    created_at: g.receivedAt,
    updated_at: g.events.at(-1)?.at ?? g.receivedAt,
  };
}

function complaintEvents(g: DemoComplaint, id: string, row: ComplaintsTable): RequestEventsTable[] {
  const out = [eventRow('complaint', id, 1, 'received', g.receivedAt, { complex: g.complex })];
  let state = { status: 'received' as ComplaintStatus, paused: false };
  g.events.forEach((e, i) => {
    const t = applyComplaintEvent(state, e.type);
    if (!t.ok) throw new Error(`demo history: complaint ${e.type} out of order after ${state.status}`);
    state = t.state;
    if (e.type === 'responded') row.responded_at ??= e.at;
    if (e.type === 'plan-proposed') row.plan_proposed_at ??= e.at;
    if (e.type === 'resolved') row.resolved_at ??= e.at;
    if (e.type === 'closed') row.closed_at = e.at;
    out.push(eventRow('complaint', id, i + 2, e.type, e.at, e.data));
  });
  row.status = state.status;
  row.paused = state.paused ? 1 : 0;
  return out;
}
