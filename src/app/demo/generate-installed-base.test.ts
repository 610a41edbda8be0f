import { describe, expect, it } from 'vitest';
import { epochDays } from './epoch-days';
import { generateInstalledBase } from './generate-installed-base';
import { GUANGXI_GEOGRAPHY } from './guangxi-geography';
import { PRODUCT_CATALOG } from './product-catalog';
import { SeededRandom } from './seeded-random';

const asOf = '2026-03-01';
const base = generateInstalledBase({ seed: 20260301, customers: 3000, asOf });
const units = base.customers.flatMap((c) => c.units);

describe('generateInstalledBase', () => {
  it('is deterministic: the same seed gives identical output, another seed a different one', () => {
    // Compared as JSON: identical, and far faster than a deep equality over thousands of objects.
    expect(JSON.stringify(generateInstalledBase({ seed: 20260301, customers: 3000, asOf }))).toBe(
      JSON.stringify(base),
    );
    const other = generateInstalledBase({ seed: 'another', customers: 50, asOf });
    expect(other.customers.map((c) => c.phone)).not.toEqual(base.customers.slice(0, 50).map((c) => c.phone));
  });

  it('is prefix-stable: the first customers do not depend on how many are asked for', () => {
    const small = generateInstalledBase({ seed: 20260301, customers: 200, asOf });
    expect(JSON.stringify(small.customers)).toBe(JSON.stringify(base.customers.slice(0, 200)));
  });

  it('generates the requested number of customers with 1–4 units each, mostly one', () => {
    expect(base.customers).toHaveLength(3000);
    expect(generateInstalledBase({ seed: 1, customers: 0, asOf }).customers).toEqual([]);
    const counts = base.customers.map((c) => c.units.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(4);
    const ones = counts.filter((n) => n === 1).length;
    const fours = counts.filter((n) => n === 4).length;
    expect(ones).toBeGreaterThan(counts.length * 0.45);
    expect(fours).toBeLessThan(counts.length * 0.12);
    expect(new Set(base.customers.map((c) => c.key)).size).toBe(3000);
  });

  it('gives every person a unique mobile number with a real prefix', () => {
    const phones = base.customers.flatMap((c) => [c.phone, ...c.contacts.map((k) => k.phone)]);
    expect(phones.filter((p) => !/^1[3-9]\d{9}$/.test(p))).toEqual([]);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('writes realistic Chinese names and contacts for about a fifth of customers', () => {
    expect(base.customers.filter((c) => !/^[\u4e00-\u9fff]{2,4}$/.test(c.name))).toEqual([]);
    const withContact = base.customers.filter((c) => c.contacts.length > 0).length / base.customers.length;
    expect(withContact).toBeGreaterThan(0.16);
    expect(withContact).toBeLessThan(0.24);
    const relations = new Set(base.customers.flatMap((c) => c.contacts.map((k) => k.relation)));
    expect([...relations].sort()).toEqual(['子女', '物业', '父母', '配偶'].sort());
  });

  it('gives unique serial numbers in the model-prefix + yymm + sequence scheme', () => {
    const serials = units.map((u) => u.serial);
    expect(new Set(serials).size).toBe(serials.length);
    const prefixOf = new Map(base.productModels.map((m) => [m.code, m.serialPrefix]));
    const bad = units.filter(
      (u) =>
        !/^[A-Z0-9]{4}-\d{4}-\d{7}$/.test(u.serial) ||
        !u.serial.startsWith(`${prefixOf.get(u.modelCode)}-`) ||
        // made (yymm) no later than bought
        u.serial.slice(5, 9) > u.purchasedAt.slice(2, 4) + u.purchasedAt.slice(5, 7),
    );
    expect(bad).toEqual([]);
  });

  it('references only catalogued models, whose codes and serial prefixes are unique', () => {
    const codes = new Set(base.productModels.map((m) => m.code));
    expect(codes.size).toBe(base.productModels.length);
    expect(new Set(base.productModels.map((m) => m.serialPrefix)).size).toBe(base.productModels.length);
    expect(base.productModels.length).toBeGreaterThanOrEqual(40);
    expect(units.filter((u) => !codes.has(u.modelCode))).toEqual([]);
    // Nearly every model is sold to someone in a set this size.
    expect(new Set(units.map((u) => u.modelCode)).size).toBeGreaterThan(base.productModels.length * 0.9);
  });

  it('dates purchases in the six years before asOf, recent ones more often, installs 0–10 days later', () => {
    const asOfDay = epochDays.parse(asOf);
    const requiresInstallation = new Map(
      base.productModels.map((m) => [
        m.code,
        base.productCategories.find((c) => c.category === m.category)?.requiresInstallation,
      ]),
    );
    let lastYear = 0;
    let firstYear = 0;
    const bad: unknown[] = [];
    for (const u of units) {
      const purchased = epochDays.parse(u.purchasedAt);
      if (purchased >= asOfDay || purchased < asOfDay - 6 * 365) bad.push(['purchase outside window', u]);
      if (asOfDay - purchased <= 365) lastYear++;
      if (asOfDay - purchased > 5 * 365) firstYear++;
      const needs = requiresInstallation.get(u.modelCode) === true;
      if (u.installedAt === null) {
        // Either nothing to install, or the installation is still pending at asOf.
        if (needs && asOfDay - purchased > 10) bad.push(['not installed', u]);
      } else {
        const installed = epochDays.parse(u.installedAt);
        if (!needs) bad.push(['installed without need', u]);
        if (installed < purchased || installed - purchased > 10 || installed >= asOfDay)
          bad.push(['install date', u]);
      }
    }
    expect(bad).toEqual([]);
    expect(lastYear).toBeGreaterThan(firstYear * 2);
  });

  it('places every customer inside Guangxi, most in 南宁, 柳州 and 桂林', () => {
    const outside = base.customers.filter(
      (c) =>
        !(
          c.location.lat >= 20.9 &&
          c.location.lat <= 26.4 &&
          c.location.lng >= 104.4 &&
          c.location.lng <= 112.1
        ) ||
        !c.address.startsWith(`广西壮族自治区${c.city}${c.district}`) ||
        !['urban', 'suburban', 'rural'].includes(c.areaClass),
    );
    expect(outside).toEqual([]);
    const perCity = new Map<string, number>();
    for (const c of base.customers) perCity.set(c.city, (perCity.get(c.city) ?? 0) + 1);
    expect(perCity.size).toBe(14);
    const top3 = [...perCity]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([city]) => city);
    expect(top3.sort()).toEqual(['南宁市', '柳州市', '桂林市'].sort());
  });

  it('writes addresses in the urban compound and rural village forms', () => {
    const urban = base.customers.find((c) => c.areaClass === 'urban');
    expect(urban?.address).toMatch(/(路|大道|街)\d+号.+\d+栋\d+单元\d+室$/);
    expect(base.customers.some((c) => /镇.+村.+屯\d+号$/.test(c.address))).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => generateInstalledBase({ seed: 1, customers: -1, asOf })).toThrow(RangeError);
    expect(() => generateInstalledBase({ seed: 1, customers: 1.5, asOf })).toThrow(RangeError);
    expect(() => generateInstalledBase({ seed: 1, customers: 1, asOf: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('GUANGXI_GEOGRAPHY and PRODUCT_CATALOG', () => {
  it('lists the 14 prefecture-level cities, each district centre inside the bounds', () => {
    expect(GUANGXI_GEOGRAPHY.cities.map((c) => c.name)).toEqual(
      [
        '南宁',
        '柳州',
        '桂林',
        '梧州',
        '北海',
        '防城港',
        '钦州',
        '贵港',
        '玉林',
        '百色',
        '贺州',
        '河池',
        '来宾',
        '崇左',
      ].map((n) => `${n}市`),
    );
    for (const d of GUANGXI_GEOGRAPHY.cities.flatMap((c) => c.districts)) {
      expect(d.lat).toBeGreaterThan(20.9);
      expect(d.lat).toBeLessThan(26.4);
      expect(d.lng).toBeGreaterThan(104.4);
      expect(d.lng).toBeLessThan(112.1);
      if (d.areaClass === 'rural') expect(d.seat).toBeTruthy();
    }
  });

  it('has 三包 terms on every model', () => {
    for (const m of PRODUCT_CATALOG.models) {
      expect(m.warranty).toMatchObject({ returnDays: 7, exchangeDays: 15, repairDays: 365 });
      expect(m.warranty.partsMonths).toBeGreaterThanOrEqual(12);
      expect(m.warranty.labourMonths).toBeGreaterThanOrEqual(12);
    }
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
    const r = new SeededRandom('s');
    const ints = new Set(Array.from({ length: 1000 }, () => r.int(3, 5)));
    expect([...ints].sort()).toEqual([3, 4, 5]);
    const dates = new Set(Array.from({ length: 1000 }, () => r.dateBetween('2024-02-27', '2024-03-02')));
    expect([...dates].sort()).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
  });

  it('picks by weight', () => {
    const r = new SeededRandom(7);
    const pick = r.weightedPicker(['a', 'b', 'c'], (x) => (x === 'a' ? 8 : x === 'b' ? 2 : 0));
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[pick() as 'a' | 'b' | 'c']++;
    expect(counts.c).toBe(0);
    expect(counts.a / 10_000).toBeCloseTo(0.8, 1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += r.weightedPick([0, 1], [1, 3]);
    expect(sum / 10_000).toBeCloseTo(0.75, 1);
  });

  it('round-trips calendar days', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2024-12-31', '2026-03-01']) {
      expect(epochDays.format(epochDays.parse(iso))).toBe(iso);
    }
    expect(epochDays.parse('1970-01-02')).toBe(1);
  });
});
