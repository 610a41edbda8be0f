import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../test/test-databases';
import { inTransaction } from '../app/app-deps';
import { preparedPostgresPool, preparePostgresText } from './prepared-postgres-pool';
import { runSql } from './run-sql';

const databases = TestDatabases.create();

function fakePool(failNamed?: { code: string }) {
  const calls: unknown[] = [];
  const client = {
    query: async (q: unknown, values?: unknown[]) => {
      calls.push(values === undefined ? q : [q, values]);
      if (failNamed && typeof q === 'object') throw failNamed;
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

  it('never prepares a select of `*`, whose result type a new column would change', async () => {
    const { pool, calls } = fakePool();
    const client = await preparedPostgresPool(pool).connect();
    preparePostgresText('select "users".* from "users" where "id" = $1');
    await client.query('select "users".* from "users" where "id" = $1', ['u1']);
    expect(calls).toEqual([['select "users".* from "users" where "id" = $1', ['u1']]]);
  });

  it('runs a text unprepared from then on once the schema changed under its prepared form (0A000)', async () => {
    const { pool, calls } = fakePool({ code: '0A000' });
    const client = await preparedPostgresPool(pool).connect();
    const text = 'select "a" from "t" where "id" = $1';
    preparePostgresText(text);
    await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
    preparePostgresText(text); // runSql marks it again on every call
    await client.query(text, [2]);
    expect(calls.at(-1)).toEqual([text, [2]]);
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
