// Frozen migration once shipped: never edit after release; add a new dated file instead.
// P-8.1-INTAKE-RECORD: where the service is needed, who to contact, the symptoms, and the product's warranty
// status on the day the request was received (it decides 三包 and charges later).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema (frozen in time)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('service_requests').addColumn('address_id', 'text').execute();
  await db.schema.alterTable('service_requests').addColumn('contact_name', 'text').execute();
  await db.schema.alterTable('service_requests').addColumn('contact_phone_enc', 'text').execute();
  await db.schema.alterTable('service_requests').addColumn('contact_phone_masked', 'text').execute();
  await db.schema.alterTable('service_requests').addColumn('symptoms_json', 'text').execute();
  await db.schema.alterTable('service_requests').addColumn('warranty_json', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const c of [
    'warranty_json',
    'symptoms_json',
    'contact_phone_masked',
    'contact_phone_enc',
    'contact_name',
    'address_id',
  ]) {
    await db.schema.alterTable('service_requests').dropColumn(c).execute();
  }
}
