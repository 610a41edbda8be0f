import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely';
import type { SqliteWriteGate } from './sqlite-write-gate';

/**
 * SQLite with group commit.
 *
 * A commit is the expensive part of a small write transaction on SQLite (the WAL pages are written at
 * COMMIT), and SQLite has one writer anyway. So transactions that arrive together share one database
 * transaction: each runs alone, in turn, inside its own SAVEPOINT (a failure rolls back only its own
 * work; but see `savepoints: false` below), and one COMMIT ends the batch once every transaction that was
 * waiting for its turn has run.
 * A transaction's caller resumes only after that COMMIT, so nothing is acknowledged before it is
 * written. The batch closes by itself when the queue drains — no timer, no added latency when idle.
 *
 * Savepoints have a price: SQLite copies every page a transaction first touches into the savepoint's
 * journal (≈ 40 pages for a request create, ≈ 12 % of its time in the use-case thread; bench/RESULTS.md).
 * With `savepoints: false` a transaction runs without one: when it fails before writing, nothing needs
 * undoing; when it fails after, the whole batch rolls back and the transactions that had finished in it are
 * told by GroupCommitBatchRolledBack — nothing of theirs was applied, so their callers run them again.
 *
 * Reads outside a transaction take their turn like everything else, so they never see the work of a
 * transaction that is still running; they can see work of a finished transaction whose batch commit is a
 * few hundred microseconds away (it is lost only if that COMMIT fails, e.g. the disk is full, or, without
 * savepoints, when a later transaction of the batch fails after writing).
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly driver: GroupCommitSqliteDriver;

  constructor(
    database: SQLite.Database,
    options: {
      statementCacheSize?: number;
      maxBatchAgeMs?: number;
      maxBatchSize?: number;
      savepoints?: boolean;
    } = {},
  ) {
    super({ database });
    this.driver = new GroupCommitSqliteDriver(
      database,
      options.statementCacheSize ?? 500,
      options.maxBatchAgeMs ?? 8,
      options.maxBatchSize ?? Number.POSITIVE_INFINITY,
      options.savepoints ?? true,
    );
  }

  override createDriver(): Driver {
    return this.driver;
  }
}

export interface GroupCommitStats {
  /** Transactions committed (finished, and their batch committed). */
  transactions: number;
  /** Batches committed: one COMMIT each. */
  commits: number;
  /** Largest number of transactions in one batch. */
  largestBatch: number;
}

interface Batch {
  openedAt: number;
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

type TxState = 'none' | 'open' | 'released' | 'rolled-back' | 'lost';

/** FIFO turn: one holder at a time; unlock hands the turn straight to the next waiter. */
class Turn {
  private held = false;
  private readonly queue: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  unlock(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

const SAVEPOINT = 'aftercare_tx';

export class GroupCommitBatchLostError extends Error {
  constructor(readonly reason: unknown) {
    super(
      `the group-commit batch was rolled back: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }
}

/**
 * A transaction of a batch without savepoints was rolled back with the whole batch because another one
 * failed after writing: none of its work was applied, and running it again is safe.
 */
export class GroupCommitBatchRolledBack extends Error {
  constructor(readonly reason: unknown) {
    super(
      `rolled back with its batch, not applied (another transaction failed): ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }
}

export class GroupCommitConnection implements DatabaseConnection {
  holdsTurn = true;
  tx: TxState = 'none';
  /** Whether the open transaction ran a statement that writes (batches without savepoints). */
  wrote = false;
  /** Set when a write outside a transaction joined an open batch: released after its COMMIT. */
  pendingCommit: Promise<void> | null = null;

  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      if (this.tx === 'none' && this.driver.mustOpenBatchFor(compiledQuery.sql))
        return this.driver.runInNewBatch<R>(this, compiledQuery);
      return Promise.resolve(this.driver.run<R>(this, compiledQuery));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query))
      throw new Error('SQLite driver only supports streaming of select queries');
    try {
      const stmt = this.driver.prepare(compiledQuery.sql);
      for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
    } catch (err) {
      this.driver.checkBatchAlive(this, err);
      throw err;
    }
  }
}

export class GroupCommitSqliteDriver implements Driver {
  private readonly turn = new Turn();
  private batch: Batch | null = null;
  private flushScheduled = false;
  private openTx: GroupCommitConnection | null = null;
  /** Shared with a writer thread of this process (see SqliteWriteGate); held while a batch is open. */
  private gate: SqliteWriteGate | null = null;
  private gateHeld = false;
  private readonly statements = new Map<string, SQLite.Statement>();
  readonly stats: GroupCommitStats = { transactions: 0, commits: 0, largestBatch: 0 };

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly statementCacheSize: number,
    private readonly maxBatchAgeMs: number,
    /** Transactions per COMMIT at most: fewer makes callers wait less for the transactions after theirs. */
    private readonly maxBatchSize: number,
    /** One savepoint per transaction; without, a failure after a write rolls back the batch. */
    private readonly savepoints: boolean,
  ) {}

  async init(): Promise<void> {}

  /** From now on every batch first takes `gate` (a writer thread of this process writes too). */
  takeTurnsThrough(gate: SqliteWriteGate): void {
    this.gate = gate;
  }

  /**
   * With a write gate, a write outside a transaction while no batch is open must not take SQLite's lock
   * by itself (its busy handler would sleep the event loop while the writer thread commits): it opens a
   * batch, gate first, and commits with it.
   */
  mustOpenBatchFor(sql: string): boolean {
    return this.gate !== null && this.batch === null && !this.prepare(sql).readonly;
  }

  async runInNewBatch<R>(conn: GroupCommitConnection, compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.batch) await this.openBatch();
    return this.run<R>(conn, compiled);
  }

  private async openBatch(): Promise<void> {
    if (this.gate && !this.gateHeld) {
      await this.gate.acquire();
      this.gateHeld = true;
    }
    try {
      this.exec('begin immediate');
    } catch (err) {
      this.releaseGate();
      throw err;
    }
    this.batch = { openedAt: performance.now(), waiters: [] };
    // Even if every transaction of the batch rolls back, the batch must end: an open BEGIN IMMEDIATE
    // would hold the write lock against other processes (worker, CLI) while this one is idle.
    this.scheduleFlush();
  }

  private releaseGate(): void {
    if (!this.gateHeld) return;
    this.gateHeld = false;
    this.gate?.release();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.turn.lock();
    // The batch normally commits after the current I/O callbacks; a caller that loops on queries
    // without ever yielding to the event loop (CLI walks, polling loops) must not starve it.
    if (
      this.batch &&
      (this.batch.waiters.length >= this.maxBatchSize ||
        performance.now() - this.batch.openedAt > this.maxBatchAgeMs)
    )
      this.commitBatch();
    return new GroupCommitConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GroupCommitConnection;
    // IMMEDIATE: take the write lock up front so another process's writer makes us wait (busy_timeout)
    // instead of failing when a read would later turn into a write.
    // SQLite may have ended the batch's transaction by itself (an error on a path that did not notice).
    if (this.batch && !this.sqlite.inTransaction) this.loseBatch(new Error('transaction ended by SQLite'));
    if (!this.batch) await this.openBatch();
    if (this.savepoints) this.exec(`savepoint ${SAVEPOINT}`);
    conn.tx = 'open';
    conn.wrote = false;
    this.openTx = conn;
  }

  /**
   * Runs a statement in the transaction that is open now, synchronously (see `bindDirectSql`): for the
   * caller that holds that transaction, whose turn guarantees no other transaction runs meanwhile.
   */
  runInTransaction<R>(
    conn: GroupCommitConnection,
    sql: string,
    parameters: readonly unknown[],
  ): QueryResult<R> {
    if (this.openTx !== conn) throw new Error('runInTransaction: the transaction is no longer open');
    return this.run<R>(conn, CompiledQuery.raw(sql, parameters as unknown[]));
  }

  /** False once the connection was closed (`destroy`, or after a ROLLBACK that failed). */
  get isOpen(): boolean {
    return this.sqlite.open;
  }

  /** The connection whose transaction began last and is still open (set by beginTransaction). */
  openTransaction(): GroupCommitConnection | null {
    return this.openTx;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GroupCommitConnection;
    if (conn.tx === 'lost') throw new GroupCommitBatchLostError('transaction rolled back by SQLite');
    if (this.savepoints) this.exec(`release ${SAVEPOINT}`);
    conn.tx = 'released';
    if (this.openTx === conn) this.openTx = null;
    const committed = this.joinBatch();
    this.passTurn(conn);
    await committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GroupCommitConnection;
    if (this.openTx === conn) this.openTx = null;
    if (conn.tx !== 'open') return;
    conn.tx = 'rolled-back';
    if (!this.sqlite.inTransaction) return;
    if (this.savepoints) {
      this.exec(`rollback to ${SAVEPOINT}`);
      this.exec(`release ${SAVEPOINT}`);
    } else if (conn.wrote) this.rollBackBatch(new Error('a transaction of the batch failed after writing'));
  }

  /**
   * Without savepoints, a transaction's writes can only be undone with its whole batch: the transactions
   * that finished in it learn that nothing of theirs was applied (GroupCommitBatchRolledBack).
   */
  private rollBackBatch(reason: unknown): void {
    const batch = this.batch;
    this.batch = null;
    let failure: unknown = null;
    try {
      this.exec('rollback');
    } catch (err) {
      failure = err;
    }
    if (this.sqlite.inTransaction) {
      // The ROLLBACK failed and the transaction is still open: closing the connection rolls it back and
      // frees SQLite's write lock, and only then the gate. The connection is done for (`isOpen`); the
      // waiters' work was not applied, but they are told the batch was lost, not to run it here again.
      try {
        this.sqlite.close();
      } catch {
        // Closed or not, the lock goes with the connection; nothing more can be done here.
      }
      this.releaseGate();
      for (const w of batch?.waiters ?? []) w.reject(new GroupCommitBatchLostError(failure));
      return;
    }
    this.releaseGate();
    for (const w of batch?.waiters ?? []) w.reject(new GroupCommitBatchRolledBack(reason));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GroupCommitConnection;
    this.passTurn(conn);
    if (conn.pendingCommit) await conn.pendingCommit;
  }

  async destroy(): Promise<void> {
    await this.turn.lock();
    try {
      this.commitBatch();
    } finally {
      this.sqlite.close();
    }
  }

  /** Prepared statements are reused by SQL text (bounded LRU): preparing costs more than a small run. */
  prepare(sql: string): SQLite.Statement {
    let stmt = this.statements.get(sql);
    if (stmt) return stmt;
    stmt = this.sqlite.prepare(sql);
    if (this.statements.size >= this.statementCacheSize) {
      // Drop the oldest half: cheaper than keeping exact recency on every hit.
      let drop = this.statements.size >> 1;
      for (const key of this.statements.keys()) {
        if (drop-- <= 0) break;
        this.statements.delete(key);
      }
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  run<R>(conn: GroupCommitConnection, compiled: CompiledQuery): QueryResult<R> {
    if (conn.tx === 'lost')
      throw new GroupCommitBatchLostError('transaction rolled back by SQLite; no further statements');
    const params = compiled.parameters as unknown[];
    try {
      const stmt = this.prepare(compiled.sql);
      if (!stmt.readonly && conn.tx === 'open') conn.wrote = true;
      if (stmt.reader) {
        const rows = stmt.all(params) as R[];
        if (!stmt.readonly) this.noteWriteOutsideTx(conn);
        return { rows };
      }
      const { changes, lastInsertRowid } = stmt.run(params);
      this.noteWriteOutsideTx(conn);
      return {
        numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
        insertId:
          lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
        rows: [],
      };
    } catch (err) {
      this.checkBatchAlive(conn, err);
      throw err;
    }
  }

  /** A write outside a transaction inside an open batch commits with it; its caller waits for that. */
  private noteWriteOutsideTx(conn: GroupCommitConnection): void {
    if (conn.tx === 'none' && this.batch && !conn.pendingCommit) conn.pendingCommit = this.joinBatch();
  }

  /**
   * Some errors (I/O, disk full, `OR ROLLBACK`) make SQLite roll back the whole transaction: then every
   * transaction of the batch is lost, and the running one must not go on in autocommit mode.
   */
  checkBatchAlive(conn: GroupCommitConnection, err: unknown): void {
    if (!this.batch || this.sqlite.inTransaction) return;
    if (conn.tx === 'open') conn.tx = 'lost';
    this.loseBatch(err);
  }

  private loseBatch(reason: unknown): void {
    const lost = this.batch;
    this.batch = null;
    this.releaseGate();
    for (const w of lost?.waiters ?? []) w.reject(new GroupCommitBatchLostError(reason));
  }

  private joinBatch(): Promise<void> {
    const batch = this.batch as Batch;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.scheduleFlush();
    return done;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the I/O callbacks of this loop turn: requests that arrived together join the batch first.
    setImmediate(() => void this.flush());
  }

  private passTurn(conn: GroupCommitConnection): void {
    if (!conn.holdsTurn) return;
    conn.holdsTurn = false;
    this.turn.unlock();
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    await this.turn.lock();
    try {
      this.commitBatch();
    } finally {
      this.turn.unlock();
    }
  }

  /** Ends the batch; never throws (its waiters learn the outcome). */
  private commitBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.exec('commit');
    } catch (err) {
      try {
        if (this.sqlite.inTransaction) this.exec('rollback');
      } catch {
        // The connection reports the failure to the next statement; the waiters are told below.
      }
      this.releaseGate();
      for (const w of batch.waiters) w.reject(new GroupCommitBatchLostError(err));
      return;
    }
    this.releaseGate();
    this.stats.commits += 1;
    this.stats.transactions += batch.waiters.length;
    if (batch.waiters.length > this.stats.largestBatch) this.stats.largestBatch = batch.waiters.length;
    for (const w of batch.waiters) w.resolve();
  }

  private exec(sql: string): void {
    this.prepare(sql).run();
  }
}
