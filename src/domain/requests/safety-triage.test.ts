import { describe, expect, it } from 'vitest';
import { keywordTriage, safetyTriage } from './safety-triage';

describe('safety triage', () => {
  it.each([
    ['厨房有很重的煤气味，燃气灶关了还有', 'gas-leak'],
    ['热水器漏气，闻到天然气的味道', 'gas-leak'],
    ['洗衣机外壳漏电，手碰到发麻', 'electric-leak'],
    ['空调外机冒烟了', 'smoke-fire'],
    ['插头烧焦了有糊味', 'smoke-fire'],
    ['热水器漏水严重，淹到楼下了', 'flooding'],
    ['电热水器爆管喷水', 'flooding'],
    ['使用燃气热水器后头晕，怀疑一氧化碳', 'carbon-monoxide'],
  ])('%s → emergency (%s)', (text, rule) => {
    const r = safetyTriage(text);
    expect(r?.type).toBe('emergency');
    expect(r?.reasons.map((x) => x.rule)).toContain(rule);
  });

  it('does not fire on negated or unrelated descriptions', () => {
    expect(safetyTriage('空调不制冷，没有漏电，也没有异味')?.reasons.map((r) => r.rule) ?? []).not.toContain(
      'electric-leak',
    );
    expect(safetyTriage('冰箱不制冷，声音很大')).toBeNull();
  });

  it('finds a hazard after a negated mention, and answers the same on every call (no regex state)', () => {
    const mixed = '没有漏电，但插座漏电了';
    for (let i = 0; i < 3; i++) {
      expect(safetyTriage(mixed)?.reasons).toEqual([{ rule: 'electric-leak', matched: '漏电' }]);
      expect(safetyTriage('冰箱不制冷')).toBeNull();
      expect(safetyTriage('空调外机冒烟了')?.reasons.map((r) => r.rule)).toEqual(['smoke-fire']);
    }
  });

  it('suggests the other types from keywords, repair by default', () => {
    expect(keywordTriage('新买的空调需要上门安装').type).toBe('installation');
    expect(keywordTriage('油烟机想做一次深度清洁').type).toBe('maintenance');
    expect(keywordTriage('请问洗衣机的保修期是多久').type).toBe('consultation');
    expect(keywordTriage('刚买三天就坏了要求退货').type).toBe('return');
    expect(keywordTriage('冰箱不制冷')).toMatchObject({ type: 'repair', method: 'default' });
  });
});
