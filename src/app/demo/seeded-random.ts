// Small, fast, seeded pseudo-random numbers for demo data: sfc32 seeded through cyrb128.
// Same seed → same sequence on every platform (only 32-bit integer arithmetic).

import { epochDays } from './epoch-days';

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;
  private readonly seedText: string;

  constructor(seed: number | string) {
    this.seedText = typeof seed === 'number' ? `#${seed}` : seed;
    [this.a, this.b, this.c, this.d] = cyrb128(this.seedText);
    for (let i = 0; i < 15; i++) this.next();
  }

  /** An independent stream that depends only on this generator's seed and `label`. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.seedText}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One item, chosen with probability proportional to its weight (linear scan; for short lists). */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (let i = 0; i < items.length; i++) total += weights[i];
    if (!(total > 0)) throw new RangeError('weightedPick needs a positive total weight');
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** A reusable weighted chooser bound to this generator (cumulative table, binary search). */
  weightedPicker<T>(items: readonly T[], weight: (item: T) => number): () => T {
    const cumulative: number[] = [];
    let total = 0;
    for (const item of items) {
      const w = weight(item);
      if (!(w >= 0)) throw new RangeError('weights must be non-negative numbers');
      total += w;
      cumulative.push(total);
    }
    if (!(total > 0)) throw new RangeError('weightedPicker needs a positive total weight');
    return () => {
      const r = this.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      return items[lo];
    };
  }

  /** Normal deviate (Box–Muller, the second value of each pair cached). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Normal deviate cut off at `limit` standard deviations (resampled beyond). */
  truncatedNormal(mean: number, sd: number, limit: number): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= limit) return mean + sd * z;
    }
  }

  /** A `YYYY-MM-DD` date uniformly between `from` and `to`, both inclusive. */
  dateBetween(from: string, to: string): string {
    const a = epochDays.parse(from);
    const b = epochDays.parse(to);
    if (b < a) throw new RangeError(`dateBetween: ${to} is before ${from}`);
    return epochDays.format(this.int(a, b));
  }
}
