/**
 * Offline write queue of the technician app.
 *
 * A write (POST and friends) that cannot reach the server — no network, server unreachable — is stored
 * in IndexedDB with an Idempotency-Key and replayed, in order, when the connection comes back. The
 * server de-duplicates by that key, so a write that did reach it before the connection dropped is
 * never applied twice. A replay answered with a 4xx is not retried: it is kept, marked `rejected` with
 * the server's message, for the technician to see and discard. 5xx/429/network errors stop the replay
 * and keep the entry for the next attempt.
 */
import { ApiError, getCsrfToken, request } from '../shared/api-client';

export type QueuedMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface QueuedRequest {
  /** Sortable: replay follows this order. */
  id: string;
  method: QueuedMethod;
  url: string;
  body?: unknown;
  idempotencyKey: string;
  queuedAt: string;
  attempts: number;
  lastError?: string;
  /** The server refused it (4xx): not replayed again. */
  rejected?: { status: number; code: string; message: string };
}

export interface QueueStore {
  add(item: QueuedRequest): Promise<void>;
  put(item: QueuedRequest): Promise<void>;
  remove(id: string): Promise<void>;
  /** All entries, in id order. */
  all(): Promise<QueuedRequest[]>;
}

export type Sender = (item: QueuedRequest) => Promise<unknown>;

export type SendOutcome<T> = { status: 'sent'; result: T } | { status: 'queued'; id: string };

export interface ReplayReport {
  sent: number;
  rejected: number;
  remaining: number;
}

let counter = 0;
function newId(now: number): string {
  counter = (counter + 1) % 1_000_000;
  return `${now.toString(36).padStart(10, '0')}-${counter.toString(36).padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`;
}

/** Errors worth retrying later: no answer at all, throttling, server trouble. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError)
    return err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
  return err instanceof TypeError; // fetch's network failure
}

export const defaultSender: Sender = (item) =>
  request(item.method, item.url, { body: item.body, headers: { 'Idempotency-Key': item.idempotencyKey } });

export class OfflineQueue {
  private replaying: Promise<ReplayReport> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: QueueStore,
    private readonly send: Sender = defaultSender,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sends a write now; when it cannot reach the server, queues it for replay instead.
   * Errors the server answered (validation, permission…) are thrown as usual.
   */
  async submit<T>(method: QueuedMethod, url: string, body?: unknown): Promise<SendOutcome<T>> {
    const t = this.now();
    const item: QueuedRequest = {
      id: newId(t),
      method,
      url,
      body,
      idempotencyKey: newIdempotencyKey(),
      queuedAt: new Date(t).toISOString(),
      attempts: 0,
    };
    // Keep the order of writes: while older ones wait, a new one waits behind them.
    const waiting = (await this.store.all()).some((i) => !i.rejected);
    if (!waiting) {
      try {
        return { status: 'sent', result: (await this.send(item)) as T };
      } catch (err) {
        if (!isRetryable(err)) throw err;
        item.attempts = 1;
        item.lastError = err instanceof Error ? err.message : String(err);
      }
    }
    await this.store.add(item);
    this.notify();
    return { status: 'queued', id: item.id };
  }

  post<T>(url: string, body?: unknown): Promise<SendOutcome<T>> {
    return this.submit<T>('POST', url, body);
  }

  /** Replays waiting entries in order; stops at the first one that still cannot get through. */
  replay(): Promise<ReplayReport> {
    if (!this.replaying) {
      this.replaying = this.doReplay().finally(() => {
        this.replaying = null;
      });
    }
    return this.replaying;
  }

  private async doReplay(): Promise<ReplayReport> {
    let sent = 0;
    let rejected = 0;
    for (const item of await this.store.all()) {
      if (item.rejected) continue;
      try {
        await this.send(item);
        await this.store.remove(item.id);
        sent++;
      } catch (err) {
        const attempts = item.attempts + 1;
        if (isRetryable(err)) {
          await this.store.put({
            ...item,
            attempts,
            lastError: err instanceof Error ? err.message : String(err),
          });
          break;
        }
        const e = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err));
        await this.store.put({
          ...item,
          attempts,
          rejected: { status: e.status, code: e.code, message: e.message },
        });
        rejected++;
      }
    }
    const remaining = (await this.store.all()).filter((i) => !i.rejected).length;
    if (sent || rejected) this.notify();
    return { sent, rejected, remaining };
  }

  list(): Promise<QueuedRequest[]> {
    return this.store.all();
  }

  async pendingCount(): Promise<number> {
    return (await this.store.all()).filter((i) => !i.rejected).length;
  }

  async discard(id: string): Promise<void> {
    await this.store.remove(id);
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

/** In-memory store (tests, and browsers without IndexedDB). */
export class MemoryQueueStore implements QueueStore {
  private readonly items = new Map<string, QueuedRequest>();
  async add(item: QueuedRequest) {
    this.items.set(item.id, structuredClone(item));
  }
  async put(item: QueuedRequest) {
    this.items.set(item.id, structuredClone(item));
  }
  async remove(id: string) {
    this.items.delete(id);
  }
  async all() {
    return [...this.items.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((i) => structuredClone(i));
  }
}

/** IndexedDB store: database `aftercare-tech`, object store `outbox`, keyed by id (so `getAll` is in order). */
export class IndexedDbQueueStore implements QueueStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly dbName = 'aftercare-tech',
    private readonly storeName = 'outbox',
  ) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(this.storeName)) {
          req.result.createObjectStore(this.storeName, { keyPath: 'id' });
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(this.storeName, mode);
      const req = fn(tx.objectStore(this.storeName));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  }

  async add(item: QueuedRequest) {
    await this.tx('readwrite', (s) => s.add(item));
  }
  async put(item: QueuedRequest) {
    await this.tx('readwrite', (s) => s.put(item));
  }
  async remove(id: string) {
    await this.tx('readwrite', (s) => s.delete(id));
  }
  async all() {
    return this.tx('readonly', (s) => s.getAll() as IDBRequest<QueuedRequest[]>);
  }
}

let shared: OfflineQueue | null = null;

/** The app's queue: IndexedDB when available. */
export function offlineQueue(): OfflineQueue {
  shared ??= new OfflineQueue(
    typeof indexedDB !== 'undefined' ? new IndexedDbQueueStore() : new MemoryQueueStore(),
  );
  return shared;
}

/**
 * Replays now, whenever the browser comes back online, and every `intervalMs`, as long as `canSend()`
 * (by default: the session's CSRF token is known). Returns a stop function.
 */
export function startAutoReplay(
  queue: OfflineQueue,
  {
    intervalMs = 30_000,
    canSend = () => getCsrfToken() !== null,
  }: { intervalMs?: number; canSend?: () => boolean } = {},
): () => void {
  const kick = () => {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    if (!canSend()) return;
    void queue.replay().catch(() => undefined);
  };
  kick();
  window.addEventListener('online', kick);
  const timer = window.setInterval(kick, intervalMs);
  return () => {
    window.removeEventListener('online', kick);
    window.clearInterval(timer);
  };
}
