import {
  applyLifecycleEvent,
  isOpenStatus,
  POSTABLE_EVENT_TYPES,
  type RequestEventType,
} from '../../../../src/domain/requests/request-lifecycle';
import type { ServiceRequest } from './types';

export type PostableEvent = Exclude<RequestEventType, 'received'>;

/**
 * The events the server will accept next for this request. Uses the server's own list when the view
 * carries one; otherwise asks the same pure lifecycle module the server runs (src/domain), so the web
 * holds no copy of the rules. The server still has the last word (409).
 */
export function allowedEvents(r: Pick<ServiceRequest, 'status' | 'paused' | 'allowedEvents'>): Set<string> {
  if (Array.isArray(r.allowedEvents)) return new Set(r.allowedEvents);
  return new Set(
    POSTABLE_EVENT_TYPES.filter((t) => applyLifecycleEvent({ status: r.status, paused: r.paused }, t).ok),
  );
}

export function isOpen(r: Pick<ServiceRequest, 'status'>): boolean {
  return isOpenStatus(r.status);
}
