import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { ensureDefaultCalendars } from '../sla/calendar-store';
import { ensureDefaultPolicies } from '../sla/policy-store';

/** Reference data every deployment starts with (editable afterwards): calendars and SLA policies. */
export async function seedReferenceData(db: Kysely<Database>, now: Date): Promise<void> {
  await ensureDefaultCalendars(db, now);
  await ensureDefaultPolicies(db, now);
}
