// Triage of a request from its Chinese description (8.2: emergencies involve personal safety or major
// property loss). Safety-hazard rules come first and cannot be outvoted by any classifier.
import type { RequestType } from './request-lifecycle';

export interface TriageReason {
  rule: string;
  matched: string;
}

export interface TriageResult {
  type: RequestType;
  /** 'safety-rule' | 'keyword-rule' | 'classifier' | 'default' */
  method: string;
  confidence: number;
  reasons: TriageReason[];
}

interface Rule {
  id: string;
  type: RequestType;
  pattern: RegExp;
  /** Phrases that negate the rule nearby, e.g. 没有漏电. */
  negations?: RegExp;
}

// Hazards that must never be missed: gas, electricity, smoke/fire, water flooding, explosion, injury.
const SAFETY_RULES: Rule[] = [
  {
    id: 'gas-leak',
    type: 'emergency',
    pattern:
      /(燃气|煤气|天然气|液化气|瓦斯)[^。；;，,]{0,6}(味|泄漏|漏气|泄露|气味|臭)|漏气|闻到.{0,4}(煤气|燃气|天然气)/u,
  },
  {
    id: 'electric-leak',
    type: 'emergency',
    pattern: /漏电|触电|电到人|麻手|带电|电击|跳闸.{0,6}(冒烟|火花)|电线.{0,4}(烧|焦|冒火)/u,
  },
  {
    id: 'smoke-fire',
    type: 'emergency',
    pattern: /冒烟|起火|着火|火苗|明火|烧焦|焦糊味|糊味|火花|自燃|燃烧/u,
  },
  { id: 'explosion', type: 'emergency', pattern: /爆炸|炸裂|爆裂|爆开|鼓包/u },
  {
    id: 'flooding',
    type: 'emergency',
    pattern: /漏水.{0,8}(淹|满地|不停|严重|楼下)|水淹|淹水|喷水|爆管|水管爆|漫水|泡水/u,
  },
  { id: 'injury', type: 'emergency', pattern: /受伤|烫伤|割伤|砸伤|晕倒|中毒|一氧化碳/u },
  { id: 'carbon-monoxide', type: 'emergency', pattern: /一氧化碳|CO报警|头晕.{0,6}(热水器|燃气)/iu },
];

const NEGATION = /(没有|没|无|未|不是|并非|不)(出现|发现|闻到)?.{0,2}$/u;

const KEYWORD_RULES: Rule[] = [
  { id: 'return', type: 'return', pattern: /退货|退款|退换|换货|退机|要求退/u },
  { id: 'installation', type: 'installation', pattern: /安装|装机|移机|拆装|上门装|新买.{0,6}(装|安)/u },
  {
    id: 'maintenance',
    type: 'maintenance',
    pattern: /保养|清洗|清洁|加氟|换滤芯|滤芯到期|深度清洁|年检|巡检/u,
  },
  {
    id: 'consultation',
    type: 'consultation',
    pattern: /请问|咨询|怎么(用|设置|调)|如何|是否|能不能|多少钱|保修期|说明书|问一下/u,
  },
];

// Global twins of the rule patterns, compiled once (building them per call cost more than the matching).
const globalPatterns = new WeakMap<RegExp, RegExp>();

function firstMatch(rule: Rule, text: string): string | null {
  // Most descriptions hit no rule: a plain test settles those without iterating matches.
  // (A stateful g/y pattern would move lastIndex in `test`; those go straight to the loop.)
  if (!rule.pattern.global && !rule.pattern.sticky && !rule.pattern.test(text)) return null;
  let re = globalPatterns.get(rule.pattern);
  if (!re) {
    re = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}g`);
    globalPatterns.set(rule.pattern, re);
  }
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 4), m.index ?? 0);
    if (NEGATION.test(before)) continue;
    return m[0];
  }
  return null;
}

/** Safety rules: any hit makes the request an emergency, whatever else is said. */
export function safetyTriage(description: string): TriageResult | null {
  const reasons: TriageReason[] = [];
  for (const r of SAFETY_RULES) {
    const m = firstMatch(r, description);
    if (m) reasons.push({ rule: r.id, matched: m });
  }
  return reasons.length ? { type: 'emergency', method: 'safety-rule', confidence: 1, reasons } : null;
}

/** Keyword rules for the other types; the enterprise classifier (trained on closed requests) refines them. */
export function keywordTriage(description: string): TriageResult {
  for (const r of KEYWORD_RULES) {
    const m = firstMatch(r, description);
    if (m)
      return { type: r.type, method: 'keyword-rule', confidence: 0.7, reasons: [{ rule: r.id, matched: m }] };
  }
  return { type: 'repair', method: 'default', confidence: 0.4, reasons: [] };
}
