import { describe, expect, it, vi } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import * as appDeps from '../app-deps';
import { nextFromBlock, nextSequence } from './sequences';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('counters on %s', (id) => {
  it('hands out numbers from reserved blocks: unique under concurrency, one counter update per block', async () => {
    const deps = await databases.deps(id);
    const numbers = await Promise.all(
      Array.from({ length: 40 }, () => nextFromBlock(deps, 'sr:20261130', 16)),
    );
    expect(new Set(numbers).size).toBe(40);
    // Within one process the numbers follow call order, from 1 without gaps.
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const stored = await deps.db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', 'sr:20261130')
      .executeTakeFirstOrThrow();
    expect(Number(stored.value)).toBe(48); // three blocks of 16
    // A second process (another database handle on the same data) continues after the reserved blocks.
    const other = {
      ...deps,
      db: deps.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result }),
    };
    expect(await nextFromBlock(other, 'sr:20261130', 16)).toBe(49);
    // Counters are separate by name.
    expect(await nextFromBlock(deps, 'sr:20261201', 16)).toBe(1);
  });

  it('keeps nothing of a failed reservation: the next call reserves again', async () => {
    const deps = await databases.deps(id);
    const spy = vi.spyOn(appDeps, 'inTransaction').mockRejectedValueOnce(new Error('database gone'));
    await expect(nextFromBlock(deps, 'sr:20261202', 4)).rejects.toThrow('database gone');
    spy.mockRestore();
    expect(await nextFromBlock(deps, 'sr:20261202', 4)).toBe(1);
    expect(await appDeps.inTransaction(deps, (tx) => nextSequence(tx, 'sr:20261202'))).toBe(5);
  });

  it('lets callers that waited on a failed reservation reserve again instead of failing with it', async () => {
    const deps = await databases.deps(id);
    const spy = vi.spyOn(appDeps, 'inTransaction').mockRejectedValueOnce(new Error('database gone'));
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => nextFromBlock(deps, 'sr:20261203', 4)));
    spy.mockRestore();
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))).toEqual([1, 2]);
  });
});
