// Frozen migration once shipped: never edit after release; add a new dated file instead.
// Attachments (photos of a fault, later signed reports) stored in the database so that every API instance
// serves them; `bytea` is a BLOB-compatible type name on SQLite too. Users get a team for SLA reports;
// customers an encrypted resident ID number.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_user_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('subject_kind', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_subject_idx')
    .on('attachments')
    .columns(['subject_kind', 'subject_id'])
    .execute();
  await db.schema.alterTable('users').addColumn('team', 'text').execute();
  // Resident ID number (PIPL sensitive): encrypted, with a masked copy for display.
  await db.schema.alterTable('customers').addColumn('id_number_enc', 'text').execute();
  await db.schema.alterTable('customers').addColumn('id_number_masked', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('id_number_masked').execute();
  await db.schema.alterTable('customers').dropColumn('id_number_enc').execute();
  await db.schema.alterTable('users').dropColumn('team').execute();
  await db.schema.dropTable('attachments').execute();
}
