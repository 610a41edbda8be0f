// SLA policies as data (REQUIREMENTS 8.2, 8.5, 7.3; ): which clocks run for a record, their
// targets, calendars, whether a pause stops them, and which events meet them. Every figure is configurable;
// the defaults are CONTRACT.md's table.

export type SlaSubjectKind = 'service-request' | 'complaint' | 'parts-order';

export type ClockTarget = { minutes: number } | { workingDays: number };

export interface ClockRule {
  /** response | arrangement | appointment | plan | fulfilment | … */
  name: string;
  target: ClockTarget;
  /** Calendar id: 24x7, service-hours, working-days, or an enterprise calendar. */
  calendar: string;
  pausable: boolean;
  /** Event types of which the first occurrence meets the clock. */
  stopOn: string[];
  /** Share of the target at which a warning goes out (default 0.8). */
  warnShare?: number;
  /** The REQUIREMENTS indicator this clock feeds. */
  requirement?: string;
}

export interface SlaPolicyMatch {
  /** Record types this policy applies to (service request type, complaint kind, parts order priority). */
  types?: string[];
  contractId?: string;
  customerGroup?: string;
  /** Region: city name or administrative code prefix. */
  region?: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  subject: SlaSubjectKind;
  match: SlaPolicyMatch;
  clocks: ClockRule[];
}

export interface SlaSubject {
  subject: SlaSubjectKind;
  type: string;
  contractId?: string | null;
  customerGroup?: string | null;
  region?: string | null;
}

const LEVEL = { contract: 3, customerGroup: 2, region: 1, default: 0 } as const;

function level(p: SlaPolicy): number {
  if (p.match.contractId) return LEVEL.contract;
  if (p.match.customerGroup) return LEVEL.customerGroup;
  if (p.match.region) return LEVEL.region;
  return LEVEL.default;
}

function matches(p: SlaPolicy, s: SlaSubject): boolean {
  if (p.subject !== s.subject) return false;
  if (p.match.types && !p.match.types.includes(s.type)) return false;
  if (p.match.contractId && p.match.contractId !== s.contractId) return false;
  if (p.match.customerGroup && p.match.customerGroup !== s.customerGroup) return false;
  if (p.match.region && !(s.region ?? '').startsWith(p.match.region)) return false;
  return true;
}

/** The applicable policy: contract > customer group > region > default; the first listed wins a tie. */
export function resolvePolicy(policies: readonly SlaPolicy[], subject: SlaSubject): SlaPolicy | null {
  let best: SlaPolicy | null = null;
  let bestLevel = -1;
  for (const p of policies) {
    if (!matches(p, subject)) continue;
    const l = level(p);
    if (l > bestLevel) {
      best = p;
      bestLevel = l;
    }
  }
  return best;
}

const GENERAL_TYPES = ['repair', 'installation', 'maintenance', 'return'];

/** CONTRACT.md "SLA clocks" as policies. */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  {
    id: 'default-emergency',
    name: '紧急服务 Emergency (8.2)',
    subject: 'service-request',
    match: { types: ['emergency'] },
    clocks: [
      {
        name: 'response',
        target: { minutes: 15 },
        calendar: '24x7',
        pausable: false,
        stopOn: ['responded'],
        requirement: 'Q-8.2-EMERGENCY-RESPONSE',
      },
      {
        name: 'arrangement',
        target: { minutes: 15 },
        calendar: '24x7',
        pausable: false,
        stopOn: ['dispatched'],
        requirement: 'Q-8.2-EMERGENCY-RESPONSE',
      },
    ],
  },
  {
    id: 'default-general',
    name: '一般维修 General repair, installation, maintenance, return (8.2)',
    subject: 'service-request',
    match: { types: GENERAL_TYPES },
    clocks: [
      // Agreeing an appointment is itself an outward contact, so it also meets the response clock.
      {
        name: 'response',
        target: { minutes: 30 },
        calendar: 'service-hours',
        pausable: true,
        stopOn: ['responded', 'appointment-agreed'],
        requirement: 'Q-8.2-REPAIR-RESPONSE',
      },
      {
        name: 'appointment',
        target: { minutes: 120 },
        calendar: 'service-hours',
        pausable: true,
        stopOn: ['appointment-agreed'],
        requirement: 'Q-8.2-REPAIR-APPOINTMENT',
      },
    ],
  },
  {
    id: 'default-consultation',
    name: '咨询 Consultation (8.2, A-12)',
    subject: 'service-request',
    match: { types: ['consultation'] },
    clocks: [
      {
        name: 'response',
        target: { minutes: 5 },
        calendar: 'service-hours',
        pausable: true,
        stopOn: ['responded'],
        requirement: 'Q-8.2-CONSULT-RESPONSE',
      },
    ],
  },
  {
    id: 'default-complaint',
    name: '投诉 Complaint (8.5)',
    subject: 'complaint',
    match: { types: ['standard'] },
    clocks: [
      {
        name: 'response',
        target: { minutes: 24 * 60 },
        calendar: '24x7',
        pausable: false,
        stopOn: ['responded'],
        requirement: 'Q-8.5-COMPLAINT-RESPONSE',
      },
    ],
  },
  {
    id: 'default-complex-complaint',
    name: '复杂投诉 Complex complaint (8.5, A-8)',
    subject: 'complaint',
    match: { types: ['complex'] },
    clocks: [
      {
        name: 'response',
        target: { minutes: 24 * 60 },
        calendar: '24x7',
        pausable: false,
        stopOn: ['responded'],
        requirement: 'Q-8.5-COMPLAINT-RESPONSE',
      },
      {
        name: 'plan',
        target: { workingDays: 3 },
        calendar: 'working-days',
        pausable: true,
        stopOn: ['plan-proposed'],
        requirement: 'Q-8.5-COMPLEX-COMPLAINT-PLAN',
      },
    ],
  },
  {
    id: 'default-parts-emergency',
    name: '紧急备件订单 Emergency parts order (7.3)',
    subject: 'parts-order',
    match: { types: ['emergency'] },
    clocks: [
      {
        name: 'fulfilment',
        target: { minutes: 24 * 60 },
        calendar: '24x7',
        pausable: false,
        stopOn: ['shipped'],
        requirement: 'Q-7.3-EMERGENCY-PARTS-ORDER',
      },
    ],
  },
  {
    id: 'default-parts-regular',
    name: '常规备件订单 Regular parts order (7.3, A-13)',
    subject: 'parts-order',
    match: { types: ['regular'] },
    clocks: [
      {
        name: 'fulfilment',
        target: { workingDays: 7 },
        calendar: 'working-days',
        pausable: true,
        stopOn: ['delivered'],
        requirement: 'Q-7.3-REGULAR-PARTS-LEAD-TIME',
      },
    ],
  },
];
