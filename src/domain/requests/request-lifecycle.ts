// Lifecycle of a service request (P-8.1, P-5.3): 受理 → 待派工 → 已派工 → 处理中 → 待验收 → 已完成 → 已关闭,
// plus cancelled and reopened. Every change is an event; this module decides which event may come when.

export const REQUEST_TYPES = [
  'emergency',
  'repair',
  'installation',
  'maintenance',
  'consultation',
  'return',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const CHANNELS = ['hotline', 'online', 'app', 'outlet', 'iot', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const REQUEST_STATUSES = [
  'received', // 受理
  'pending-dispatch', // 待派工
  'dispatched', // 已派工
  'in-progress', // 处理中
  'pending-acceptance', // 待验收
  'completed', // 已完成
  'closed', // 已关闭
  'cancelled', // 已取消
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_EVENT_TYPES = [
  'received',
  'responded',
  'appointment-agreed',
  'paused',
  'resumed',
  'dispatched',
  'arrived',
  'resolved',
  'accepted',
  'closed',
  'reopened',
  'cancelled',
  'reclassified',
  'note',
] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

/** Events a client may post (received is written at creation). */
export const POSTABLE_EVENT_TYPES = REQUEST_EVENT_TYPES.filter((t) => t !== 'received');

export interface LifecycleState {
  status: RequestStatus;
  paused: boolean;
}

export type Transition =
  | { ok: true; state: LifecycleState }
  | { ok: false; reason: 'out-of-order' | 'not-open' | 'already-paused' | 'not-paused' };

const OPEN: ReadonlySet<RequestStatus> = new Set([
  'received',
  'pending-dispatch',
  'dispatched',
  'in-progress',
  'pending-acceptance',
]);
const BEFORE_RESOLUTION: ReadonlySet<RequestStatus> = new Set([
  'received',
  'pending-dispatch',
  'dispatched',
  'in-progress',
]);

export function isOpenStatus(status: RequestStatus): boolean {
  return OPEN.has(status);
}

/**
 * The next state after an event, or why the event is out of order (→ HTTP 409).
 * - responded: first outward contact; 受理 → 待派工, later contacts keep the status.
 * - appointment-agreed: implies contact; allowed until the visit starts.
 * - dispatched: handler assigned and accepted; 受理/待派工 → 已派工 (a re-dispatch keeps 已派工).
 * - arrived: 已派工 → 处理中. resolved: before acceptance → 待验收 (remote resolution allowed).
 * - accepted: the customer confirms → 已完成. closed: 待验收/已完成 → 已关闭.
 * - reopened: 待验收/已完成/已关闭 → 处理中. cancelled: any state before resolution.
 * - paused/resumed: any time while open; reclassified and note: any time while open.
 */
function moveTo(status: RequestStatus, paused: boolean): Transition {
  return { ok: true, state: { status, paused } };
}

export function applyLifecycleEvent(state: LifecycleState, type: RequestEventType): Transition {
  const s = state.status;
  // Not a closure: the loader's keep-names helper renames a nested function on every call (bench/RESULTS.md).
  const ok = moveTo;
  switch (type) {
    case 'received':
      return { ok: false, reason: 'out-of-order' };
    case 'paused':
      if (!OPEN.has(s)) return { ok: false, reason: 'not-open' };
      return state.paused ? { ok: false, reason: 'already-paused' } : ok(s, true);
    case 'resumed':
      if (!OPEN.has(s)) return { ok: false, reason: 'not-open' };
      return state.paused ? ok(s, false) : { ok: false, reason: 'not-paused' };
    case 'note':
    case 'reclassified':
      return OPEN.has(s) ? ok(s, state.paused) : { ok: false, reason: 'not-open' };
    case 'responded':
      if (!BEFORE_RESOLUTION.has(s)) return { ok: false, reason: 'out-of-order' };
      return ok(s === 'received' ? 'pending-dispatch' : s, state.paused);
    case 'appointment-agreed':
      if (!(s === 'received' || s === 'pending-dispatch' || s === 'dispatched'))
        return { ok: false, reason: 'out-of-order' };
      return ok(s === 'received' ? 'pending-dispatch' : s, state.paused);
    case 'dispatched':
      return s === 'received' || s === 'pending-dispatch' || s === 'dispatched'
        ? ok('dispatched', state.paused)
        : { ok: false, reason: 'out-of-order' };
    case 'arrived':
      return s === 'dispatched' ? ok('in-progress', state.paused) : { ok: false, reason: 'out-of-order' };
    case 'resolved':
      return BEFORE_RESOLUTION.has(s)
        ? ok('pending-acceptance', false)
        : { ok: false, reason: 'out-of-order' };
    case 'accepted':
      return s === 'pending-acceptance'
        ? ok('completed', state.paused)
        : { ok: false, reason: 'out-of-order' };
    case 'closed':
      return s === 'pending-acceptance' || s === 'completed'
        ? ok('closed', false)
        : { ok: false, reason: 'out-of-order' };
    case 'reopened':
      return s === 'pending-acceptance' || s === 'completed' || s === 'closed'
        ? ok('in-progress', false)
        : { ok: false, reason: 'out-of-order' };
    case 'cancelled':
      return BEFORE_RESOLUTION.has(s) ? ok('cancelled', false) : { ok: false, reason: 'out-of-order' };
  }
}

const allowedByState = new Map<string, readonly RequestEventType[]>();

/** Events the lifecycle accepts next from a state (what the UI offers; the server still checks). */
export function allowedEvents(state: LifecycleState): readonly RequestEventType[] {
  const key = `${state.status}|${state.paused ? 1 : 0}`;
  let list = allowedByState.get(key);
  if (!list) {
    list = Object.freeze(POSTABLE_EVENT_TYPES.filter((t) => applyLifecycleEvent(state, t).ok));
    // Only known statuses are kept: the table stays at 2 × REQUEST_STATUSES entries whatever is stored.
    if ((REQUEST_STATUSES as readonly string[]).includes(state.status)) allowedByState.set(key, list);
  }
  return list;
}
