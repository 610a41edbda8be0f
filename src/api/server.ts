import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app/app-deps';
import { seedReferenceData } from '../app/bootstrap/seed-reference-data';
import { configureChatBus } from '../app/channels/chat-bus';
import { ensureAdmin } from '../app/identity/ensure-admin';
import { UseCaseThread } from '../app/shared/use-case-thread';
import { loadCipher, loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { connectDatabase, type DatabaseHandle, ensureWritableDir, isPostgresUrl } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { SqliteWriteGate } from '../db/sqlite-write-gate';
import { startWorker, type WorkerHandle } from '../jobs/worker';
import { buildApp } from './build-app';

export interface StartServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  host?: string;
  adminPassword?: string;
  logger?: boolean;
  webDir?: string | null;
  /** Start the background worker in this process (default true). */
  worker?: boolean;
  env?: NodeJS.ProcessEnv;
  onAdminCreated?: (info: { password?: string; generated: boolean }) => void;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  deps: AppDeps;
  database: DatabaseHandle;
  config: RuntimeConfig;
  close(): Promise<void>;
}

/** Connects, migrates an empty or old database, bootstraps the admin, listens, and starts the worker. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const config = loadRuntimeConfig(env, { data: opts.dataDir, port: opts.port, host: opts.host });
  if (opts.databaseUrl) config.databaseUrl = opts.databaseUrl;
  if (opts.adminPassword) config.adminPassword = opts.adminPassword;
  ensureWritableDir(config.dataDir);
  // SQLite: request intake runs on a second event loop, which writes through a connection of its own.
  const gate =
    config.sqliteUseCaseThread && !isPostgresUrl(config.databaseUrl)
      ? new SqliteWriteGate('loop')
      : undefined;
  const handle = connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    preparedStatements: config.pgPreparedStatements,
    backgroundCheckpoint: true,
    writeGate: gate,
  });
  let app: FastifyInstance | undefined;
  let worker: WorkerHandle | undefined;
  let useCaseThread: UseCaseThread | undefined;
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db, new Date());
    const deps: AppDeps = {
      db: handle.db,
      dialect: handle.dialect,
      cipher: loadCipher(env, config.dataDir),
      zone: config.zone,
    };
    if (gate) {
      useCaseThread =
        (await UseCaseThread.start({ dataDir: config.dataDir, env, zone: config.zone, gate })) ?? undefined;
      deps.useCaseThread = useCaseThread;
    }
    // Live chat fans out through LISTEN/NOTIFY on PostgreSQL (several API instances).
    configureChatBus(handle.db, { listenUrl: config.databaseUrl });
    const admin = await ensureAdmin(deps, new Date(), config.adminPassword);
    if (admin.created) opts.onAdminCreated?.(admin);
    app = await buildApp({
      deps,
      logger: opts.logger === false ? false : { level: config.logLevel },
      webDir: opts.webDir,
      trustProxy: config.trustProxy,
    });
    await app.listen({ port: config.port, host: config.host });
    if (opts.worker ?? config.inProcessWorker) worker = startWorker(deps, { log: app.log });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const running = app;
    return {
      url: `http://${host}:${port}`,
      app: running,
      deps,
      database: handle,
      config,
      async close() {
        await worker?.stop();
        await running.close(); // finishes in-flight requests first
        await useCaseThread?.stop();
        await handle.close();
      },
    };
  } catch (err) {
    await worker?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await useCaseThread?.stop().catch(() => {});
    await handle.close().catch(() => {});
    throw err;
  }
}
