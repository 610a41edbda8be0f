// The use-case thread of a SQLite server (see use-case-thread.ts): its own connection, caches and event
// loop; runs the use cases it is sent and answers with their results or errors.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCipher } from '../../config/runtime-config';
import { connectDatabase } from '../../db/connection';
import { GroupCommitBatchRolledBack } from '../../db/group-commit-sqlite-dialect';
import { SqliteWriteGate } from '../../db/sqlite-write-gate';
import type { AppDeps, Ctx } from '../app-deps';
import {
  createPreparedServiceRequestJson,
  type PreparedServiceRequest,
} from '../requests/create-service-request';
import { forgetCalendars } from '../sla/calendar-store';
import { forgetPolicies } from '../sla/policy-store';
import { forgetTriageModel } from '../triage/triage-model-store';
import { AppError } from './app-error';
import { JsonText } from './json-text';
import { NOT_STARTED, OUTCOME_UNKNOWN } from './use-case-thread';

/**
 * The use cases the thread runs: the transaction of request intake, the hot path of issue 3
 * (bench/RESULTS.md); the event loop validated and triaged the input (prepareServiceRequest).
 */
export const THREAD_USE_CASES = {
  'create-prepared-service-request': (deps, ctx, input) =>
    createPreparedServiceRequestJson(deps, ctx, input as PreparedServiceRequest),
} satisfies Record<string, (deps: AppDeps, ctx: Ctx, input: unknown) => Promise<unknown>>;

export type ThreadUseCase = keyof typeof THREAD_USE_CASES;

export interface UseCaseThreadData {
  dataDir: string;
  env: Record<string, string | undefined>;
  zone: string;
  gate: SharedArrayBuffer;
  /** Bumped by the event loop whenever it forgot its caches (cache-invalidation.ts). */
  cacheEpoch: SharedArrayBuffer;
  walAutocheckpointPages: number;
  maxBatchSize: number;
}

export type SerializedError =
  | {
      app: true;
      code: AppError['code'];
      text: AppError['text'];
      details: AppError['details'];
      headers: AppError['headers'];
    }
  | { app: false; message: string; code?: string; name?: string };

export interface UseCaseThreadStats {
  /** Use cases run, and the thread's group-commit figures. */
  runs: number;
  /** Use cases run again because another transaction's failure rolled back their batch. */
  replays: number;
  /** Share of the time since the thread started that its event loop was busy (0..1). */
  busy: number;
  transactions: number;
  commits: number;
  largestBatch: number;
}

export type ToUseCaseThread =
  | { run: [number, ThreadUseCase, Ctx, unknown] }
  | { stats: true }
  | { stop: true };
export type FromUseCaseThread =
  | { ready: true }
  /** A result crosses as its JSON text (see JsonText). */
  | { done: [number, true, string] | [number, false, SerializedError] }
  | { stats: UseCaseThreadStats }
  | { stopped: UseCaseThreadStats };

const data = workerData as UseCaseThreadData;
const port = parentPort as NonNullable<typeof parentPort>;
const handle = connectDatabase({
  dataDir: data.dataDir,
  writeGate: new SqliteWriteGate('thread', data.gate),
  walAutocheckpointPages: data.walAutocheckpointPages,
  // Commits of a few transactions: callers get their answers while the next requests are prepared on the
  // event loop, instead of every request waiting for the end of one long batch (bench/RESULTS.md).
  maxBatchSize: data.maxBatchSize,
  // No savepoint per transaction (≈ 12 % of a create's time here): a batch that one transaction's failure
  // rolled back is run again below, minus the failed one (GroupCommitSqliteDialect).
  savepoints: false,
});
const deps: AppDeps = {
  db: handle.db,
  dialect: handle.dialect,
  cipher: loadCipher(data.env, data.dataDir),
  zone: data.zone,
};
const epoch = new Int32Array(data.cacheEpoch);
let seenEpoch = Atomics.load(epoch, 0);
let runs = 0;
let replays = 0;
const startedAt = performance.eventLoopUtilization();
let inFlight = 0;
let stopping: (() => void) | null = null;

/**
 * Times a use case is run again after its batch rolled back before that counts as its failure: a bound,
 * not a budget — the thread's use cases check their input before writing, so only a failing statement
 * (a constraint, the disk) rolls a batch back.
 */
const MAX_REPLAYS = 50;

/**
 * Runs a use case; when its batch rolled back because another transaction failed (nothing of it was
 * applied), runs it again. The thread's use cases act only through their transaction and read time from
 * `ctx`, so a second run does what the first would have.
 */
async function runAgainIfRolledBack<T>(useCase: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await useCase();
    } catch (err) {
      if (!(err instanceof GroupCommitBatchRolledBack) || attempt >= MAX_REPLAYS) throw err;
      replays += 1;
    }
  }
}

function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError)
    return { app: true, code: err.code, text: err.text, details: err.details, headers: err.headers };
  const e = err as { message?: unknown; code?: unknown; name?: unknown };
  return {
    app: false,
    message: typeof e?.message === 'string' ? e.message : String(err),
    code: typeof e?.code === 'string' ? e.code : undefined,
    name: typeof e?.name === 'string' ? e.name : undefined,
  };
}

function stats(): UseCaseThreadStats {
  const s = handle.sqliteDriver?.stats ?? { transactions: 0, commits: 0, largestBatch: 0 };
  return { runs, replays, busy: performance.eventLoopUtilization(startedAt).utilization, ...s };
}

/** Answers a failure; an error that cannot cross (structured clone) is answered by its message. */
function answerFailure(id: number, err: unknown): void {
  try {
    port.postMessage({ done: [id, false, serializeError(err)] } satisfies FromUseCaseThread);
  } catch (cloneErr) {
    port.postMessage({
      done: [id, false, { app: false, message: `${String(err)} (${String(cloneErr)})` }],
    } satisfies FromUseCaseThread);
  }
}

async function run(id: number, name: ThreadUseCase, ctx: Ctx, input: unknown): Promise<void> {
  inFlight += 1;
  try {
    let result: unknown;
    try {
      const current = Atomics.load(epoch, 0);
      if (current !== seenEpoch) {
        // A policy, calendar or model changed through the event loop: read them again, as it does.
        seenEpoch = current;
        forgetPolicies(deps);
        forgetCalendars(deps);
        forgetTriageModel(deps);
      }
      result = await runAgainIfRolledBack(() => THREAD_USE_CASES[name](deps, ctx, input));
      runs += 1;
    } catch (err) {
      answerFailure(id, err);
      // The connection closed under it (a ROLLBACK failed): the thread ends, and the event loop takes
      // intake over (UseCaseThread finds out what its creates in flight did).
      if (!handle.sqliteDriver?.isOpen) setImmediate(() => process.exit(1));
      return;
    }
    try {
      const text = result instanceof JsonText ? result.text : (JSON.stringify(result) ?? 'null');
      port.postMessage({ done: [id, true, text] } satisfies FromUseCaseThread);
    } catch (err) {
      // Committed, but the answer cannot cross: the caller must not take it for a failure to retry.
      port.postMessage({
        done: [id, false, { app: false, message: String(err), code: OUTCOME_UNKNOWN }],
      } satisfies FromUseCaseThread);
    }
  } finally {
    // Answered first: a stop waiting for the last use case closes the port.
    inFlight -= 1;
    if (inFlight === 0) stopping?.();
  }
}

let stopRequested = false;

port.on('message', (m: ToUseCaseThread) => {
  if ('run' in m) {
    if (!stopRequested) void run(...m.run);
    else
      port.postMessage({
        done: [m.run[0], false, { app: false, message: 'stopping', code: NOT_STARTED }],
      } satisfies FromUseCaseThread);
  } else if ('stats' in m) port.postMessage({ stats: stats() } satisfies FromUseCaseThread);
  else if ('stop' in m) {
    stopRequested = true;
    const finish = () => {
      stopping = null;
      const closed = () => {
        port.postMessage({ stopped: stats() } satisfies FromUseCaseThread);
        port.close();
      };
      handle.close().then(closed, closed);
    };
    if (inFlight === 0) finish();
    else stopping = finish;
  }
});
port.postMessage({ ready: true } satisfies FromUseCaseThread);
