import { describe, expect, it } from 'vitest';
import { parseExternalTime, parseLocalDateTime } from './local-time';

describe('PBX times', () => {
  it('reads naive local times in the deployment zone', () => {
    expect(parseLocalDateTime('2026-11-29 19:58:03', 'Asia/Shanghai')).toBe(
      Date.parse('2026-11-29T11:58:03Z'),
    );
    expect(parseLocalDateTime('2026-11-29T08:00', 'Asia/Shanghai')).toBe(Date.parse('2026-11-29T00:00:00Z'));
    // New York: EST in November, EDT in July.
    expect(parseLocalDateTime('2026-11-29 08:00:00', 'America/New_York')).toBe(
      Date.parse('2026-11-29T13:00:00Z'),
    );
    expect(parseLocalDateTime('2026-07-01 08:00:00', 'America/New_York')).toBe(
      Date.parse('2026-07-01T12:00:00Z'),
    );
  });

  it('rejects impossible local times', () => {
    for (const t of [
      '2026-02-30 10:00:00',
      '2026-11-29 24:00:00',
      '2026-11-29 10:60:00',
      '29/11/2026 10:00',
      '',
    ])
      expect(parseLocalDateTime(t, 'Asia/Shanghai'), t).toBeUndefined();
  });

  it('reads ISO instants with an offset as they are', () => {
    expect(parseExternalTime('2026-11-29T08:00:00+08:00', 'UTC')).toBe(Date.parse('2026-11-29T00:00:00Z'));
    expect(parseExternalTime('2026-11-29T00:00:00.250Z', 'Asia/Shanghai')).toBe(
      Date.parse('2026-11-29T00:00:00.250Z'),
    );
    expect(parseExternalTime('2026-11-29 08:00:00', 'Asia/Shanghai')).toBe(
      Date.parse('2026-11-29T00:00:00Z'),
    );
    expect(parseExternalTime('yesterday', 'Asia/Shanghai')).toBeUndefined();
  });
});
