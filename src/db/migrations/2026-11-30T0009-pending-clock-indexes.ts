// Frozen migration once shipped: never edit after release; add a new dated file instead.
// Indexes that stay the size of the open work instead of the whole history (bench/RESULTS.md, "Indexes
// at two million clocks"):
// - the sweeper's warning and escalation scans (sweep-sla-clocks.ts) read "not yet marked, not met, not
//   excluded, time passed"; indexed by (mark, time) they also walked every clock met before its warning —
//   most clocks of a service that keeps its promises — on every sweep. Partial indexes hold pending
//   clocks only; a clock leaves them when it is met, excluded or marked.
// - KPIs and the SLA report select clocks by start time (and complexity plans by deadline): indexed now;
//   the (requirement, period) index served no query.
// - service requests without an outlet or a unit (most requests at intake) need no entries in those
//   indexes; every query of them compares the column with a value, which implies IS NOT NULL.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('sla_clocks_warn_idx').execute();
  await db.schema
    .createIndex('sla_clocks_warn_idx')
    .on('sla_clocks')
    .column('warn_at')
    .where(sql.ref('warned_at'), 'is', null)
    .where(sql.ref('warn_at'), 'is not', null)
    .where(sql.ref('met_at'), 'is', null)
    .where(sql.ref('excluded'), 'is', null)
    .execute();
  await db.schema.dropIndex('sla_clocks_due_idx').execute();
  await db.schema
    .createIndex('sla_clocks_due_idx')
    .on('sla_clocks')
    .column('due_at')
    .where(sql.ref('escalated_at'), 'is', null)
    .where(sql.ref('due_at'), 'is not', null)
    .where(sql.ref('met_at'), 'is', null)
    .where(sql.ref('excluded'), 'is', null)
    .execute();
  await db.schema.dropIndex('sla_clocks_period_idx').execute();
  await db.schema.createIndex('sla_clocks_started_idx').on('sla_clocks').column('started_at').execute();
  await db.schema
    .createIndex('sla_clocks_plan_due_idx')
    .on('sla_clocks')
    .column('due_at')
    .where(sql.ref('name'), '=', 'plan')
    .execute();

  await db.schema.dropIndex('sr_outlet_idx').execute();
  await db.schema
    .createIndex('sr_outlet_idx')
    .on('service_requests')
    .column('outlet_id')
    .where(sql.ref('outlet_id'), 'is not', null)
    .execute();
  await db.schema.dropIndex('sr_unit_idx').execute();
  await db.schema
    .createIndex('sr_unit_idx')
    .on('service_requests')
    .columns(['unit_id', 'status'])
    .where(sql.ref('unit_id'), 'is not', null)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of [
    'sla_clocks_warn_idx',
    'sla_clocks_due_idx',
    'sla_clocks_started_idx',
    'sla_clocks_plan_due_idx',
    'sr_outlet_idx',
    'sr_unit_idx',
  ])
    await db.schema.dropIndex(name).execute();
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
  await db.schema.createIndex('sr_outlet_idx').on('service_requests').column('outlet_id').execute();
  await db.schema.createIndex('sr_unit_idx').on('service_requests').columns(['unit_id', 'status']).execute();
}
