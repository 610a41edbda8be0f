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

  it('refuses to undo the audit chains once records use several', async () => {
    const h = await databases.init(id);
    const record = {
      seq: 1,
      at: '2026-11-29T10:00:00.000Z',
      actor_id: null,
      actor_name: 'system',
      action: 'test',
      entity: 'test',
      entity_id: null,
      ip: null,
      request_id: null,
      before_json: null,
      after_json: null,
      prev_hash: '0'.repeat(64),
      hash: 'x',
      chain: 2,
      chain_seq: 1,
    };
    await h.db.insertInto('audit_log').values(record).execute();
    // Undo any later migrations first, down to the audit chains.
    const chains = migrationNames.indexOf('2026-11-29T0008-audit-chains');
    for (let k = migrationNames.length - 1; k > chains; k--) await migrateDown(h.db, h.migrateOptions);
    await expect(migrateDown(h.db, h.migrateOptions)).rejects.toThrow(/cannot be undone/);
    await h.db.deleteFrom('audit_log').execute();
    const down = await migrateDown(h.db, h.migrateOptions);
    expect(down.results?.map((r) => r.migrationName)).toEqual(['2026-11-29T0008-audit-chains']);
  });

  it('is idempotent when already at latest', async () => {
    const h = await databases.init(id);
    const again = await migrateToLatest(h.db, h.migrateOptions);
    expect(again.results).toEqual([]);
  });
});
