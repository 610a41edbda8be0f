import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** What the checkpointer thread has done so far. */
export interface WalCheckpointerStats {
  /** PASSIVE checkpoints that copied at least one frame. */
  checkpoints: number;
  /** WAL frames copied into the database file. */
  framesCopied: number;
  /** Attempts that found the checkpoint lock taken (the writer's fallback checkpoint was running). */
  busy: number;
  /** At the last attempt: frames in the WAL, and how many of them were in the database file. */
  log: number;
  checkpointed: number;
}

const NO_STATS: WalCheckpointerStats = { checkpoints: 0, framesCopied: 0, busy: 0, log: 0, checkpointed: 0 };

export interface WalCheckpointerOptions {
  /** How often the thread looks for new WAL frames (default 100 ms). */
  intervalMs?: number;
  /**
   * The writer connection's own `wal_autocheckpoint` (pages) while the thread runs: the bound on the WAL
   * when the thread cannot finish a checkpoint between two commits under sustained writes. At that size
   * the writer restarts the log itself, copying only the short tail the thread has not yet copied.
   */
  writerFallbackPages?: number;
}

// Plain CommonJS so that the thread needs no TypeScript loader; better-sqlite3 is resolved by the parent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
const db = new SQLite(workerData.file, { fileMustExist: true });
// PASSIVE never waits; a checkpoint that cannot start now is tried again at the next tick.
db.pragma('busy_timeout = 0');
const stats = { checkpoints: 0, framesCopied: 0, busy: 0, log: 0, checkpointed: 0 };
function tick() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.busy) stats.busy += 1;
    if (r.log < 0) return; // the checkpoint lock was taken: no counts this time (SQLite reports -1)
    // r.log and r.checkpointed count frames of the current WAL generation; a shorter log than last time
    // means the writer restarted it, so every frame backfilled now is new.
    const restarted = r.log < stats.log || r.checkpointed < stats.checkpointed;
    const now = restarted ? r.checkpointed : r.checkpointed - stats.checkpointed;
    if (now > 0) { stats.checkpoints += 1; stats.framesCopied += now; }
    stats.log = r.log;
    stats.checkpointed = r.checkpointed;
  } catch (err) {
    // SQLITE_BUSY and its extended codes: someone else checkpoints or recovers now; try at the next tick.
    if (err && typeof err.code === 'string' && err.code.startsWith('SQLITE_BUSY')) stats.busy += 1;
    else throw err;
  }
}
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ stats });
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ stats, stopped: true });
    parentPort.close();
  }
});
`;

/**
 * Copies the WAL into the database file from a thread of its own. SQLite's automatic checkpoint runs inside
 * the COMMIT that crosses the threshold, on the event loop, and ends with fsync: under sustained writes it
 * stalled one commit in ~16 for 5–28 ms (bench/RESULTS.md), every request of that batch waiting. PASSIVE
 * checkpoints run beside the writer (WAL mode allows it), so the loop only ever copies a short tail.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<WalCheckpointerStats> | null = null;
  private last: WalCheckpointerStats = NO_STATS;
  private exited = false;
  /** Requests not answered yet: answered with the last stats if the thread goes first. */
  private readonly waiting = new Set<(stats: WalCheckpointerStats) => void>();

  constructor(sqlite: SQLite.Database, opts: WalCheckpointerOptions = {}) {
    const require = createRequire(import.meta.url);
    sqlite.pragma(`wal_autocheckpoint = ${opts.writerFallbackPages ?? 8000}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: sqlite.name,
        driverPath: require.resolve('better-sqlite3'),
        intervalMs: opts.intervalMs ?? 100,
      },
    });
    // The thread must not keep a finished process alive; the writer's fallback still bounds the WAL.
    this.worker.unref();
    this.worker.on('message', (m: { stats: WalCheckpointerStats }) => {
      this.last = m.stats;
    });
    this.worker.once('error', (err) => {
      // Checkpoints fall back to the writer (at SQLite's default size); nothing is lost, but say so.
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
      process.emitWarning(`WAL checkpointer thread failed: ${err.message}`, 'AftercareWarning');
    });
    // The thread is gone (stopped, failed or exited): open requests answer with the last stats.
    this.worker.once('exit', () => {
      this.exited = true;
      for (const done of this.waiting) done(this.last);
    });
  }

  /** The thread's counters so far (the last known ones once it is gone). */
  stats(): Promise<WalCheckpointerStats> {
    return this.request('stats');
  }

  /** Stops the thread and closes its connection (before the writer closes its own). */
  stop(): Promise<WalCheckpointerStats> {
    this.stopped ??= this.request('stop');
    return this.stopped;
  }

  private request(message: 'stats' | 'stop'): Promise<WalCheckpointerStats> {
    if (this.exited) return Promise.resolve(this.last);
    return new Promise<WalCheckpointerStats>((resolve) => {
      const done = (stats: WalCheckpointerStats) => {
        this.waiting.delete(done);
        this.worker.off('message', onMessage);
        resolve(stats);
      };
      const onMessage = (m: { stats: WalCheckpointerStats; stopped?: boolean }) => {
        if (message === 'stop' && !m.stopped) return;
        done(m.stats);
      };
      this.worker.on('message', onMessage);
      // The thread may go before it answers (failed, or exited with the process): the last stats then.
      this.waiting.add(done);
      this.worker.postMessage(message);
    });
  }
}
