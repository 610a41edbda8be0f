import type { ComplaintsTable } from '../../db/schema';
import { clocksAsOf } from '../requests/service-request-view';

export function complaintView(c: ComplaintsTable, now: Date | null = null) {
  return {
    id: c.id,
    number: c.number,
    customerId: c.customer_id,
    serviceRequestId: c.service_request_id,
    description: c.description,
    complex: c.complex === 1,
    complexReason: c.complex_reason,
    status: c.status,
    paused: c.paused === 1,
    receivedAt: c.received_at,
    respondedAt: c.responded_at,
    planProposedAt: c.plan_proposed_at,
    resolvedAt: c.resolved_at,
    closedAt: c.closed_at,
    sla: clocksAsOf(JSON.parse(c.sla_json), now),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}
export type ComplaintView = ReturnType<typeof complaintView>;
