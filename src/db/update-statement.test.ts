import { describe, expect, it } from 'vitest';
import { updateByIdStatement } from './update-statement';

describe('updateByIdStatement', () => {
  it('sets the given columns of one row by id, in their order, never the id itself', () => {
    expect(
      updateByIdStatement('service_requests', 'r1', { status: 'dispatched', paused: 0, id: 'ignored' }),
    ).toEqual({
      text: 'update "service_requests" set "status" = ?, "paused" = ? where "id" = ?',
      parameters: ['dispatched', 0, 'r1'],
    });
    expect(updateByIdStatement('service_requests', 'r2', { closed_at: null }).parameters).toEqual([
      null,
      'r2',
    ]);
  });

  it('refuses undefined values and an empty change', () => {
    expect(() => updateByIdStatement('service_requests', 'r1', { status: undefined })).toThrow(/undefined/);
    expect(() => updateByIdStatement('service_requests', 'r1', {})).toThrow(/nothing/);
  });
});
