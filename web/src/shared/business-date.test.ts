import { describe, expect, it } from 'vitest';
import { businessToday, setBusinessZone } from './business-date';

describe('businessToday', () => {
  it("is today's date in the deployment's zone, not the browser's", () => {
    const lateEveningUtc = new Date('2026-11-29T20:30:00Z');
    setBusinessZone('Asia/Shanghai'); // already 04:30 on the 30th there
    expect(businessToday(lateEveningUtc).format('YYYY-MM-DD')).toBe('2026-11-30');
    setBusinessZone('America/New_York');
    expect(businessToday(lateEveningUtc).format('YYYY-MM-DD')).toBe('2026-11-29');
    setBusinessZone(undefined); // a session without a zone keeps the last known one
    expect(businessToday(lateEveningUtc).format('YYYY-MM-DD')).toBe('2026-11-29');
    setBusinessZone('Mars/Olympus_Mons'); // unknown to this browser: kept as before, no error
    expect(businessToday(lateEveningUtc).format('YYYY-MM-DD')).toBe('2026-11-29');
    setBusinessZone('Asia/Shanghai');
  });
});
