// Frozen migration once shipped: never edit after release; add a new dated file instead.
// Intake channels (8.1): hotline call records and agent sessions from the PBX/ACD, live chat
// sessions and messages, and the channel settings the indicators depend on.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('call_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('caller_enc', 'text')
    .addColumn('caller_hash', 'text')
    .addColumn('caller_masked', 'text')
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('queue', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('agent', 'text')
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('in_service_hours', 'integer', (c) => c.notNull())
    .addColumn('wait_ms', 'integer')
    .addColumn('recording_ref', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('call_records_external_uq', ['source', 'external_id'])
    .execute();
  await db.schema.createIndex('call_records_queued_idx').on('call_records').column('queued_at').execute();
  await db.schema.createIndex('call_records_started_idx').on('call_records').column('started_at').execute();
  await db.schema.createIndex('call_records_caller_idx').on('call_records').column('caller_hash').execute();

  await db.schema
    .createTable('agent_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('queue', 'text')
    .addColumn('login_at', 'text', (c) => c.notNull())
    .addColumn('logout_at', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('agent_sessions_external_uq', ['source', 'external_id'])
    .execute();
  await db.schema
    .createIndex('agent_sessions_login_idx')
    .on('agent_sessions')
    .columns(['login_at', 'logout_at'])
    .execute();

  await db.schema
    .createTable('chat_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('first_reply_at', 'text')
    .addColumn('first_reply_ms', 'integer')
    .addColumn('first_bot_reply_at', 'text')
    .addColumn('human_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_by_bot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agent_id', 'text')
    .addColumn('agent_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('service_request_id', 'text', (c) => c.references('service_requests.id'))
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('chat_sessions_status_idx')
    .on('chat_sessions')
    .columns(['status', 'started_at'])
    .execute();
  await db.schema
    .createIndex('chat_sessions_customer_idx')
    .on('chat_sessions')
    .column('customer_id')
    .execute();
  await db.schema.createIndex('chat_sessions_started_idx').on('chat_sessions').column('started_at').execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('chat_sessions.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('chat_messages_seq_uq', ['session_id', 'seq'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('channel_settings').ifExists().execute();
  await db.schema.dropTable('chat_messages').ifExists().execute();
  await db.schema.dropTable('chat_sessions').ifExists().execute();
  await db.schema.dropTable('agent_sessions').ifExists().execute();
  await db.schema.dropTable('call_records').ifExists().execute();
}
