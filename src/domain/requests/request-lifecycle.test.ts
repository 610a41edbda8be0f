import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyLifecycleEvent,
  POSTABLE_EVENT_TYPES,
  REQUEST_STATUSES,
  type RequestStatus,
} from './request-lifecycle';

describe('allowedEvents', () => {
  it('is every postable event the lifecycle accepts, for every status, paused or not', () => {
    for (const status of REQUEST_STATUSES) {
      for (const paused of [false, true]) {
        const expected = POSTABLE_EVENT_TYPES.filter((t) => applyLifecycleEvent({ status, paused }, t).ok);
        expect(allowedEvents({ status, paused })).toEqual(expected);
        // Asked again: the same answer (from the table).
        expect(allowedEvents({ status, paused })).toEqual(expected);
      }
    }
    expect(allowedEvents({ status: 'received', paused: false })).toContain('responded');
    expect(allowedEvents({ status: 'received', paused: true })).toContain('resumed');
    expect(allowedEvents({ status: 'closed', paused: false })).toEqual(['reopened']);
  });

  it('hands out a frozen list, so that no caller can change what the next one gets', () => {
    const list = allowedEvents({ status: 'dispatched', paused: false }) as string[];
    expect(Object.isFrozen(list)).toBe(true);
    expect(() => list.push('closed')).toThrow();
  });

  it('answers for a status it does not know (nothing is accepted while not open)', () => {
    const odd = { status: 'archived' as RequestStatus, paused: false };
    expect(allowedEvents(odd)).toEqual(POSTABLE_EVENT_TYPES.filter((t) => applyLifecycleEvent(odd, t).ok));
  });
});
