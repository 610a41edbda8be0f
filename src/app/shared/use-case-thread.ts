import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqliteWriteGate } from '../../db/sqlite-write-gate';
import type { Ctx } from '../app-deps';
import { AppError } from './app-error';
import { onCachesForgotten } from './cache-invalidation';
import { JsonText } from './json-text';
import type {
  FromUseCaseThread,
  SerializedError,
  ThreadUseCase,
  ToUseCaseThread,
  UseCaseThreadData,
  UseCaseThreadStats,
} from './use-case-thread-entry';

// The thread runs the TypeScript sources like the process does (bin/aftercare.js): tsx's loader first.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => setImmediate(() => { throw err; }));
`;

/** tsx's ESM API entry (the "import" condition of its export map; require.resolve gives the CJS one). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), pkg.exports['./esm/api'].import.default)).href;
}

const NO_STATS: UseCaseThreadStats = {
  runs: 0,
  replays: 0,
  busy: 0,
  transactions: 0,
  commits: 0,
  largestBatch: 0,
};

export interface UseCaseThreadOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  zone: string;
  /** The event loop connection's side of the gate; the thread takes the other. */
  gate: SqliteWriteGate;
  /** wal_autocheckpoint of the thread's connection (pages); the checkpointer thread does the regular work. */
  walAutocheckpointPages?: number;
  /** Transactions per commit in the thread at most (default 8). */
  maxBatchSize?: number;
}

/** The code of the answer to a use case sent after `stop`: not started. */
export const NOT_STARTED = 'USE_CASE_THREAD_STOPPING';
/** The code of an answer that could not say whether the use case's work was committed. */
export const OUTCOME_UNKNOWN = 'USE_CASE_OUTCOME_UNKNOWN';

/** What a caller is told when the thread died, or could not answer, while running its use case. */
export function outcomeUnknown(reason: string): AppError {
  return new AppError('OUTCOME_UNKNOWN', {
    zh: `处理结果未知（${reason}）：请先查询是否已受理，再决定是否重新提交`,
    en: `The outcome is unknown (${reason}): look up whether it was recorded before submitting it again`,
  });
}

/** The thread did not start the use case (stopping, stopped): the caller may run it on the event loop. */
export class UseCaseThreadUnavailable extends Error {
  constructor() {
    super('the use-case thread is not available');
  }
}

/**
 * The thread died while it ran the use case. Its connection closed with it, so the work either committed
 * or was rolled back; the caller must find out which before running it again.
 */
export class UseCaseThreadLost extends Error {
  constructor(readonly reason: Error) {
    super(`the use-case thread died while running the use case: ${reason.message}`);
  }
}

/** A result as JSON text: as it is when it already is (not parsed and written again). */
function asJsonText(value: unknown): JsonText {
  return value instanceof JsonText ? value : JsonText.of(value);
}

function toError(e: SerializedError): Error {
  if (!e.app && e.code === NOT_STARTED) return new UseCaseThreadUnavailable();
  if (!e.app && e.code === OUTCOME_UNKNOWN) return outcomeUnknown(e.message);
  if (e.app) return new AppError(e.code, e.text, e.details, e.headers);
  return Object.assign(new Error(e.message), { code: e.code, name: e.name ?? 'Error' });
}

/**
 * A second event loop for a SQLite server: a thread with its own connection to the database file, its own
 * caches and the same use-case code, which runs the hot use cases (request intake) while the main event
 * loop serves HTTP, authenticates, validates — and runs everything else. One event loop could not create
 * more than ≈ 1,700 requests a second on this 2-core machine (bench/RESULTS.md, issue 3); two share the
 * work. The two connections take turns writing through `gate`, so neither ever sleeps in SQLite's busy
 * handler; the thread groups its commits like the event loop does.
 *
 * Until the thread is ready, and after it stopped or failed, `available()` is false and callers run the use
 * case on the event loop.
 */
export class UseCaseThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (text: string) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private ready = false;
  private gone: Error | null = null;
  private failing: Error | null = null;
  private last: UseCaseThreadStats = NO_STATS;
  private readonly statsWaiters = new Set<(s: UseCaseThreadStats) => void>();
  private stopped: Promise<UseCaseThreadStats> | null = null;
  private readonly epoch = new Int32Array(new SharedArrayBuffer(4));
  private readonly unsubscribe: () => void;
  private readonly gate: SqliteWriteGate;
  /** Resolves when the thread is ready (or failed to start). */
  readonly started: Promise<void>;

  constructor(opts: UseCaseThreadOptions) {
    this.gate = opts.gate;
    const data: UseCaseThreadData = {
      dataDir: opts.dataDir,
      env: { ...opts.env },
      zone: opts.zone,
      gate: opts.gate.buffer,
      cacheEpoch: this.epoch.buffer as SharedArrayBuffer,
      walAutocheckpointPages: opts.walAutocheckpointPages ?? 8000,
      maxBatchSize: opts.maxBatchSize ?? 8,
    };
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        ...data,
        tsxApi: tsxEsmApi(),
        entry: new URL('./use-case-thread-entry.ts', import.meta.url).href,
      },
    });
    this.unsubscribe = onCachesForgotten(() => Atomics.add(this.epoch, 0, 1));
    this.started = new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      const onReady = (m: FromUseCaseThread) => {
        if (!('ready' in m)) return;
        this.ready = true;
        this.worker.off('message', onReady);
        resolve();
      };
      this.worker.on('message', onReady);
    });
    this.worker.on('message', (m: FromUseCaseThread) => {
      if ('done' in m) {
        const [id, ok, value] = m.done;
        const p = this.pending.get(id);
        this.pending.delete(id);
        if (ok) p?.resolve(value as string);
        else p?.reject(toError(value as SerializedError));
      } else if ('stats' in m) {
        this.last = m.stats;
        for (const done of this.statsWaiters) done(m.stats);
        this.statsWaiters.clear();
      } else if ('stopped' in m) {
        this.last = m.stopped;
      }
    });
    // An error ends the thread, but its connection closes and its last answers arrive only by 'exit':
    // until then no new work goes to it, and nothing is given up.
    this.worker.once('error', (err) => {
      process.emitWarning(`use-case thread failed: ${err.message}`, 'AftercareWarning');
      this.failing = err;
    });
    this.worker.once('exit', () => this.fail(this.failing ?? new Error('the use-case thread exited')));
    // The thread must not keep a finished process alive (a server keeps itself alive).
    this.worker.unref();
  }

  /**
   * Starts the thread and waits until it is ready; null (with a warning) when it cannot start in time —
   * the server then runs every use case on its event loop.
   */
  static async start(opts: UseCaseThreadOptions, timeoutMs = 60_000): Promise<UseCaseThread | null> {
    let thread: UseCaseThread;
    try {
      thread = new UseCaseThread(opts);
    } catch (err) {
      process.emitWarning(`use-case thread not started: ${(err as Error).message}`, 'AftercareWarning');
      return null;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([thread.started.then(() => 'started' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'started' && thread.available()) return thread;
    process.emitWarning(
      'use-case thread not started in time: intake runs on the event loop',
      'AftercareWarning',
    );
    await thread.terminate();
    return null;
  }

  /** Ends the thread at once (a start that did not finish; tests). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /** Use cases sent and not answered yet. */
  backlog(): number {
    return this.pending.size;
  }

  /** Whether use cases go to the thread now. */
  available(): boolean {
    return this.ready && this.gone === null && this.failing === null && this.stopped === null;
  }

  /**
   * Runs the use case `name` in the thread; settles as it would have on the event loop, or rejects with
   * UseCaseThreadUnavailable when the thread did not take it (it stops). Results are plain data (JSON).
   */
  async run<T>(name: ThreadUseCase, ctx: Ctx, input: unknown): Promise<T> {
    return (await this.runToJson(name, ctx, input)).parse<T>();
  }

  /** `run`, with the result as the JSON text it crossed as (a response body needs nothing more). */
  runToJson(name: ThreadUseCase, ctx: Ctx, input: unknown): Promise<JsonText> {
    if (!this.available()) return Promise.reject(new UseCaseThreadUnavailable());
    const id = this.nextId++;
    const done = new Promise<JsonText>((resolve, reject) =>
      this.pending.set(id, { resolve: (text) => resolve(new JsonText(text)), reject }),
    );
    this.post({ run: [id, name, ctx, input] });
    return done;
  }

  /**
   * Runs `name` in the thread when it takes it, else `here()` on the event loop. When the thread dies
   * while running it, `afterLoss()` finds out whether the work committed and finishes it (without it the
   * caller gets OUTCOME_UNKNOWN). The result comes as JSON text, ready to be a response body.
   */
  async runOrHere(
    name: ThreadUseCase,
    ctx: Ctx,
    input: unknown,
    here: () => Promise<unknown>,
    afterLoss?: () => Promise<unknown>,
  ): Promise<JsonText> {
    if (!this.available()) return asJsonText(await here());
    try {
      return await this.runToJson(name, ctx, input);
    } catch (err) {
      if (err instanceof UseCaseThreadUnavailable) return asJsonText(await here());
      if (err instanceof UseCaseThreadLost) {
        if (afterLoss) return asJsonText(await afterLoss());
        throw outcomeUnknown(err.reason.message);
      }
      throw err;
    }
  }

  stats(): Promise<UseCaseThreadStats> {
    if (this.gone) return Promise.resolve(this.last);
    return new Promise((resolve) => {
      this.statsWaiters.add(resolve);
      this.post({ stats: true });
    });
  }

  /** Lets the running use cases finish, then stops the thread and closes its connection. */
  stop(timeoutMs = 30_000): Promise<UseCaseThreadStats> {
    this.stopped ??= new Promise((resolve) => {
      this.unsubscribe();
      if (this.gone) return resolve(this.last);
      // Until it has closed its connection, the thread keeps the process alive; a thread that does not
      // finish in time is ended (its connection closes with it).
      this.worker.ref();
      const timer = setTimeout(() => void this.worker.terminate(), timeoutMs);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve(this.last);
      });
      this.post({ stop: true });
    });
    return this.stopped;
  }

  private post(m: ToUseCaseThread): void {
    if (!this.gone) this.worker.postMessage(m);
  }

  /** The thread is gone: use cases not answered have an unknown outcome (their batch may have committed). */
  private fail(err: Error): void {
    if (this.gone) return;
    this.gone = err;
    this.unsubscribe();
    // Its connection closed with it (SQLite's lock is free); the gate must not stay with it either.
    this.gate.reclaimFromOther();
    const lost = new UseCaseThreadLost(err);
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
    for (const done of this.statsWaiters) done(this.last);
    this.statsWaiters.clear();
  }
}
