/**
 * Who may write to the SQLite file next, between the two connections of one server process: the event
 * loop's and the use-case thread's (`use-case-thread.ts`).
 *
 * SQLite's own lock would do, but a connection that finds it taken waits in its busy handler by sleeping
 * its thread, stalling every request that thread serves. So both sides take this gate first and then find
 * SQLite's lock free; a side that waits does so asynchronously (`Atomics.waitAsync`). A side that releases
 * the gate while the other waits hands it over directly, so neither can starve the other. Other processes
 * (CLI, workers) still meet SQLite's lock and its busy timeout, as before.
 *
 * Each side acquires for one holder at a time (its group-commit driver's turn sees to that).
 */

// Node 20 has Atomics.waitAsync; TypeScript's lib declares it from ES2024 on.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      cells: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

export type GateSide = 'loop' | 'thread';

const FREE = 0;
const SIDE: Record<GateSide, number> = { loop: 1, thread: 2 };

/** Slots of the shared buffer: the holder (FREE or a side), and the sides waiting (a bit each). */
const HOLDER = 0;
const WAITING = 1;

export class SqliteWriteGate {
  private readonly cells: Int32Array;
  private readonly me: number;
  private readonly other: number;

  constructor(
    side: GateSide,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8),
  ) {
    this.cells = new Int32Array(buffer);
    this.me = SIDE[side];
    this.other = 3 - this.me;
  }

  /** Resolves once the gate is this side's; never blocks the thread. */
  async acquire(): Promise<void> {
    for (;;) {
      if (Atomics.compareExchange(this.cells, HOLDER, FREE, this.me) === FREE) break;
      Atomics.or(this.cells, WAITING, this.me);
      // Looked at again after announcing the wait: the other side may have released (or handed over) since.
      const holder = Atomics.load(this.cells, HOLDER);
      if (holder === this.me) break;
      if (holder === FREE) continue;
      const wait = waitAsync(this.cells, HOLDER, holder);
      if (wait.async) await wait.value;
      if (Atomics.load(this.cells, HOLDER) === this.me) break;
    }
    Atomics.and(this.cells, WAITING, ~this.me);
  }

  /** Hands the gate to the other side when it waits, else frees it. */
  release(): void {
    const next = Atomics.load(this.cells, WAITING) & this.other ? this.other : FREE;
    Atomics.store(this.cells, HOLDER, next);
    Atomics.notify(this.cells, HOLDER);
  }

  /**
   * The other side is gone (its thread died): takes the gate back if it held it, and forgets that it
   * waited, so that this side is never handed a gate nobody will release.
   */
  reclaimFromOther(): void {
    Atomics.and(this.cells, WAITING, ~this.other);
    const next = Atomics.load(this.cells, WAITING) & this.me ? this.me : FREE;
    if (Atomics.compareExchange(this.cells, HOLDER, this.other, next) === this.other)
      Atomics.notify(this.cells, HOLDER);
  }

  /** Whether the other side waits for the gate now (tests, diagnostics). */
  otherWaits(): boolean {
    return (Atomics.load(this.cells, WAITING) & this.other) !== 0;
  }

  /** Who holds the gate now (tests, diagnostics). */
  holder(): GateSide | 'free' {
    const h = Atomics.load(this.cells, HOLDER);
    return h === SIDE.loop ? 'loop' : h === SIDE.thread ? 'thread' : 'free';
  }
}
