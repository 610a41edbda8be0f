import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as foundation from './migrations/2026-11-29T0001-foundation';
import * as serviceRequests from './migrations/2026-11-29T0002-service-requests';
import * as channels from './migrations/2026-11-29T0003-channels';
import * as triage from './migrations/2026-11-29T0004-triage';
import * as attachments from './migrations/2026-11-29T0005-attachments';
import * as intakeDetails from './migrations/2026-11-29T0006-intake-details';
import * as anonymisation from './migrations/2026-11-29T0007-anonymisation';
import * as auditChains from './migrations/2026-11-29T0008-audit-chains';
import * as pendingClockIndexes from './migrations/2026-11-30T0009-pending-clock-indexes';

// Static list instead of a folder scan: works the same from source, bundles and tests.
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
type AnyKysely = Kysely<any>;

const migrations: Record<string, Migration> = {
  '2026-11-29T0001-foundation': foundation,
  '2026-11-29T0002-service-requests': serviceRequests,
  '2026-11-29T0003-channels': channels,
  '2026-11-29T0004-triage': triage,
  '2026-11-29T0005-attachments': attachments,
  '2026-11-29T0006-intake-details': intakeDetails,
  '2026-11-29T0007-anonymisation': anonymisation,
  '2026-11-29T0008-audit-chains': auditChains,
  '2026-11-30T0009-pending-clock-indexes': pendingClockIndexes,
};

function migrator(db: AnyKysely, opts: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: opts.schema,
  });
}

export interface MigrateOptions {
  /** PostgreSQL schema that holds Kysely's bookkeeping tables when not the default (tests use one per database). */
  schema?: string;
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) throw result.error;
  return result;
}

export async function migrateToLatest(db: AnyKysely, opts: MigrateOptions = {}): Promise<MigrationResultSet> {
  return check(await migrator(db, opts).migrateToLatest());
}

/** Up (or down) to the named migration, inclusive: benchmarks compare a schema before and after one. */
export async function migrateTo(
  db: AnyKysely,
  name: string,
  opts: MigrateOptions = {},
): Promise<MigrationResultSet> {
  if (!(name in migrations)) throw new Error(`unknown migration ${name}`);
  return check(await migrator(db, opts).migrateTo(name));
}

export async function migrateDown(db: AnyKysely, opts: MigrateOptions = {}): Promise<MigrationResultSet> {
  return check(await migrator(db, opts).migrateDown());
}

export const migrationNames = Object.keys(migrations);
