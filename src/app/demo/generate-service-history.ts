// A deterministic, pure generator of the demo enterprise's service history: twelve months of service
// requests before `now` for an installed base, each with its event timeline, plus the complaints they
// caused. Same options → identical output; time comes in as an argument, nothing else is read.
//
// What it models: seasonality (air conditioners in summer, water heaters in winter), the channel mix,
// installations after purchases, returns within 7 days, maintenance (filters, cleaning), questions, a
// few hazards (gas, electricity, smoke, flooding), realistic Chinese descriptions with ~5 % ambiguous
// ones, agents' reclassifications when intake typed a request wrongly, response/appointment/arrival on
// time for most and late for some, parts waiting (paused/resumed), cancellations, reopened repairs and
// ~80 % resolution at the first contact.

import {
  applyComplaintEvent,
  type ComplaintEventType,
  type ComplaintStatus,
} from '../../domain/complaints/complaint-lifecycle';
import {
  applyLifecycleEvent,
  type Channel,
  type RequestEventType,
  type RequestStatus,
  type RequestType,
} from '../../domain/requests/request-lifecycle';
import { ruleTriage } from '../../domain/triage/triage-pipeline';
import { epochDays } from './epoch-days';
import type { DemoInstalledBase } from './generate-installed-base';
import type { CategoryProfile, ProductCategory, ProductModel } from './product-catalog';
import { SeededRandom } from './seeded-random';
import {
  ambiguousText,
  type ComplaintCause,
  complaintText,
  consultationText,
  type DescribeContext,
  emergencyText,
  installationText,
  iotMaintenanceText,
  iotRepairText,
  maintenanceText,
  repairText,
  returnText,
} from './service-descriptions';

export interface GenerateServiceHistoryOptions {
  seed: number | string;
  base: Pick<DemoInstalledBase, 'customers' | 'productModels' | 'productCategories'>;
  /** ISO instant: the history ends here (every event happened before it). */
  now: string;
  /** How far back (default 12 months). */
  months?: number;
  /** Offset of the enterprise's wall clock from UTC in minutes (Asia/Shanghai: 480, no DST). */
  utcOffsetMinutes?: number;
}

export interface DemoEvent<T extends string> {
  type: T;
  /** ISO instant. */
  at: string;
  data?: Record<string, unknown>;
}

/** Why a request's timeline went the way it did (for tests, complaints and the loader's statistics). */
export type LateKind = 'response' | 'appointment' | 'arrangement' | 'arrival' | null;

export interface DemoServiceRequest {
  customerIndex: number;
  /** Index into the customer's units. */
  unitIndex: number;
  category: ProductCategory;
  channel: Channel;
  /** The type the request was first recorded with (the caller's choice or the rules' triage). */
  initialType: RequestType;
  /** Who typed it at intake: the caller ('given') or the rules ('triage'). */
  intakeSource: 'given' | 'triage';
  /** 'given' by the caller, 'triage' by the rules, 'agent' when an agent reclassified it. */
  typeSource: 'given' | 'triage' | 'agent';
  /** The final type (after any reclassification): what the triage classifier learns. */
  type: RequestType;
  description: string;
  ambiguous: boolean;
  receivedAt: string;
  /** Events after `received`, in time order, all before `now`. */
  events: DemoEvent<RequestEventType>[];
  status: RequestStatus;
  late: LateKind;
}

export interface DemoComplaint {
  customerIndex: number;
  /** Index into `requests`, or null for a complaint about the product itself. */
  requestIndex: number | null;
  cause: ComplaintCause;
  description: string;
  /** Flagged complex at intake; a complaint not closed at its first response becomes complex too. */
  complex: boolean;
  complexReason: string | null;
  receivedAt: string;
  events: DemoEvent<ComplaintEventType>[];
  status: ComplaintStatus;
}

export interface DemoServiceHistory {
  /** First local day of the history (YYYY-MM-DD). */
  from: string;
  /** ISO instant the history ends at. */
  to: string;
  requests: DemoServiceRequest[];
  complaints: DemoComplaint[];
}

// ---- time --------------------------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SERVICE_OPEN = 8 * HOUR;
const SERVICE_CLOSE = 20 * HOUR;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** `Date#toISOString` without the Date (several times faster; called for every event). */
export function isoInstant(instant: number): string {
  const ms = Math.floor(instant);
  const day = Math.floor(ms / DAY);
  const c = epochDays.civil(day);
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MIN);
  rest -= m * MIN;
  const sec = Math.floor(rest / 1000);
  return `${c.year}-${pad(c.month, 2)}-${pad(c.day, 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(sec, 2)}.${pad(rest - sec * 1000, 3)}Z`;
}

/** Moves a local instant into service hours (08:00–20:00 every day). */
function intoService(t: number): number {
  const tod = ((t % DAY) + DAY) % DAY;
  if (tod < SERVICE_OPEN) return t - tod + SERVICE_OPEN;
  if (tod >= SERVICE_CLOSE) return t - tod + DAY + SERVICE_OPEN;
  return t;
}

/** Adds service-hours minutes to a local instant (what the repair and consultation clocks count). */
function serviceAdd(t: number, minutes: number): number {
  let at = intoService(t);
  let left = minutes * MIN;
  for (;;) {
    const close = at - (((at % DAY) + DAY) % DAY) + SERVICE_CLOSE;
    if (at + left <= close) return at + left;
    left -= close - at;
    at = close - SERVICE_CLOSE + DAY + SERVICE_OPEN;
  }
}

const HOUR_WEIGHTS: Record<'hotline' | 'online' | 'outlet' | 'iot' | 'emergency', readonly number[]> = {
  //        0    1    2    3    4    5    6    7    8  9  10 11 12   13 14 15 16 17 18   19   20   21   22   23
  hotline: [
    0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2, 3, 3, 2.6, 1.6, 1.8, 2.6, 2.8, 2.6, 2.2, 1.6, 1.4, 1.1,
    0.6, 0.3, 0.15,
  ],
  online: [
    0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.2, 1.5, 1.6, 1.5, 1.6, 1.4, 1.4, 1.4, 1.4, 1.4, 1.6, 2, 2.4,
    2.4, 1.8, 1,
  ],
  outlet: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5, 2, 2, 1.4, 1.2, 1.8, 2, 2, 1.8, 1.5, 1.2, 0, 0, 0, 0],
  iot: Array.from({ length: 24 }, () => 1),
  emergency: [
    0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.8, 1.4, 1.6, 1.4, 1.4, 1.8, 2, 1.4, 1.2, 1.2, 1.4, 1.8, 2.2, 2.2, 1.8,
    1.4, 1, 0.6,
  ],
};
const HOURS = Array.from({ length: 24 }, (_, h) => h);

// ---- rates -------------------------------------------------------------------------------------------

const AC = [0.35, 0.35, 0.5, 0.8, 1.3, 2.1, 2.6, 2.5, 1.6, 0.8, 0.5, 0.4];
const HEATER = [2.1, 1.9, 1.3, 0.8, 0.55, 0.45, 0.45, 0.45, 0.55, 0.85, 1.4, 2.0];
const FRIDGE = [0.8, 0.8, 0.9, 1, 1.1, 1.3, 1.4, 1.4, 1.1, 0.9, 0.8, 0.8];
const FLAT = Array.from({ length: 12 }, () => 1);
const AC_CLEANING = [0.3, 0.3, 0.8, 2.2, 2.6, 2.2, 1.2, 0.8, 0.6, 0.4, 0.3, 0.3];
const normalized = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.map((x) => x / mean);
};

interface CategoryRates {
  repair: number;
  maintenance: number;
  emergency: number;
  season: number[];
  maintenanceSeason: number[];
  iot: boolean;
}

const RATES: Record<ProductCategory, CategoryRates> = {
  空调: {
    repair: 0.6,
    maintenance: 0.22,
    emergency: 0.0045,
    season: AC,
    maintenanceSeason: AC_CLEANING,
    iot: true,
  },
  冰箱: {
    repair: 0.336,
    maintenance: 0.022,
    emergency: 0.003,
    season: FRIDGE,
    maintenanceSeason: FLAT,
    iot: true,
  },
  洗衣机: {
    repair: 0.384,
    maintenance: 0.088,
    emergency: 0.006,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: true,
  },
  燃气热水器: {
    repair: 0.54,
    maintenance: 0.088,
    emergency: 0.0225,
    season: HEATER,
    maintenanceSeason: HEATER,
    iot: true,
  },
  电热水器: {
    repair: 0.42,
    maintenance: 0.11,
    emergency: 0.012,
    season: HEATER,
    maintenanceSeason: HEATER,
    iot: true,
  },
  空气能热水器: {
    repair: 0.48,
    maintenance: 0.11,
    emergency: 0.0045,
    season: HEATER,
    maintenanceSeason: FLAT,
    iot: true,
  },
  油烟机: {
    repair: 0.3,
    maintenance: 0.132,
    emergency: 0.0045,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: false,
  },
  燃气灶: {
    repair: 0.264,
    maintenance: 0.022,
    emergency: 0.0225,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: false,
  },
  洗碗机: {
    repair: 0.36,
    maintenance: 0.055,
    emergency: 0.006,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: false,
  },
  净水器: {
    repair: 0.36,
    maintenance: 0.605,
    emergency: 0.0075,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: true,
  },
  电视: { repair: 0.24, maintenance: 0, emergency: 0.003, season: FLAT, maintenanceSeason: FLAT, iot: false },
  扫地机器人: {
    repair: 0.54,
    maintenance: 0.022,
    emergency: 0.006,
    season: FLAT,
    maintenanceSeason: FLAT,
    iot: true,
  },
};
for (const r of Object.values(RATES)) {
  r.season = normalized(r.season);
  r.maintenanceSeason = normalized(r.maintenanceSeason);
}
const CONSULTATION_RATE = 0.16;
const NEW_OWNER_QUESTION = 0.15;
const RETURN_SHARE = 0.035;
const RELOCATION_RATE = 0.015;
const AMBIGUOUS_SHARE = 0.05;
const LATE_SHARE = 0.065;
const ARRIVAL_LATE_SHARE = 0.07;

const CHANNEL_MIX: Record<RequestType, [Channel[], number[]]> = {
  repair: [
    ['hotline', 'app', 'online', 'outlet', 'iot', 'email'],
    [42, 20, 14, 6, 13, 5],
  ],
  installation: [
    ['outlet', 'app', 'hotline', 'online'],
    [35, 25, 25, 15],
  ],
  maintenance: [
    ['hotline', 'app', 'online', 'outlet', 'iot', 'email'],
    [38, 30, 18, 5, 6, 3],
  ],
  consultation: [
    ['hotline', 'online', 'app', 'email'],
    [55, 25, 15, 5],
  ],
  return: [
    ['hotline', 'outlet', 'online', 'app'],
    [50, 30, 10, 10],
  ],
  emergency: [
    ['hotline', 'app', 'iot'],
    [88, 9, 3],
  ],
};

// ---- helpers -----------------------------------------------------------------------------------------

function poisson(r: SeededRandom, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}

const uniform = (r: SeededRandom, a: number, b: number) => a + r.next() * (b - a);

interface Draft {
  customerIndex: number;
  unitIndex: number;
  category: ProductCategory;
  type: RequestType;
  /** Local ms. */
  receivedLocal: number;
  /** For installations: the day the unit was installed (appointment), local epoch day. */
  installDay?: number;
  move?: boolean;
}

interface Built {
  request: Omit<DemoServiceRequest, 'events' | 'status' | 'receivedAt'>;
  /** Local ms. */
  events: { type: RequestEventType; at: number; data?: Record<string, unknown> }[];
  nonFcr: boolean;
  reopened: boolean;
}

/** Generates twelve months of service history for an installed base, reproducibly from `seed`. */
export function generateServiceHistory(options: GenerateServiceHistoryOptions): DemoServiceHistory {
  const offset = (options.utcOffsetMinutes ?? 480) * MIN;
  const nowMs = Date.parse(options.now);
  if (!Number.isFinite(nowMs)) throw new RangeError(`now is not an instant: ${options.now}`);
  const nowLocal = nowMs + offset;
  const endDay = Math.floor(nowLocal / DAY);
  const months = options.months ?? 12;
  const end = epochDays.civil(endDay);
  const back = end.year * 12 + (end.month - 1) - months;
  const startDay = epochDays.fromCivil(Math.floor(back / 12), (back % 12) + 1, Math.min(end.day, 28));
  const toIso = (local: number) => isoInstant(local - offset);
  const root = new SeededRandom(options.seed);
  const models = new Map(options.base.productModels.map((m) => [m.code, m]));
  const categories = new Map(options.base.productCategories.map((c) => [c.category, c]));
  const channelPickers = new Map<RequestType, (r: SeededRandom) => Channel>();
  for (const [type, [channels, weights]] of Object.entries(CHANNEL_MIX) as [
    RequestType,
    [Channel[], number[]],
  ][])
    channelPickers.set(type, (r) => r.weightedPick(channels, weights));

  const built: Built[] = [];

  options.base.customers.forEach((customer, customerIndex) => {
    const r = root.fork(`history/${customerIndex}`);
    const drafts: Draft[] = [];
    customer.units.forEach((unit, unitIndex) => {
      const model = models.get(unit.modelCode) as ProductModel;
      const profile = categories.get(model.category) as CategoryProfile;
      const rates = RATES[model.category];
      const purchased = epochDays.parse(unit.purchasedAt);
      const installed = unit.installedAt ? epochDays.parse(unit.installedAt) : null;
      const usableFrom = profile.requiresInstallation
        ? (installed ?? Number.POSITIVE_INFINITY)
        : purchased + 1;
      const at = (day: number, kind: keyof typeof HOUR_WEIGHTS) =>
        day * DAY +
        r.weightedPick(HOURS, HOUR_WEIGHTS[kind]) * HOUR +
        r.int(0, 59) * MIN +
        r.int(0, 59) * 1000;
      const push = (
        type: RequestType,
        day: number,
        kind: keyof typeof HOUR_WEIGHTS,
        extra: Partial<Draft> = {},
      ) => {
        const receivedLocal = at(day, kind);
        if (day >= startDay && receivedLocal < nowLocal)
          drafts.push({ customerIndex, unitIndex, category: model.category, type, receivedLocal, ...extra });
      };

      // Installation right after a purchase in the window (registered at the sale or the day after).
      if (profile.requiresInstallation && purchased >= startDay) {
        const day =
          installed !== null && installed === purchased ? purchased : purchased + (r.chance(0.7) ? 0 : 1);
        push('installation', Math.min(day, endDay), 'online', {
          installDay: installed ?? purchased + r.int(1, 4),
        });
      }
      // Returns within the 7-day period.
      if (purchased >= startDay - 7 && r.chance(RETURN_SHARE))
        push('return', purchased + r.int(1, 7), 'hotline');
      // A question from a new owner.
      if (purchased >= startDay && r.chance(NEW_OWNER_QUESTION))
        push('consultation', purchased + r.int(1, 30), 'online');

      for (let m = 0; m < months + 1; m++) {
        const ym = back + m;
        const year = Math.floor(ym / 12);
        const month = (ym % 12) + 1;
        const monthStart = epochDays.fromCivil(year, month, 1);
        const monthEnd = epochDays.fromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
        const from = Math.max(monthStart, startDay, Number.isFinite(usableFrom) ? usableFrom : monthEnd);
        const to = Math.min(monthEnd, endDay + 1);
        if (to <= from) continue;
        const days = to - from;
        const ageYears = (from - purchased) / 365;
        const ageFactor = ageYears < 0.1 ? 1.5 : ageYears < 3 ? 1 : ageYears < 5 ? 1.3 : 1.6;
        const share = days / 365;
        const s = rates.season[month - 1];
        const counts: [RequestType, number][] = [
          ['repair', poisson(r, rates.repair * share * s * ageFactor)],
          ['maintenance', poisson(r, rates.maintenance * share * rates.maintenanceSeason[month - 1])],
          ['consultation', poisson(r, CONSULTATION_RATE * share)],
          ['emergency', poisson(r, rates.emergency * share * (0.5 + s / 2))],
          ['installation', profile.requiresInstallation ? poisson(r, RELOCATION_RATE * share) : 0],
        ];
        for (const [type, n] of counts)
          for (let i = 0; i < n; i++)
            push(type, from + r.int(0, days - 1), type === 'emergency' ? 'emergency' : 'hotline', {
              move: type === 'installation',
            });
      }
    });
    drafts.sort((a, b) => a.receivedLocal - b.receivedLocal);
    for (const d of drafts) {
      built.push(buildRequest(r, d, customer, models, nowLocal, channelPickers, toIso));
    }
  });

  // Global order by time of receipt.
  const order = built.map((_, i) => i).sort((a, b) => built[a].events[0].at - built[b].events[0].at || a - b);
  const requests: DemoServiceRequest[] = [];
  const indexOf = new Map<Built, number>();
  for (const i of order) {
    const b = built[i];
    indexOf.set(b, requests.length);
    let state = { status: 'received' as RequestStatus, paused: false };
    for (const e of b.events.slice(1)) {
      const t = applyLifecycleEvent(state, e.type);
      if (!t.ok) throw new Error(`generated an out-of-order ${e.type} (${t.reason}) after ${state.status}`);
      state = t.state;
    }
    requests.push({
      ...b.request,
      receivedAt: toIso(b.events[0].at),
      events: b.events
        .slice(1)
        .map((e) => ({ type: e.type, at: toIso(e.at), ...(e.data ? { data: e.data } : {}) })),
      status: state.status,
    });
  }

  // Complaints: mostly caused by late, repeated or slow service; a few about the product itself.
  const complaints: DemoComplaint[] = [];
  const complaintRng = root.fork('complaints');
  for (const b of built) {
    const idx = indexOf.get(b) as number;
    const req = requests[idx];
    const cause = complaintCause(complaintRng, b, req);
    if (!cause) continue;
    const c = buildComplaint(complaintRng, cause, b, idx, nowLocal, toIso);
    if (c) complaints.push(c);
  }
  const productComplaints = Math.round(requests.length * 0.002);
  for (let i = 0; i < productComplaints && options.base.customers.length > 0; i++) {
    const customerIndex = complaintRng.int(0, options.base.customers.length - 1);
    const customer = options.base.customers[customerIndex];
    const unit = complaintRng.pick(customer.units);
    const category = (models.get(unit.modelCode) as ProductModel).category;
    const receivedLocal =
      (startDay + complaintRng.int(0, endDay - startDay)) * DAY + complaintRng.int(9 * 60, 21 * 60) * MIN;
    if (receivedLocal >= nowLocal) continue;
    const c = complaintTimeline(complaintRng, {
      customerIndex,
      requestIndex: null,
      cause: 'product',
      description: complaintText(complaintRng, 'product', category),
      receivedLocal,
      nowLocal,
      toIso,
    });
    if (c) complaints.push(c);
  }
  complaints.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
  return { from: epochDays.format(startDay), to: new Date(nowMs).toISOString(), requests, complaints };
}

// ---- one request -------------------------------------------------------------------------------------

function buildRequest(
  r: SeededRandom,
  d: Draft,
  customer: DemoInstalledBase['customers'][number],
  models: Map<string, ProductModel>,
  nowLocal: number,
  channelPickers: Map<RequestType, (r: SeededRandom) => Channel>,
  toIso: (local: number) => string,
): Built {
  const unit = customer.units[d.unitIndex];
  const model = models.get(unit.modelCode) as ProductModel;
  const purchasedDay = epochDays.parse(unit.purchasedAt);
  const day = Math.floor(d.receivedLocal / DAY);
  let channel = (channelPickers.get(d.type) as (r: SeededRandom) => Channel)(r);
  if (channel === 'iot' && !RATES[d.category].iot) channel = 'hotline';
  if (channel === 'iot' && d.type === 'maintenance' && d.category !== '净水器' && d.category !== '空调')
    channel = 'app';
  const ctx: DescribeContext = {
    category: d.category,
    model,
    ageYears: Math.max(0, Math.floor((day - purchasedDay) / 365)),
    ageDays: Math.max(1, day - purchasedDay),
    city: customer.city,
    agentVoice: channel === 'hotline' || channel === 'outlet',
  };

  // Final type and description.
  let type = d.type;
  let description: string;
  let ambiguous = false;
  if (type !== 'emergency' && channel !== 'iot' && r.chance(AMBIGUOUS_SHARE)) {
    const a = ambiguousText(r, ctx);
    description = a.text;
    type = r.pick(a.types);
    ambiguous = true;
  } else {
    switch (type) {
      case 'repair':
        description = channel === 'iot' ? iotRepairText(r, ctx) : repairText(r, ctx);
        break;
      case 'installation':
        description = installationText(r, ctx, d.move);
        break;
      case 'maintenance':
        description = channel === 'iot' ? iotMaintenanceText(r, ctx) : maintenanceText(r, ctx);
        break;
      case 'consultation':
        description = consultationText(r, ctx);
        break;
      case 'return':
        description = returnText(r, ctx);
        break;
      case 'emergency':
        description = emergencyText(r, ctx);
        break;
    }
  }

  // What intake recorded first: the caller's choice (app, online form, outlet, device) or the rules.
  let initialType: RequestType;
  let typeSource: DemoServiceRequest['typeSource'];
  const picksType =
    channel === 'outlet' ||
    channel === 'iot' ||
    ((channel === 'app' || channel === 'online') && r.chance(0.7));
  // (Hazard texts are emergencies and every other text is free of hazard words — the tests check both —
  // so the rules only need to run where intake used them.)
  if (type === 'emergency') {
    initialType = 'emergency';
    typeSource = picksType && r.chance(0.5) ? 'given' : 'triage';
  } else if (picksType) {
    initialType = r.chance(0.95) ? type : r.pick(['repair', 'maintenance', 'consultation'] as RequestType[]);
    typeSource = 'given';
  } else {
    initialType = ruleTriage(description).type;
    typeSource = 'triage';
  }
  const intakeSource = typeSource;
  const reclassified = initialType !== type;
  if (reclassified) typeSource = 'agent';

  const t0 = d.receivedLocal;
  const events: Built['events'] = [{ type: 'received', at: t0 }];
  let last = t0;
  const add = (type: RequestEventType, at: number, data?: Record<string, unknown>) => {
    const t = Math.max(at, last + 20_000);
    events.push({ type, at: t, ...(data ? { data } : {}) });
    last = t;
    return t;
  };
  if (reclassified) add('reclassified', t0 + r.int(1, 4) * MIN, { from: initialType, to: type });

  const late = pickLate(r, type, channel);
  let nonFcr = false;
  let reopened = false;
  const finish = (resolvedAt: number, firstContact: boolean) => {
    nonFcr = !firstContact;
    let t = add('resolved', resolvedAt, { firstContact });
    if (r.chance(0.85)) t = add('accepted', t + uniform(r, 10 * MIN, 36 * HOUR));
    t = add('closed', t + uniform(r, 30 * MIN, 3 * DAY));
    if ((type === 'repair' || type === 'emergency') && r.chance(0.015)) {
      reopened = true;
      t = add('reopened', t + uniform(r, 1 * DAY, 20 * DAY), { reason: '同一故障再次出现' });
      t = add('resolved', t + uniform(r, 1 * DAY, 3 * DAY), { firstContact: false });
      t = add('accepted', t + uniform(r, 1 * HOUR, 24 * HOUR));
      add('closed', t + uniform(r, 1 * HOUR, 2 * DAY));
    }
  };

  if (type === 'emergency') {
    const responded = t0 + (late === 'response' ? uniform(r, 17, 45) : uniform(r, 1, 12)) * MIN;
    add('responded', responded);
    const dispatched = t0 + (late === 'arrangement' ? uniform(r, 17, 50) : uniform(r, 4, 14)) * MIN;
    const tDispatched = add('dispatched', Math.max(dispatched, responded + MIN));
    const arrived = add('arrived', tDispatched + uniform(r, 25, 90) * MIN);
    finish(arrived + uniform(r, 20, 120) * MIN, r.chance(0.85));
  } else if (type === 'consultation') {
    let responded: number;
    if (late === 'response') responded = serviceAdd(t0, uniform(r, 6, 60));
    else if (channel === 'hotline') responded = t0 + uniform(r, 0.3, 2) * MIN;
    else if (channel === 'online') responded = serviceAdd(t0, uniform(r, 0.5, 4));
    else responded = serviceAdd(t0, uniform(r, 1, 4.5));
    add('responded', responded);
    if (r.chance(0.03)) {
      add('cancelled', responded + uniform(r, 5 * MIN, 5 * HOUR), { reason: '客户不需要了' });
    } else {
      const fcr = r.chance(0.88);
      finish(fcr ? responded + uniform(r, 1, 12) * MIN : responded + uniform(r, 2 * HOUR, 2 * DAY), fcr);
    }
  } else {
    // repair, installation, maintenance, return: response, appointment, dispatch, visit.
    const talking = channel === 'hotline' || channel === 'outlet';
    let responded: number;
    if (late === 'response') responded = serviceAdd(t0, uniform(r, 35, 150));
    else if (talking) responded = t0 + uniform(r, 0.5, 3) * MIN;
    else responded = serviceAdd(t0, uniform(r, 2, 25));
    responded = add('responded', responded);
    const remote = type === 'repair' && (talking || channel === 'online') && r.chance(0.08) && late === null;
    const cancel = r.chance(0.03) ? r.pick(['after-response', 'after-appointment', 'after-dispatch']) : null;
    if (remote) {
      finish(responded + uniform(r, 3, 25) * MIN, true);
    } else if (cancel === 'after-response') {
      add('cancelled', responded + uniform(r, 10 * MIN, 30 * HOUR), {
        reason: r.pick(['客户自行解决', '重复报修', '客户不需要了']),
      });
    } else {
      let agreed: number;
      if (late === 'appointment') agreed = serviceAdd(t0, uniform(r, 125, 400));
      else if (talking && r.chance(0.65)) agreed = responded + uniform(r, 1, 5) * MIN;
      else agreed = Math.max(responded + MIN, serviceAdd(t0, uniform(r, 5, 110)));
      // The visit: a slot on the day agreed with the customer.
      const agreedDay = Math.floor(agreed / DAY);
      let visitDay: number;
      if (type === 'installation' && d.installDay !== undefined) visitDay = Math.max(agreedDay, d.installDay);
      else if (type === 'maintenance') visitDay = agreedDay + r.weightedPick([1, 2, 3, 5], [30, 35, 20, 15]);
      else visitDay = agreedDay + r.weightedPick([0, 1, 2, 3], [25, 50, 18, 7]);
      let arrivalAt =
        visitDay * DAY + r.pick([9, 10, 11, 14, 15, 16, 17, 18, 19]) * HOUR + r.pick([0, 30]) * MIN;
      while (arrivalAt < agreed + 90 * MIN) arrivalAt += arrivalAt % DAY >= 18 * HOUR ? 15 * HOUR : 2 * HOUR;
      agreed = add('appointment-agreed', agreed, { arrivalAt: toIso(arrivalAt) });
      if (cancel === 'after-appointment') {
        add('cancelled', agreed + uniform(r, 10 * MIN, Math.max(11 * MIN, arrivalAt - agreed - 30 * MIN)), {
          reason: r.pick(['客户改约后取消', '客户自行解决', '家里没人']),
        });
      } else {
        const dispatched = add(
          'dispatched',
          Math.min(agreed + uniform(r, 3, 90) * MIN, Math.max(agreed + MIN, arrivalAt - 30 * MIN)),
        );
        if (cancel === 'after-dispatch') {
          add('cancelled', dispatched + uniform(r, 5, 20) * MIN, { reason: '客户取消上门' });
        } else {
          const deviation = late === 'arrival' ? uniform(r, 35, 160) : uniform(r, -25, 25);
          const arrived = add('arrived', Math.max(dispatched + 10 * MIN, arrivalAt + deviation * MIN));
          const fcrShare = type === 'repair' ? 0.68 : type === 'return' ? 0.9 : 0.95;
          if (r.chance(fcrShare)) finish(arrived + uniform(r, 25, 150) * MIN, true);
          else if (type === 'repair' && r.chance(0.75)) {
            const paused = add('paused', arrived + uniform(r, 15, 50) * MIN, { reason: '等待备件' });
            const waitDays = r.weightedPick([1, 2, 3, 4, 5, 7, 10], [15, 25, 20, 15, 10, 10, 5]);
            const resumed = add(
              'resumed',
              (Math.floor(paused / DAY) + waitDays) * DAY + uniform(r, 9 * HOUR, 17 * HOUR),
              { reason: '备件到货' },
            );
            finish(resumed + uniform(r, 60, 240) * MIN, false);
          } else finish(arrived + uniform(r, 1 * DAY, 3 * DAY), false);
        }
      }
    }
  }
  // Drop whatever would have happened after `now` (those requests are still open).
  const kept = events.filter((e) => e.at < nowLocal);
  return {
    request: {
      customerIndex: d.customerIndex,
      unitIndex: d.unitIndex,
      category: d.category,
      channel,
      initialType,
      intakeSource,
      typeSource,
      type,
      description,
      ambiguous,
      late,
    },
    events: kept,
    nonFcr,
    reopened,
  };
}

function pickLate(r: SeededRandom, type: RequestType, channel: Channel): LateKind {
  if (type === 'emergency')
    return r.chance(LATE_SHARE) ? r.pick(['response', 'arrangement'] as LateKind[]) : null;
  if (type === 'consultation') return channel !== 'hotline' && r.chance(LATE_SHARE * 1.2) ? 'response' : null;
  if (r.chance(LATE_SHARE)) {
    const talking = channel === 'hotline' || channel === 'outlet';
    return talking ? 'appointment' : r.pick(['response', 'appointment'] as LateKind[]);
  }
  return r.chance(ARRIVAL_LATE_SHARE) ? 'arrival' : null;
}

// ---- complaints --------------------------------------------------------------------------------------

function complaintCause(r: SeededRandom, b: Built, req: DemoServiceRequest): ComplaintCause | null {
  if (req.events.length === 0) return null;
  if (b.reopened && r.chance(0.3)) return 'repeat';
  if ((req.late === 'response' || req.late === 'appointment') && r.chance(0.07)) return 'no-contact';
  if (req.late === 'arrival' && r.chance(0.07)) return 'late';
  if (b.nonFcr && req.events.some((e) => e.type === 'paused') && r.chance(0.03)) return 'parts-wait';
  if (req.events.some((e) => e.type === 'resolved') && r.chance(0.006))
    return r.pick(['attitude', 'charge'] as ComplaintCause[]);
  return null;
}

function buildComplaint(
  r: SeededRandom,
  cause: ComplaintCause,
  b: Built,
  requestIndex: number,
  nowLocal: number,
  toIso: (local: number) => string,
): DemoComplaint | null {
  const find = (type: RequestEventType) => b.events.find((e) => e.type === type)?.at;
  const t0 = b.events[0].at;
  let receivedLocal: number;
  switch (cause) {
    case 'no-contact':
      receivedLocal = t0 + uniform(r, 2 * HOUR, 30 * HOUR);
      break;
    case 'late':
      receivedLocal = (find('arrived') ?? t0) + uniform(r, 30 * MIN, 24 * HOUR);
      break;
    case 'parts-wait':
      receivedLocal = (find('paused') ?? t0) + uniform(r, 2 * DAY, 5 * DAY);
      break;
    case 'repeat':
      receivedLocal = (find('reopened') ?? t0) + uniform(r, 1 * HOUR, 2 * DAY);
      break;
    default:
      receivedLocal = (find('resolved') ?? t0) + uniform(r, 1 * HOUR, 3 * DAY);
  }
  if (receivedLocal >= nowLocal) return null;
  return complaintTimeline(r, {
    customerIndex: b.request.customerIndex,
    requestIndex,
    cause,
    description: complaintText(r, cause, b.request.category),
    receivedLocal,
    nowLocal,
    toIso,
  });
}

function complaintTimeline(
  r: SeededRandom,
  c: {
    customerIndex: number;
    requestIndex: number | null;
    cause: ComplaintCause;
    description: string;
    receivedLocal: number;
    nowLocal: number;
    toIso: (local: number) => string;
  },
): DemoComplaint | null {
  const flagged = c.cause === 'repeat' ? r.chance(0.6) : r.chance(0.15);
  // A complaint resolved at its first response stays standard; otherwise it is complex.
  const complex = flagged || r.chance(0.15);
  const events: { type: ComplaintEventType; at: number; data?: Record<string, unknown> }[] = [];
  let last = c.receivedLocal;
  const add = (type: ComplaintEventType, at: number, data?: Record<string, unknown>) => {
    const t = Math.max(at, last + 20_000);
    events.push({ type, at: t, ...(data ? { data } : {}) });
    last = t;
    return t;
  };
  const responded = add(
    'responded',
    c.receivedLocal + (r.chance(0.04) ? uniform(r, 25, 40) : uniform(r, 0.5, 20)) * HOUR,
  );
  if (!complex) {
    events.push({ type: 'resolved', at: responded });
    add('closed', responded + uniform(r, 1 * HOUR, 3 * DAY));
  } else {
    // 3 working days for the plan: most well inside, some late.
    const plan = add(
      'plan-proposed',
      responded + (r.chance(0.9) ? uniform(r, 4 * HOUR, 2 * DAY) : uniform(r, 5 * DAY, 9 * DAY)),
      {
        plan: r.pick(['上门复检并免费更换配件', '更换新机', '退还上门费并致歉', '安排主管回访跟进']),
      },
    );
    const resolved = add('resolved', plan + uniform(r, 1 * DAY, 10 * DAY));
    add('closed', resolved + uniform(r, 1 * HOUR, 3 * DAY));
  }
  const kept = events.filter((e) => e.at < c.nowLocal);
  let state = { status: 'received' as ComplaintStatus, paused: false };
  for (const e of kept) {
    const t = applyComplaintEvent(state, e.type);
    if (!t.ok) throw new Error(`generated an out-of-order complaint ${e.type} after ${state.status}`);
    state = t.state;
  }
  return {
    customerIndex: c.customerIndex,
    requestIndex: c.requestIndex,
    cause: c.cause,
    description: c.description,
    complex: flagged,
    complexReason: flagged ? r.pick(['涉及赔偿', '多次维修未解决', '客户要求换机', '媒体曝光风险']) : null,
    receivedAt: c.toIso(c.receivedLocal),
    events: kept.map((e) => ({ type: e.type, at: c.toIso(e.at), ...(e.data ? { data: e.data } : {}) })),
    status: state.status,
  };
}
