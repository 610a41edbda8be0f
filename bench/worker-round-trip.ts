// What it costs to hand a request create's writes to another thread (the writer-thread design in
// bench/RESULTS.md): a round trip of one create's plan (a 37-column request row, its event, two clock rows
// and a 2 KB audit text, structured-cloned) to a worker thread and a small reply, 16 in flight.
//   npx tsx bench/worker-round-trip.ts [--trips 20000]
// Baseline in the same run: the same plan cloned within the thread (structuredClone), no messaging.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const args = process.argv.slice(2);
const i = args.indexOf('--trips');
const trips = i >= 0 ? Number(args[i + 1]) : 20000;

const row: Record<string, unknown> = {};
for (let c = 0; c < 37; c++) row[`col_${c}`] = c % 3 ? 'x'.repeat(20) : c;
row.sla_json = JSON.stringify({ response: 'x'.repeat(400) });
const plan = { row, event: { ...row }, clocks: [{ ...row }, { ...row }], audit: 'y'.repeat(2000) };

const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
   parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, number: 'SR-20261130-0001', seq: 12 }));`,
  { eval: true },
);
const pending = new Map<number, () => void>();
worker.on('message', (m: { id: number }) => {
  pending.get(m.id)?.();
  pending.delete(m.id);
});
let next = 0;
const call = () =>
  new Promise<void>((resolve) => {
    const id = ++next;
    pending.set(id, resolve);
    worker.postMessage({ id, plan });
  });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall: number[] = [];
const cpu: number[] = [];
const clone: number[] = [];
for (let run = 0; run < 4; run++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let inflight: Promise<void>[] = [];
  for (let k = 0; k < trips; k++) {
    inflight.push(call());
    if (inflight.length >= 16) {
      await Promise.all(inflight);
      inflight = [];
    }
  }
  await Promise.all(inflight);
  const t = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const s0 = performance.now();
  for (let k = 0; k < trips; k++) structuredClone(plan);
  const s = performance.now() - s0;
  if (run === 0) continue; // warm-up
  wall.push((t * 1000) / trips);
  cpu.push((c.user + c.system) / trips);
  clone.push((s * 1000) / trips);
}
await worker.terminate();
console.log(
  `\n${trips} round trips × 3 runs after a warm-up, Node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log('| measure | µs per create (median of 3) |');
console.log('|---|---:|');
console.log(`| baseline: structuredClone of the plan in the thread | ${median(clone).toFixed(1)} |`);
console.log(`| round trip to a worker thread, wall | ${median(wall).toFixed(1)} |`);
console.log(`| round trip to a worker thread, CPU of both threads | ${median(cpu).toFixed(1)} |`);
