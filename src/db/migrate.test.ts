import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../test/test-databases';
import { migrateDown, migrateToLatest, migrationNames } from './migrate';

const databases = TestDatabases.create();

async function tableNames(h: Awaited<ReturnType<typeof databases.init>>): Promise<string[]> {
  const tables = await h.db.introspection.getTables();
  return tables
    .filter((t) => !h.migrateOptions.schema || t.schema === h.migrateOptions.schema)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

describe.each(databases.eachSupportedId())('migrations on %s', (id) => {
  it('go all the way up, down to nothing, and up again', async () => {
    const h = await databases.init(id, { migrate: false });
    const up = await migrateToLatest(h.db, h.migrateOptions);
    expect(up.results?.map((r) => r.migrationName)).toEqual(migrationNames);
    const tables = await tableNames(h);
    expect(tables).toContain('customers');
    expect(tables).toContain('audit_log');

    for (let i = 0; i < migrationNames.length; i++) await migrateDown(h.db, h.migrateOptions);
    expect(await tableNames(h)).toEqual([]);

    await migrateToLatest(h.db, h.migrateOptions);
    expect(await tableNames(h)).toEqual(tables);
    const head = await h.db.selectFrom('audit_head').selectAll().execute();
    expect(head).toHaveLength(8); // eight audit chains (migration 0008)
  });

  it('is idempotent when already at latest', async () => {
    const h = await databases.init(id);
    const again = await migrateToLatest(h.db, h.migrateOptions);
    expect(again.results).toEqual([]);
  });
});
