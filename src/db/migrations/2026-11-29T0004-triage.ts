// Frozen migration once shipped: never edit after release; add a new dated file instead.
// Triage models trained on the enterprise's own closed service requests (naive Bayes, stored as JSON).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('triage_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('trained_by', 'text')
    .addColumn('sample_count', 'integer', (c) => c.notNull())
    .addColumn('holdout_count', 'integer', (c) => c.notNull())
    .addColumn('classes', 'text', (c) => c.notNull())
    .addColumn('tokenizer', 'text', (c) => c.notNull())
    .addColumn('accuracy', 'double precision')
    .addColumn('baseline_accuracy', 'double precision')
    .addColumn('metrics_json', 'text', (c) => c.notNull())
    .addColumn('model_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('triage_models_trained_idx').on('triage_models').column('trained_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('triage_models').execute();
}
