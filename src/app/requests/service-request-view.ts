import type { ServiceRequestsTable } from '../../db/schema';
import { allowedEvents, type RequestStatus } from '../../domain/requests/request-lifecycle';
import type { ClockView } from '../sla/refresh-clocks';

export interface ServiceRequestView {
  id: string;
  number: string;
  customerId: string;
  unitId: string | null;
  outletId: string | null;
  channel: string;
  type: string;
  typeSource: string;
  status: string;
  paused: boolean;
  description: string;
  triage: unknown;
  receivedAt: string;
  respondedAt: string | null;
  arrangedAt: string | null;
  appointmentAgreedAt: string | null;
  appointmentAt: string | null;
  arrivedAt: string | null;
  resolvedAt: string | null;
  firstContact: boolean | null;
  completedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  reopenCount: number;
  policyId: string | null;
  addressId: string | null;
  contact: { name: string | null; phone: string | null } | null;
  symptoms: string[];
  /** Warranty (三包) status of the unit on the day of receipt. */
  warranty: unknown;
  sla: Record<string, ClockView>;
  /** Events the lifecycle accepts next (the UI shows these actions; the server still checks). */
  allowedEvents: string[];
  createdAt: string;
  updatedAt: string;
}

/**
 * Clocks are stored as of the last event; a running clock whose deadline has passed since then is shown
 * as breached (status as of `now`), without recomputing the calendar.
 */
export function clocksAsOf(sla: Record<string, ClockView>, now: Date | null): Record<string, ClockView> {
  if (!now) return sla;
  const out: Record<string, ClockView> = {};
  const t = now.toISOString();
  for (const [name, c] of Object.entries(sla)) {
    out[name] =
      c.status === 'running' && !c.excluded && c.dueAt !== null && c.dueAt < t
        ? { ...c, status: 'breached' }
        : c;
  }
  return out;
}

/** JSON columns the caller already holds as values (a create just built them): not parsed again. */
export interface KnownJsonColumns {
  triage?: unknown;
  sla?: Record<string, ClockView>;
  warranty?: unknown;
}

export function serviceRequestView(
  r: ServiceRequestsTable,
  now: Date | null = null,
  known: KnownJsonColumns = {},
): ServiceRequestView {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    unitId: r.unit_id,
    outletId: r.outlet_id,
    channel: r.channel,
    type: r.type,
    typeSource: r.type_source,
    status: r.status,
    paused: r.paused === 1,
    description: r.description,
    triage: known.triage !== undefined ? known.triage : r.triage_json ? JSON.parse(r.triage_json) : null,
    receivedAt: r.received_at,
    respondedAt: r.responded_at,
    arrangedAt: r.arranged_at,
    appointmentAgreedAt: r.appointment_agreed_at,
    appointmentAt: r.appointment_at,
    arrivedAt: r.arrived_at,
    resolvedAt: r.resolved_at,
    firstContact: r.first_contact === null ? null : r.first_contact === 1,
    completedAt: r.completed_at,
    closedAt: r.closed_at,
    cancelledAt: r.cancelled_at,
    reopenCount: r.reopen_count,
    policyId: r.policy_id,
    addressId: r.address_id ?? null,
    contact:
      r.contact_name || r.contact_phone_masked
        ? { name: r.contact_name ?? null, phone: r.contact_phone_masked ?? null }
        : null,
    symptoms: r.symptoms_json ? (JSON.parse(r.symptoms_json) as string[]) : [],
    warranty:
      known.warranty !== undefined ? known.warranty : r.warranty_json ? JSON.parse(r.warranty_json) : null,
    sla: clocksAsOf(known.sla ?? JSON.parse(r.sla_json), now),
    allowedEvents: [...allowedEvents({ status: r.status as RequestStatus, paused: r.paused === 1 })],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
