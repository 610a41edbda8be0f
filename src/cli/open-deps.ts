import type { AppDeps } from '../app/app-deps';
import { seedReferenceData } from '../app/bootstrap/seed-reference-data';
import { loadCipher, loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { connectDatabase, type DatabaseHandle, ensureWritableDir } from '../db/connection';
import { migrateToLatest } from '../db/migrate';

/** Opens the database named by --data / DATABASE_URL for a one-shot command, migrated. */
export async function openDeps(flags: {
  data?: string;
}): Promise<{ deps: AppDeps; handle: DatabaseHandle; config: RuntimeConfig }> {
  const config = loadRuntimeConfig(process.env, { data: flags.data });
  ensureWritableDir(config.dataDir);
  const handle = connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    preparedStatements: config.pgPreparedStatements,
  });
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db, new Date());
  } catch (err) {
    await handle.close();
    throw err;
  }
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    cipher: loadCipher(process.env, config.dataDir),
    zone: config.zone,
  };
  return { deps, handle, config };
}
