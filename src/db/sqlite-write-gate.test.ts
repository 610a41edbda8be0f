import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteWriteGate } from './sqlite-write-gate';

const tick = () => new Promise((r) => setImmediate(r));

describe('SqliteWriteGate', () => {
  it('lets one side in at a time and hands the gate to the side that waits', async () => {
    const loop = new SqliteWriteGate('loop');
    const thread = new SqliteWriteGate('thread', loop.buffer);
    await loop.acquire();
    expect(loop.holder()).toBe('loop');
    let threadIn = false;
    const waiting = thread.acquire().then(() => {
      threadIn = true;
    });
    await tick();
    expect(threadIn).toBe(false);
    loop.release();
    // Handed over, not freed: the loop cannot take it back before the waiting side runs.
    expect(thread.holder()).toBe('thread');
    await waiting;
    expect(threadIn).toBe(true);
    thread.release();
    expect(loop.holder()).toBe('free');
  });

  it('never lets both sides in, whatever the interleaving (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.nat(3)), { minLength: 1, maxLength: 40 }),
        async (steps) => {
          const loop = new SqliteWriteGate('loop');
          const thread = new SqliteWriteGate('thread', loop.buffer);
          let inside = 0;
          let most = 0;
          const enter = async (gate: SqliteWriteGate, hold: number) => {
            await gate.acquire();
            inside += 1;
            most = Math.max(most, inside);
            for (let i = 0; i < hold; i++) await tick();
            inside -= 1;
            gate.release();
          };
          // Each side enters one at a time (its driver's turn sees to that); the two sides run at once.
          const side = async (gate: SqliteWriteGate, mine: boolean) => {
            for (const [useLoop, hold] of steps) if (useLoop === mine) await enter(gate, hold);
          };
          await Promise.all([side(loop, true), side(thread, false)]);
          expect(most).toBe(1);
          expect(loop.holder()).toBe('free');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes the gate back from a side that is gone, held or waited for', async () => {
    const loop = new SqliteWriteGate('loop');
    const thread = new SqliteWriteGate('thread', loop.buffer);
    await thread.acquire();
    loop.reclaimFromOther();
    expect(loop.holder()).toBe('free');
    await loop.acquire();
    // The gone side had announced a wait: the loop's release must free the gate, not hand it over.
    const stuck = thread.acquire();
    await tick();
    loop.reclaimFromOther();
    loop.release();
    expect(loop.holder()).toBe('free');
    // (The gate object of the gone side still works: here it takes the now free gate.)
    await stuck;
    thread.release();
  });

  it('hands the gate to a loop that waits when the other side is taken back', async () => {
    const loop = new SqliteWriteGate('loop');
    const thread = new SqliteWriteGate('thread', loop.buffer);
    await thread.acquire();
    const waiting = loop.acquire();
    await tick();
    loop.reclaimFromOther();
    await waiting;
    expect(loop.holder()).toBe('loop');
    loop.release();
  });
});
