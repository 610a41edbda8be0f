import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../test/test-databases';
import { inTransaction } from '../app/app-deps';
import { preparedPostgresPool, preparePostgresText } from './prepared-postgres-pool';
import { runSql } from './run-sql';

const databases = TestDatabases.create();

function fakePool() {
  const calls: unknown[] = [];
  const client = {
    query: async (q: unknown, values?: unknown[]) => {
      calls.push(values === undefined ? q : [q, values]);
      return { rows: [], rowCount: 0, command: 'SELECT' };
    },
    release: () => {},
  };
  return { pool: { connect: async () => client, end: async () => {} } as unknown as pg.Pool, calls };
}

describe('preparedPostgresPool', () => {
  it('runs marked texts as named prepared statements and every other text as it is', async () => {
    const { pool, calls } = fakePool();
    const client = await preparedPostgresPool(pool).connect();
    preparePostgresText('select $1::int as "n"');
    await client.query('select $1::int as "n"', [1]);
    await client.query('select $1::int as "n"', [2]);
    await client.query('select $1::text as "t"', ['x']);
    const [first, second, plain] = calls as [
      { name: string; text: string; values: unknown[] },
      { name: string; text: string; values: unknown[] },
      [string, unknown[]],
    ];
    expect(first).toMatchObject({ text: 'select $1::int as "n"', values: [1] });
    expect(first.name).toMatch(/^ac_[0-9a-f]{24}$/);
    expect(second).toEqual({ ...first, values: [2] });
    expect(plain).toEqual(['select $1::text as "t"', ['x']]);
  });
});

describe.each(databases.eachSupportedId())('runSql prepared statements on %s', (id) => {
  it('returns the same results, prepared once per connection on PostgreSQL', async () => {
    const deps = await databases.deps(id);
    const texts = await inTransaction(deps, async (tx) => {
      for (const n of [1, 2, 3]) {
        const { rows } = await runSql<{ n: number }>(
          tx.db,
          tx.dialect,
          'select "value" + ? as "n" from "counters" where "name" = ? union all select ? as "n"',
          [n, 'none', n * 10],
        );
        expect(rows.map((r) => Number(r.n))).toEqual([n * 10]);
      }
      if (tx.dialect !== 'postgres') return [];
      const { rows } = await runSql<{ statement: string }>(
        tx.db,
        tx.dialect,
        'select "statement" from pg_prepared_statements where "statement" like ? and "name" like ?',
        ['%union all%', 'ac\\_%'],
      );
      return rows.map((r) => r.statement);
    });
    if (id === 'postgres') expect(texts).toHaveLength(1);
  });
});
