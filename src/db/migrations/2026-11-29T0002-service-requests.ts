// Frozen migration: business calendars, SLA policies, service requests with their event log, complaints,
// and the SLA clock facts that warnings, escalations and indicators read.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('match_json', 'text', (c) => c.notNull())
    .addColumn('clocks_json', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('outlet_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('type_source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('triage_json', 'text')
    .addColumn('policy_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('arranged_at', 'text')
    .addColumn('appointment_agreed_at', 'text')
    .addColumn('appointment_at', 'text')
    .addColumn('arrived_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('first_contact', 'integer')
    .addColumn('completed_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_json', 'text', (c) => c.notNull())
    .addColumn('next_due_at', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sr_customer_idx').on('service_requests').column('customer_id').execute();
  await db.schema.createIndex('sr_unit_idx').on('service_requests').columns(['unit_id', 'status']).execute();
  await db.schema
    .createIndex('sr_status_due_idx')
    .on('service_requests')
    .columns(['status', 'next_due_at'])
    .execute();
  await db.schema.createIndex('sr_outlet_idx').on('service_requests').column('outlet_id').execute();
  await db.schema.createIndex('sr_received_idx').on('service_requests').column('received_at').execute();

  await db.schema
    .createTable('request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text')
    .addUniqueConstraint('request_events_seq_uq', ['subject_kind', 'subject_id', 'seq'])
    .execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('service_request_id', 'text', (c) => c.references('service_requests.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('complex', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complex_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('plan_proposed_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('sla_json', 'text', (c) => c.notNull())
    .addColumn('next_due_at', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_customer_idx').on('complaints').column('customer_id').execute();

  // One row per clock of a record: read by the sweeper (warnings, escalations) and by the indicators.
  await db.schema
    .createTable('sla_clocks')
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('outlet_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('warn_at', 'text')
    .addColumn('met_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('target_ms', 'bigint', (c) => c.notNull())
    .addColumn('used_ms', 'bigint', (c) => c.notNull())
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('pausable', 'integer', (c) => c.notNull())
    .addColumn('excluded', 'text')
    .addColumn('requirement', 'text')
    .addColumn('warned_at', 'text')
    .addColumn('escalated_at', 'text')
    .addPrimaryKeyConstraint('sla_clocks_pk', ['subject_kind', 'subject_id', 'name'])
    .execute();
  await db.schema
    .createIndex('sla_clocks_warn_idx')
    .on('sla_clocks')
    .columns(['warned_at', 'warn_at'])
    .execute();
  await db.schema
    .createIndex('sla_clocks_due_idx')
    .on('sla_clocks')
    .columns(['escalated_at', 'due_at'])
    .execute();
  await db.schema
    .createIndex('sla_clocks_period_idx')
    .on('sla_clocks')
    .columns(['requirement', 'period'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'sla_clocks',
    'complaints',
    'request_events',
    'service_requests',
    'sla_policies',
    'calendars',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
