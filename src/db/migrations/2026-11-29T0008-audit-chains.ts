// Frozen migration once shipped: never edit after release; add a new dated file instead.
// Audit chains: on PostgreSQL every audited transaction held the one chain head from its audit insert to
// its COMMIT, so audited writes of every API instance queued behind one another's WAL flush (≈ 300/s on
// node-svc). Eight chains let eight commit at once. A record's position in its chain (`chain_seq`) is
// stored only when it differs from its global `seq` (SQLite, and records written before this migration,
// stay on chain 1 with chain_seq NULL — unchanged rows, unchanged hashes). Every instance must be stopped
// while it runs: an older instance would number records from head 1 while newer ones draw from audit_seq.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

const CHAINS = 8;
const GENESIS = '0'.repeat(64);

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('chain', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('audit_log').addColumn('chain_seq', 'bigint').execute();
  await db
    .insertInto('audit_head')
    .values(Array.from({ length: CHAINS - 1 }, (_, i) => ({ id: i + 2, seq: 0, hash: GENESIS })))
    .execute();
  if (isPostgres(db)) {
    // Global order of records across chains; taken while the chain head is locked (see appendAudit).
    await sql`create sequence audit_seq`.execute(db);
    await sql`select setval('audit_seq', greatest((select max(seq) from audit_log), 1), (select max(seq) from audit_log) is not null)`.execute(
      db,
    );
  }
}

export async function down(db: AnyDb): Promise<void> {
  // Records off chain 1 cannot go back to one chain: head 1 would number new records over existing ones.
  const spread = await db
    .selectFrom('audit_log')
    .select('seq')
    .where((eb) => eb.or([eb('chain', '<>', 1), eb('chain_seq', 'is not', null)]))
    .limit(1)
    .executeTakeFirst();
  if (spread)
    throw new Error(
      `audit records from ${spread.seq} on use several chains; migration 2026-11-29T0008 cannot be undone`,
    );
  if (isPostgres(db)) await sql`drop sequence if exists audit_seq`.execute(db);
  await db.deleteFrom('audit_head').where('id', '>', 1).execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_seq').execute();
  await db.schema.alterTable('audit_log').dropColumn('chain').execute();
}
