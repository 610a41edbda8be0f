import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppDeps, inTransaction } from '../app/app-deps';
import { connectDatabase, type DatabaseHandle } from './connection';
import { runSql } from './run-sql';

const handles: { handle: DatabaseHandle; dir: string }[] = [];
afterEach(async () => {
  for (const { handle, dir } of handles.splice(0)) {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-sql-'));
  const handle = connectDatabase({ dataDir: dir });
  handles.push({ handle, dir });
  await sql`create table "counters" ("name" text primary key, "value" integer not null)`.execute(handle.db);
  const deps = { db: handle.db, dialect: handle.dialect, zone: 'Asia/Shanghai' } as AppDeps;
  const count = async () =>
    (await runSql<{ n: number }>(handle.db, 'sqlite', 'select count(*) as "n" from "counters"', [])).rows[0]
      .n;
  return { handle, deps, count };
}

const insert = (db: AppDeps['db'], name: string) =>
  runSql(db, 'sqlite', 'insert into "counters" ("name", "value") values (?, ?)', [name, 1]);

describe('runSql in a SQLite transaction (direct path)', () => {
  it('runs on the open transaction without going through Kysely, with the same results', async () => {
    const { handle, deps, count } = await open();
    const driver = handle.sqliteDriver;
    if (!driver) throw new Error('SQLite expected');
    const direct = vi.spyOn(driver, 'runInTransaction');
    const value = await inTransaction(deps, async (tx) => {
      const r = await insert(tx.db, 'a');
      expect(r.numAffectedRows).toBe(1n);
      const { rows } = await runSql<{ value: number }>(
        tx.db,
        'sqlite',
        'update "counters" set "value" = "value" + ? where "name" = ? returning "value"',
        [4, 'a'],
      );
      return rows[0].value;
    });
    expect(value).toBe(5);
    expect(direct).toHaveBeenCalledTimes(2);
    expect(await count()).toBe(1);
  });

  it('fails only its own transaction of a group, which others commit beside', async () => {
    const { deps, count } = await open();
    await inTransaction(deps, (tx) => insert(tx.db, 'taken'));
    const outcomes = await Promise.allSettled(
      ['x', 'taken', 'y'].map((name) =>
        inTransaction(deps, async (tx) => {
          await insert(tx.db, `${name}-first`);
          await insert(tx.db, name); // 'taken' violates the primary key
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // 'taken-first' was rolled back with its transaction; the others' two rows each are kept.
    expect(await count()).toBe(5);
  });

  it('refuses a statement on a transaction that has ended instead of running it outside', async () => {
    const { deps, count } = await open();
    let leaked: AppDeps['db'] | undefined;
    await inTransaction(deps, async (tx) => {
      leaked = tx.db;
      await insert(tx.db, 'in');
    });
    if (!leaked) throw new Error('no transaction');
    await expect(insert(leaked, 'after')).rejects.toThrow();
    expect(await count()).toBe(1);
  });
});
