import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { GroupCommitSqliteDialect, type GroupCommitSqliteDriver } from './group-commit-sqlite-dialect';
import { preparedPostgresPool } from './prepared-postgres-pool';
import { registerSqliteDriver } from './run-sql';
import type { Database } from './schema';
import type { SqliteWriteGate } from './sqlite-write-gate';
import { WalCheckpointer } from './wal-checkpointer';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human description without credentials, safe to log. */
  description: string;
  /** SQLite only: the group-commit driver (its stats; benchmarks time its statements). */
  sqliteDriver?: GroupCommitSqliteDriver;
  /** SQLite with `backgroundCheckpoint`: the thread that copies the WAL into the database file. */
  walCheckpointer?: WalCheckpointer;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite under dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL: named prepared statements for the hot path's fixed SQL (default on; see README). */
  preparedStatements?: boolean;
  /**
   * SQLite: copy the WAL into the database file from a thread of its own instead of inside the commit
   * that crosses the threshold (long-running servers; one-shot CLI commands keep SQLite's default).
   */
  backgroundCheckpoint?: boolean;
  /**
   * SQLite: the gate through which `db` takes turns with the other connection of this process that writes
   * (the use-case thread's; see SqliteWriteGate).
   */
  writeGate?: SqliteWriteGate;
  /** SQLite: transactions per group commit at most (default: all that arrive together). */
  maxBatchSize?: number;
  /**
   * SQLite: each grouped transaction in a savepoint of its own (default). Without, a transaction that
   * fails after writing rolls back its whole batch, and the others learn it by GroupCommitBatchRolledBack
   * (nothing of theirs applied): only for callers that run their transactions again on that error, as
   * the use-case thread does (see GroupCommitSqliteDialect).
   */
  savepoints?: boolean;
  /** SQLite: wal_autocheckpoint of this connection (pages) when another connection runs the checkpoints. */
  walAutocheckpointPages?: number;
}

// PostgreSQL returns int8/numeric as strings by default; our counts and money (fen) fit in JS numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function connectDatabase(opts: ConnectOptions): DatabaseHandle {
  if (isPostgresUrl(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client error must not crash the process; the pool replaces the client.
    pool.on('error', () => {});
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: opts.preparedStatements === false ? pool : preparedPostgresPool(pool),
      }),
    });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      description: `postgres://${u.host}${u.pathname}`,
      close: () => db.destroy(),
    };
  }
  const dataDir = path.resolve(opts.dataDir ?? 'data');
  ensureWritableDir(dataDir);
  const file = path.join(dataDir, 'aftercare.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536'); // 64 MiB of page cache (allocated as used)
  // Each grouped transaction runs in a savepoint, whose sub-journal would otherwise be a temporary file:
  // in memory it cut a request create's statement time by a quarter (bench/RESULTS.md).
  sqlite.pragma('temp_store = MEMORY');
  // One writer, transactions batched into shared commits (see GroupCommitSqliteDialect).
  const dialect = new GroupCommitSqliteDialect(sqlite, {
    maxBatchSize: opts.maxBatchSize,
    savepoints: opts.savepoints,
  });
  const db = new Kysely<Database>({ dialect });
  registerSqliteDriver(db, dialect.driver);
  if (opts.walAutocheckpointPages) sqlite.pragma(`wal_autocheckpoint = ${opts.walAutocheckpointPages}`);
  const walCheckpointer = opts.backgroundCheckpoint ? new WalCheckpointer(sqlite) : undefined;
  if (opts.writeGate) dialect.driver.takeTurnsThrough(opts.writeGate);
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    sqliteDriver: dialect.driver,
    walCheckpointer,
    close: async () => {
      await walCheckpointer?.stop();
      await db.destroy();
    },
  };
}

export class DataDirError extends Error {}

export function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new DataDirError(`数据目录不可写 / data directory is not writable: ${dir} (${reason})`);
  }
}
