import fs from 'node:fs';
import path from 'node:path';
import { FieldCipher, generateDataKeySpec, parseDataKeys } from '../app/security/field-cipher';
import { isPostgresUrl } from '../db/connection';

/** Everything the process reads from its environment and flags; documented in the README. */
export interface RuntimeConfig {
  dataDir: string;
  databaseUrl?: string;
  host: string;
  port: number;
  zone: string;
  adminPassword?: string;
  logLevel: string;
  trustProxy: boolean;
  /** Run the background jobs inside `serve` (default) or leave them to `aftercare worker`. */
  inProcessWorker: boolean;
  mqttUrl?: string;
  /** PostgreSQL: run the hot path's fixed SQL as named prepared statements (off behind PgBouncer < 1.21). */
  pgPreparedStatements: boolean;
  /** SQLite servers: request intake on a second event loop (AFTERCARE_SQLITE_USE_CASE_THREAD). */
  sqliteUseCaseThread: boolean;
}

export interface ConfigOverrides {
  data?: string;
  port?: number | string;
  host?: string;
}

export function loadRuntimeConfig(env: NodeJS.ProcessEnv, flags: ConfigOverrides = {}): RuntimeConfig {
  const port = Number(flags.port ?? env.PORT ?? 3000);
  return {
    dataDir: path.resolve(flags.data ?? env.AFTERCARE_DATA_DIR ?? 'data'),
    databaseUrl: isPostgresUrl(env.DATABASE_URL) ? env.DATABASE_URL : undefined,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port,
    zone: env.AFTERCARE_TIMEZONE ?? 'Asia/Shanghai',
    adminPassword: env.AFTERCARE_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.AFTERCARE_TRUST_PROXY === '1' || env.AFTERCARE_TRUST_PROXY === 'true',
    inProcessWorker: env.AFTERCARE_WORKER !== 'off',
    mqttUrl: env.MQTT_URL || undefined,
    pgPreparedStatements: env.AFTERCARE_PG_PREPARED_STATEMENTS !== 'off',
    sqliteUseCaseThread: env.AFTERCARE_SQLITE_USE_CASE_THREAD !== 'off',
  };
}

/**
 * The data-encryption key ring: `AFTERCARE_DATA_KEYS` when set (required for several hosts), otherwise a
 * key file in the data directory, created with mode 0600 on first start.
 */
export function loadCipher(env: NodeJS.ProcessEnv, dataDir: string): FieldCipher {
  // The blind index (phone lookups) must outlive key rotation: pin it with AFTERCARE_INDEX_KEY before
  // retiring the oldest data key.
  const indexKey = env.AFTERCARE_INDEX_KEY ? Buffer.from(env.AFTERCARE_INDEX_KEY, 'base64') : undefined;
  if (env.AFTERCARE_DATA_KEYS) return new FieldCipher(parseDataKeys(env.AFTERCARE_DATA_KEYS), indexKey);
  const file = path.join(dataDir, 'data-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${generateDataKeySpec('k1')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return new FieldCipher(parseDataKeys(fs.readFileSync(file, 'utf8').trim()), indexKey);
}
