import { type RunningServer, startServer } from '../src/api/server';

/** The admin password of every benchmark server. */
export const BENCH_ADMIN_PASSWORD = 'Bench-Passw0rd!';

/**
 * An Aftercare server for a benchmark: data in `dataDir`, PostgreSQL when `databaseUrl` is given (else the
 * embedded SQLite), on a free port, without logging, background worker or console.
 */
export function startBenchServer(dataDir: string, databaseUrl?: string): Promise<RunningServer> {
  return startServer({
    dataDir,
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    adminPassword: BENCH_ADMIN_PASSWORD,
    logger: false,
    worker: false,
    webDir: null,
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '' },
  });
}
