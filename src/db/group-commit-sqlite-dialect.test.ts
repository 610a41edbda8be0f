import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GroupCommitBatchLostError,
  GroupCommitBatchRolledBack,
  GroupCommitSqliteDialect,
} from './group-commit-sqlite-dialect';
import { SqliteWriteGate } from './sqlite-write-gate';

interface Db {
  items: { id: number; owner: string; qty: number };
}

const opened: { db: Kysely<Db>; dir: string; reader: SQLite.Database }[] = [];

async function open(opts: { gate?: SqliteWriteGate; maxBatchSize?: number; savepoints?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
  const file = path.join(dir, 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  const dialect = new GroupCommitSqliteDialect(sqlite, {
    maxBatchSize: opts.maxBatchSize,
    savepoints: opts.savepoints,
  });
  if (opts.gate) dialect.driver.takeTurnsThrough(opts.gate);
  const db = new Kysely<Db>({ dialect });
  await sql`create table items (id integer primary key, owner text not null, qty integer not null check (qty >= 0))`.execute(
    db,
  );
  // A second, independent connection to the same file sees only committed data.
  const reader = new SQLite(file, { readonly: true });
  opened.push({ db, dir, reader });
  const committed = () => reader.prepare('select id, owner, qty from items order by id').all();
  return { db, stats: dialect.driver.stats, committed, file, sqlite, driver: dialect.driver };
}

/** Runs a transaction again while its batch was rolled back under it (as the use-case thread does). */
async function withReplays<T>(run: () => Promise<T>, replays: { n: number }): Promise<T> {
  for (;;) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof GroupCommitBatchRolledBack)) throw err;
      replays.n += 1;
    }
  }
}

/** Stock moves for the property tests: a delta on one owner's row, some failing on purpose, some pausing. */
const stockMoves = fc.array(
  fc.record({
    owner: fc.constantFrom('p', 'q', 'r'),
    delta: fc.integer({ min: -3, max: 3 }),
    fail: fc.boolean(),
    pauseMs: fc.constantFrom(0, 0, 0, 1),
  }),
  { minLength: 1, maxLength: 25 },
);
type StockMove = { owner: string; delta: number; fail: boolean; pauseMs: number };

async function seedStock(db: Kysely<Db>): Promise<void> {
  await db
    .insertInto('items')
    .values([
      { id: 1, owner: 'p', qty: 2 },
      { id: 2, owner: 'q', qty: 2 },
      { id: 3, owner: 'r', qty: 2 },
    ])
    .execute();
}

/** One move in a transaction of its own: read, update (the CHECK rejects negative stock), maybe fail. */
function moveStock(db: Kysely<Db>, op: StockMove): Promise<void> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('items')
      .select('qty')
      .where('owner', '=', op.owner)
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('items')
      .set({ qty: row.qty + op.delta })
      .where('owner', '=', op.owner)
      .execute();
    if (op.pauseMs) await new Promise((r) => setTimeout(r, op.pauseMs));
    if (op.fail) throw new Error('rejected');
  });
}

afterEach(async () => {
  for (const { db, dir, reader } of opened.splice(0)) {
    reader.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('GroupCommitSqliteDialect', () => {
  it('commits concurrent transactions together and resumes each caller only after the COMMIT', async () => {
    const { db, stats, committed } = await open();
    const before = stats.commits;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx
            .insertInto('items')
            .values({ id: i + 1, owner: 'a', qty: i })
            .execute();
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Every row is visible to another connection as soon as the callers resume.
    expect(committed()).toHaveLength(20);
    expect(stats.commits - before).toBeLessThan(20);
    expect(stats.largestBatch).toBeGreaterThan(1);
  });

  it('rolls back a failing transaction alone; the rest of its batch commits', async () => {
    const { db, committed } = await open();
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((id) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('items').values({ id, owner: 'b', qty: 1 }).execute();
          await tx
            .insertInto('items')
            .values({ id: id + 100, owner: 'b', qty: 1 })
            .execute();
          if (id === 2) throw new Error('use case failed');
          // A constraint violation fails the statement; the use case gives up.
          if (id === 3) await tx.updateTable('items').set({ qty: -1 }).where('id', '=', 3).execute();
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(committed().map((r) => (r as { id: number }).id)).toEqual([1, 4, 101, 104]);
  });

  it('without savepoints, a failure after writing rolls back its batch; the others are told and run again', async () => {
    const { db, committed, stats } = await open({ savepoints: false });
    const replays = { n: 0 };
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((id) =>
        withReplays(
          () =>
            db.transaction().execute(async (tx) => {
              await tx.insertInto('items').values({ id, owner: 'b', qty: 1 }).execute();
              await tx
                .insertInto('items')
                .values({ id: id + 100, owner: 'b', qty: 1 })
                .execute();
              if (id === 2) throw new Error('use case failed');
              if (id === 3) await tx.updateTable('items').set({ qty: -1 }).where('id', '=', 3).execute();
            }),
          replays,
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('use case failed');
    expect(String((outcomes[2] as PromiseRejectedResult).reason.message)).toMatch(/CHECK/);
    // Transaction 1 was rolled back with transaction 2's batch and ran again after 3 and 4 (the turn is
    // first come, first served); 3's failure rolled back its batch alone (nothing had finished in it).
    expect(replays.n).toBe(1);
    expect(committed().map((r) => (r as { id: number }).id)).toEqual([1, 4, 101, 104]);
    expect(stats.transactions).toBe(2);
  });

  it('without savepoints, a failure before any write leaves its batch alone', async () => {
    const { db, committed, stats } = await open({ savepoints: false });
    const before = stats.commits;
    const replays = { n: 0 };
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((id) =>
        withReplays(
          () =>
            db.transaction().execute(async (tx) => {
              await tx.selectFrom('items').select('id').execute();
              if (id === 2) throw new Error('unknown customer'); // validation, before writing
              await tx.insertInto('items').values({ id, owner: 'c', qty: 1 }).execute();
            }),
          replays,
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(replays.n).toBe(0);
    expect(stats.commits - before).toBe(1); // 1 and 3 shared the batch that 2 failed in
    expect(committed().map((r) => (r as { id: number }).id)).toEqual([1, 3]);
  });

  it('never lets another transaction or a read see a transaction that is still running', async () => {
    const { db } = await open();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = db.transaction().execute(async (tx) => {
      await tx.insertInto('items').values({ id: 1, owner: 'slow', qty: 1 }).execute();
      await gate; // real asynchronous work inside the transaction
      throw new Error('changed its mind');
    });
    const read = db.selectFrom('items').selectAll().execute();
    const other = db.transaction().execute((tx) => tx.selectFrom('items').selectAll().execute());
    await new Promise((r) => setTimeout(r, 20));
    release();
    await expect(slow).rejects.toThrow('changed its mind');
    expect(await read).toEqual([]);
    expect(await other).toEqual([]);
  });

  it('ends the database transaction when every transaction of a batch rolled back (no write lock kept while idle)', async () => {
    const { db, file } = await open();
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ id: 1, owner: 'x', qty: 1 }).execute();
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    await new Promise((r) => setTimeout(r, 20));
    // Another process's writer must not find the database locked.
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    try {
      expect(() =>
        other.prepare("insert into items (id, owner, qty) values (2, 'other', 1)").run(),
      ).not.toThrow();
    } finally {
      other.close();
    }
    expect(await db.selectFrom('items').select('id').execute()).toEqual([{ id: 2 }]);
  });

  it('commits a write made outside a transaction with the open batch before returning', async () => {
    const { db, committed } = await open();
    const [a, b] = await Promise.all([
      db
        .transaction()
        .execute((tx) => tx.insertInto('items').values({ id: 1, owner: 'tx', qty: 1 }).execute()),
      db.insertInto('items').values({ id: 2, owner: 'plain', qty: 1 }).execute(),
    ]);
    expect(a).toBeDefined();
    expect(b[0].numInsertedOrUpdatedRows).toBe(1n);
    expect(committed()).toHaveLength(2);
    const rows = await db.insertInto('items').values({ id: 3, owner: 'r', qty: 2 }).returning('id').execute();
    expect(rows).toEqual([{ id: 3 }]);
    expect(committed()).toHaveLength(3);
  });

  it('fails every transaction of a batch that SQLite rolled back as a whole', async () => {
    const { db, committed } = await open();
    await db.insertInto('items').values({ id: 1, owner: 'seed', qty: 1 }).execute();
    const outcomes = await Promise.allSettled([
      db
        .transaction()
        .execute((tx) => tx.insertInto('items').values({ id: 2, owner: 'x', qty: 1 }).execute()),
      db.transaction().execute(async (tx) => {
        // OR ROLLBACK ends the whole database transaction, i.e. the batch.
        await sql`insert or rollback into items (id, owner, qty) values (1, 'dup', 1)`.execute(tx);
      }),
      db
        .transaction()
        .execute((tx) => tx.insertInto('items').values({ id: 3, owner: 'y', qty: 1 }).execute()),
    ]);
    expect(outcomes[0].status).toBe('rejected');
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(GroupCommitBatchLostError);
    expect(outcomes[1].status).toBe('rejected');
    expect(outcomes[2].status).toBe('fulfilled'); // the next batch
    expect(committed().map((r) => (r as { id: number }).id)).toEqual([1, 3]);
    // The connection keeps working.
    await db
      .transaction()
      .execute((tx) => tx.insertInto('items').values({ id: 4, owner: 'z', qty: 1 }).execute());
    expect(committed()).toHaveLength(3);
  });

  it('commits a waiting batch for a caller that loops on reads without yielding to the event loop', async () => {
    const { db } = await open();
    let written = false;
    const writer = db
      .transaction()
      .execute((tx) => tx.insertInto('items').values({ id: 1, owner: 'w', qty: 1 }).execute())
      .then(() => {
        written = true;
      });
    // Only microtasks here: the setImmediate flush cannot run until this loop ends.
    let reads = 0;
    while (!written && reads < 1_000_000) {
      await db.selectFrom('items').select('id').execute();
      reads += 1;
    }
    await writer;
    expect(reads).toBeLessThan(1_000_000);
  });

  it('ends in the state of the successful transactions applied one by one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(stockMoves, async (ops) => {
        const { db, committed } = await open();
        await seedStock(db);
        const outcomes = await Promise.allSettled(ops.map((op) => moveStock(db, op)));
        // Transactions run one at a time in arrival order: replay the ones that succeeded.
        const expected: Record<string, number> = { p: 2, q: 2, r: 2 };
        ops.forEach((op, i) => {
          const ok = expected[op.owner] + op.delta >= 0 && !op.fail;
          expect(outcomes[i].status).toBe(ok ? 'fulfilled' : 'rejected');
          if (ok) expected[op.owner] += op.delta;
        });
        const rows = committed() as { owner: string; qty: number }[];
        expect(Object.fromEntries(rows.map((r) => [r.owner, r.qty]))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('without savepoints, closes the connection when a ROLLBACK fails, freeing the lock and the gate', async () => {
    const gate = new SqliteWriteGate('loop');
    const { db, committed, driver, file } = await open({ savepoints: false, gate });
    const prepare = driver.prepare.bind(driver);
    driver.prepare = (sqlText: string) =>
      sqlText === 'rollback'
        ? ({
            run() {
              throw new Error('rollback failed');
            },
          } as unknown as ReturnType<typeof prepare>)
        : prepare(sqlText);
    const outcomes = await Promise.allSettled([
      db
        .transaction()
        .execute((tx) => tx.insertInto('items').values({ id: 1, owner: 'a', qty: 1 }).execute()),
      db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ id: 2, owner: 'b', qty: 1 }).execute();
        throw new Error('use case failed');
      }),
    ]);
    // The finished one is told its batch was lost; the failing one keeps its own error.
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(GroupCommitBatchLostError);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('use case failed');
    expect(driver.isOpen).toBe(false);
    expect(committed()).toEqual([]);
    // The gate is free (the other side takes it at once) and so is SQLite's write lock.
    const other = new SqliteWriteGate('thread', gate.buffer);
    await other.acquire();
    other.release();
    const writer = new SQLite(file);
    writer.pragma('busy_timeout = 0');
    try {
      expect(() =>
        writer.prepare("insert into items (id, owner, qty) values (3, 'w', 1)").run(),
      ).not.toThrow();
    } finally {
      writer.close();
    }
  });

  it('without savepoints, with replays, ends in the state of the successful transactions (property)', async () => {
    let replayed = 0;
    await fc.assert(
      fc.asyncProperty(stockMoves, async (ops) => {
        const { db, committed } = await open({ savepoints: false });
        await seedStock(db);
        const replays = { n: 0 };
        const outcomes = await Promise.allSettled(
          ops.map((op) => withReplays(() => moveStock(db, op), replays)),
        );
        // Replayed transactions run later than they arrived, so which stock checks fail can differ from
        // arrival order; what must hold: the failing ones failed, the others failed only on the stock
        // CHECK, and the stock is the sum of exactly the successful ones.
        const expected: Record<string, number> = { p: 2, q: 2, r: 2 };
        ops.forEach((op, i) => {
          const o = outcomes[i];
          if (op.fail) expect(o.status).toBe('rejected');
          if (o.status === 'rejected' && !op.fail) expect(String(o.reason.message)).toMatch(/CHECK/);
          if (o.status === 'fulfilled') expected[op.owner] += op.delta;
        });
        const rows = committed() as { owner: string; qty: number }[];
        expect(Object.fromEntries(rows.map((r) => [r.owner, r.qty]))).toEqual(expected);
        replayed += replays.n;
      }),
      { numRuns: 60 },
    );
    expect(replayed).toBeGreaterThan(0); // the runs did roll back batches and run transactions again
  });

  it('with a write gate, waits for the other side without blocking the event loop, then writes', async () => {
    const gate = new SqliteWriteGate('loop');
    const other = new SqliteWriteGate('thread', gate.buffer);
    const { db, committed } = await open({ gate });
    await other.acquire();
    const order: string[] = [];
    // A transaction, and a write outside any transaction: both must wait for the gate.
    const tx = db.transaction().execute(async (t) => {
      await t.insertInto('items').values({ id: 1, owner: 'a', qty: 1 }).execute();
      order.push('tx');
    });
    await new Promise((r) => setImmediate(r));
    order.push('loop still runs');
    expect(committed()).toEqual([]);
    other.release();
    await tx;
    await db.insertInto('items').values({ id: 2, owner: 'b', qty: 2 }).execute();
    expect(order).toEqual(['loop still runs', 'tx']);
    expect(committed()).toHaveLength(2);
    // The gate is free again once the batch committed.
    await new Promise((r) => setImmediate(r));
    expect(gate.holder()).toBe('free');
    await other.acquire();
    const outside = db.insertInto('items').values({ id: 3, owner: 'c', qty: 3 }).execute();
    await new Promise((r) => setImmediate(r));
    expect(committed()).toHaveLength(2);
    other.release();
    await outside;
    expect(committed()).toHaveLength(3);
  });

  it('commits after maxBatchSize transactions, so that callers need not wait for the whole queue', async () => {
    const { db, stats } = await open({ maxBatchSize: 4 });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute((t) =>
          t
            .insertInto('items')
            .values({ id: i + 1, owner: 'x', qty: i })
            .execute(),
        ),
      ),
    );
    expect(stats.transactions).toBe(12);
    expect(stats.largestBatch).toBeLessThanOrEqual(4);
    expect(stats.commits).toBeGreaterThanOrEqual(3);
  });

  it('with a write gate, gives the gate back when BEGIN fails (another process holds the write lock)', async () => {
    const gate = new SqliteWriteGate('loop');
    const { db, sqlite, file, committed } = await open({ gate });
    sqlite.pragma('busy_timeout = 0');
    const otherProcess = new SQLite(file);
    try {
      otherProcess.prepare('begin immediate').run();
      await expect(
        db
          .transaction()
          .execute((t) => t.insertInto('items').values({ id: 1, owner: 'a', qty: 1 }).execute()),
      ).rejects.toThrow(/locked|busy/i);
      expect(gate.holder()).toBe('free');
      otherProcess.prepare('rollback').run();
      await db
        .transaction()
        .execute((t) => t.insertInto('items').values({ id: 1, owner: 'a', qty: 1 }).execute());
      expect(committed()).toHaveLength(1);
      await new Promise((r) => setImmediate(r));
      expect(gate.holder()).toBe('free');
    } finally {
      otherProcess.close();
    }
  });
});
