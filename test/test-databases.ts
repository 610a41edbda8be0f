// Every repository and use-case test runs on each database this machine has (Backstage's TestDatabases
// is the model): SQLite always, PostgreSQL when AFTERCARE_TEST_PG_URL is set. PostgreSQL gets one new
// database per test file, dropped afterwards, and one schema per `init` call inside it.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { AppDeps } from '../src/app/app-deps';
import { seedReferenceData } from '../src/app/bootstrap/seed-reference-data';
import { FieldCipher } from '../src/app/security/field-cipher';
import { connectDatabase, type DatabaseHandle, type DialectName } from '../src/db/connection';
import { type MigrateOptions, migrateToLatest } from '../src/db/migrate';
import { preparedPostgresPool } from '../src/db/prepared-postgres-pool';
import type { Database } from '../src/db/schema';

export type TestDatabaseId = DialectName;

export interface TestDatabase extends DatabaseHandle {
  id: TestDatabaseId;
  /** Connection URL of this test database (PostgreSQL) or its data dir (SQLite). */
  databaseUrl?: string;
  dataDir?: string;
  /** Options to pass to migrateToLatest/migrateDown for this database. */
  migrateOptions: MigrateOptions;
}

const TEST_KEY = crypto.createHash('sha256').update('aftercare-test-key').digest();
export const testCipher = new FieldCipher([{ id: 't1', key: TEST_KEY }]);
export const testDataKeySpec = `t1:${TEST_KEY.toString('base64')}`;

export class TestDatabases {
  private pgAdminUrl = process.env.AFTERCARE_TEST_PG_URL;
  private pgDbName: string | undefined;
  private pgReady: Promise<string> | undefined;
  private handles: TestDatabase[] = [];
  private tempDirs: string[] = [];

  static create(): TestDatabases {
    const t = new TestDatabases();
    afterAll(() => t.shutdown(), 60_000);
    return t;
  }

  eachSupportedId(): TestDatabaseId[] {
    return this.pgAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  }

  /** A fresh, migrated database. */
  async init(id: TestDatabaseId, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
    const handle = id === 'postgres' ? await this.initPostgres() : this.initSqlite();
    this.handles.push(handle);
    if (opts.migrate !== false) await migrateToLatest(handle.db, handle.migrateOptions);
    return handle;
  }

  /** A fresh database wrapped as the use cases' dependencies. */
  async deps(id: TestDatabaseId): Promise<AppDeps & { handle: TestDatabase }> {
    const handle = await this.init(id);
    await seedReferenceData(handle.db, new Date('2026-01-01T00:00:00Z'));
    return { db: handle.db, dialect: handle.dialect, cipher: testCipher, zone: 'Asia/Shanghai', handle };
  }

  private initSqlite(): TestDatabase {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-test-'));
    this.tempDirs.push(dir);
    return { ...connectDatabase({ dataDir: dir }), id: 'sqlite', dataDir: dir, migrateOptions: {} };
  }

  private async initPostgres(): Promise<TestDatabase> {
    const dbUrl = await this.ensurePgDatabase();
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(dbUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
    pool.on('error', () => {});
    // The production pool wrapper, so that the hot path's prepared statements are tested too.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPostgresPool(pool) }) });
    return {
      id: 'postgres',
      db,
      dialect: 'postgres',
      description: `postgres test schema ${schema}`,
      databaseUrl: url.toString(),
      migrateOptions: { schema },
      close: () => db.destroy(),
    };
  }

  private ensurePgDatabase(): Promise<string> {
    this.pgReady ??= (async () => {
      const name = `aftercare_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: this.pgAdminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      this.pgDbName = name;
      const u = new URL(this.pgAdminUrl as string);
      u.pathname = `/${name}`;
      return u.toString();
    })();
    return this.pgReady;
  }

  private async shutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.close().catch(() => {})));
    this.handles = [];
    if (this.pgDbName) {
      const admin = new pg.Client({ connectionString: this.pgAdminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${this.pgDbName} with (force)`);
      await admin.end();
    }
    for (const d of this.tempDirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

export { sql };
