// Benchmark: SLA deadline computation in the domain (issue 3 target ≥ 1,000,000 clocks/s).
//   npx tsx bench/clock-deadlines.ts [--n 1000000]
// Baseline in the same run: the bare calendar addition (addWorkingTime) the clock is built on.
import fs from 'node:fs';
import os from 'node:os';
import { type Calendar, compileCalendar, defaultCalendars, parseHolidayCnJson } from '../src/domain/calendar';
import { type ClockEvent, computeClock } from '../src/domain/sla/compute-clocks';
import { DEFAULT_SLA_POLICIES } from '../src/domain/sla/sla-policy';

const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 1_000_000;
const notice = parseHolidayCnJson(
  fs.readFileSync(new URL('../../shared/data/calendar-cn/holiday-cn_2026.json', import.meta.url), 'utf8'),
);
const calendars = new Map<string, Calendar>(defaultCalendars(notice).map((s) => [s.id, compileCalendar(s)]));
const lookup = (id: string) => calendars.get(id) as Calendar;
const rules = DEFAULT_SLA_POLICIES.flatMap((p) => p.clocks);

// Inputs prepared before timing: random starts over 2026, a quarter of them with a pause.
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const base = Date.parse('2026-01-01T00:00:00+08:00');
const starts = new Float64Array(N);
const events: ClockEvent[][] = [];
for (let i = 0; i < N; i++) {
  starts[i] = base + Math.floor(rnd() * 360 * 86_400_000);
  events.push(
    rnd() < 0.25
      ? [
          { type: 'paused', at: starts[i] + 600_000 },
          { type: 'resumed', at: starts[i] + 3_600_000 },
        ]
      : [],
  );
}
const now = base + 400 * 86_400_000;

function run(label: string, fn: (i: number) => number) {
  // Warm the day caches and the JIT, then measure three times and keep the median.
  let sink = 0;
  for (let i = 0; i < Math.min(N, 200_000); i++) sink += fn(i);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink += fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  times.sort((a, b) => a - b);
  const rate = N / times[1];
  console.log(`| ${label} | ${(rate / 1e6).toFixed(2)} M/s | ${((times[1] * 1e9) / N).toFixed(0)} ns |`);
  return sink;
}

console.log(`N = ${N}, Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}\n`);
console.log('| computation | rate (median of 3) | per item |');
console.log('|---|---:|---:|');
const sh = lookup('service-hours');
run('baseline: service-hours addWorkingTime(start, 30 min)', (i) => sh.addWorkingTime(starts[i], 1_800_000));
const repair = rules.find((r) => r.name === 'response' && r.calendar === 'service-hours') ?? rules[0];
run(
  'computeClock: repair response (service hours, 25% paused)',
  (i) => computeClock(repair, lookup, starts[i], events[i], now).dueAt ?? 0,
);
const plan = rules.find((r) => r.name === 'plan') ?? rules[0];
run(
  'computeClock: complex complaint plan (3 working days)',
  (i) => computeClock(plan, lookup, starts[i], events[i], now).dueAt ?? 0,
);
const emergency = rules.find((r) => r.calendar === '24x7') ?? rules[0];
run(
  'computeClock: emergency response (24x7, not pausable)',
  (i) => computeClock(emergency, lookup, starts[i], events[i], now).dueAt ?? 0,
);
