// Frozen migration once shipped: never edit after release; add a new dated file instead.
// PIPL anonymisation on request (DESIGN "Personal data"): when a customer was anonymised, so that the
// step is recognised without trusting the name, and new personal data is refused afterwards.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('customers').addColumn('anonymised_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('anonymised_at').execute();
}
