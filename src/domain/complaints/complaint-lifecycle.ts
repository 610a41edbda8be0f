// Complaint handling (8.5), first slice: register, respond within 24 h, give complex complaints a plan
// within 3 working days, resolve, close. The record is built to grow (investigation, service recovery,
// analysis) with more events on the same log.

export const COMPLAINT_STATUSES = ['received', 'responded', 'plan-proposed', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_EVENT_TYPES = [
  'responded',
  'plan-proposed',
  'resolved',
  'closed',
  'paused',
  'resumed',
  'marked-complex',
  'note',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

export interface ComplaintState {
  status: ComplaintStatus;
  paused: boolean;
}

export type ComplaintTransition =
  | { ok: true; state: ComplaintState }
  | { ok: false; reason: 'out-of-order' | 'not-open' | 'already-paused' | 'not-paused' };

const ORDER: Record<ComplaintStatus, number> = {
  received: 0,
  responded: 1,
  'plan-proposed': 2,
  resolved: 3,
  closed: 4,
};

export function applyComplaintEvent(state: ComplaintState, type: ComplaintEventType): ComplaintTransition {
  const s = state.status;
  const open = s !== 'closed';
  const ok = (status: ComplaintStatus, paused = state.paused): ComplaintTransition => ({
    ok: true,
    state: { status, paused },
  });
  switch (type) {
    case 'paused':
      if (!open) return { ok: false, reason: 'not-open' };
      return state.paused ? { ok: false, reason: 'already-paused' } : ok(s, true);
    case 'resumed':
      if (!open) return { ok: false, reason: 'not-open' };
      return state.paused ? ok(s, false) : { ok: false, reason: 'not-paused' };
    case 'note':
    case 'marked-complex':
      return open ? ok(s) : { ok: false, reason: 'not-open' };
    case 'responded':
      // Later contacts are recorded but only the first is the response.
      return ORDER[s] <= ORDER['plan-proposed']
        ? ok(s === 'received' ? 'responded' : s)
        : { ok: false, reason: 'out-of-order' };
    case 'plan-proposed':
      // A plan is communicated to the complainant, so it needs contact first (the response).
      return s === 'responded' || s === 'plan-proposed'
        ? ok('plan-proposed')
        : { ok: false, reason: 'out-of-order' };
    case 'resolved':
      return s === 'responded' || s === 'plan-proposed'
        ? ok('resolved', false)
        : { ok: false, reason: 'out-of-order' };
    case 'closed':
      return s === 'resolved' ? ok('closed', false) : { ok: false, reason: 'out-of-order' };
  }
}

/**
 * a complaint is complex when flagged at triage (with a reason), or when it was not resolved at its
 * first response.
 */
export function isComplex(
  flagged: boolean,
  respondedAt: string | null,
  resolvedAt: string | null,
): { complex: boolean; reason: string | null } {
  if (flagged) return { complex: true, reason: null };
  if (respondedAt && !(resolvedAt && resolvedAt <= respondedAt))
    return { complex: true, reason: 'not-closed-at-first-response' };
  return { complex: false, reason: null };
}
