// Real-time fan-out of chat events to the SSE streams of every API instance (DESIGN "Scale path").
// PostgreSQL: NOTIFY on publish, one LISTEN connection per process while anyone is subscribed.
// SQLite (one process): an in-process EventEmitter. Events only say "something changed"; subscribers read
// the rows themselves, so a lost notification is repaired by the next catch-up (see chat-feed.ts).
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppDeps } from '../app-deps';

export interface ChatEvent {
  sessionId: string;
  /** A new message (with its seq) or a change of the session (status, agent, link). */
  kind: 'message' | 'session';
  seq?: number;
  status?: string;
}

export interface ChatBus {
  /** After the transaction that made the change has committed. Never throws. */
  publish(event: ChatEvent): Promise<void>;
  /** Resolves once the subscription is live; returns the unsubscribe function. */
  subscribe(listener: (event: ChatEvent) => void): Promise<() => void>;
  /** True when events from other processes arrive (LISTEN is up); otherwise callers should poll. */
  readonly crossProcess: boolean;
}

export const CHAT_CHANNEL = 'aftercare_chat';

const listenUrls = new WeakMap<object, string>();
const buses = new WeakMap<object, ChatBus>();

/**
 * Where the LISTEN connection of a PostgreSQL handle connects (the same database the handle uses). Without
 * it, DATABASE_URL is used; without either, the bus works in-process and subscribers poll.
 */
export function configureChatBus(db: AppDeps['db'], opts: { listenUrl?: string }): void {
  if (opts.listenUrl) listenUrls.set(db as object, opts.listenUrl);
}

export function chatBus(deps: Pick<AppDeps, 'db' | 'dialect'>): ChatBus {
  const key = deps.db as object;
  let bus = buses.get(key);
  if (!bus) {
    bus =
      deps.dialect === 'postgres'
        ? new PgChatBus(deps.db, () => listenUrls.get(key) ?? pgUrlFromEnv())
        : new LocalChatBus();
    buses.set(key, bus);
  }
  return bus;
}

function pgUrlFromEnv(): string | undefined {
  const u = process.env.DATABASE_URL;
  return u && /^postgres(ql)?:\/\//.test(u) ? u : undefined;
}

function parseEvent(payload: string | undefined): ChatEvent | null {
  if (!payload) return null;
  try {
    const e = JSON.parse(payload) as ChatEvent;
    return typeof e.sessionId === 'string' && (e.kind === 'message' || e.kind === 'session') ? e : null;
  } catch {
    return null;
  }
}

class LocalChatBus implements ChatBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  readonly crossProcess = true;

  async publish(event: ChatEvent): Promise<void> {
    this.emitter.emit('event', event);
  }

  async subscribe(listener: (event: ChatEvent) => void): Promise<() => void> {
    const safe = (e: ChatEvent) => {
      try {
        listener(e);
      } catch {
        // a broken subscriber must not break the publisher
      }
    };
    this.emitter.on('event', safe);
    return () => this.emitter.off('event', safe);
  }
}

class PgChatBus implements ChatBus {
  private readonly local = new LocalChatBus();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private subscribers = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = 1_000;
  private listening = false;

  constructor(
    private readonly db: AppDeps['db'],
    private readonly url: () => string | undefined,
  ) {}

  get crossProcess(): boolean {
    return this.listening;
  }

  async publish(event: ChatEvent): Promise<void> {
    try {
      await sql`select pg_notify(${CHAT_CHANNEL}, ${JSON.stringify(event)})`.execute(this.db);
    } catch {
      // Subscribers catch up by polling; a failed notification loses nothing.
    }
    // Without our own LISTEN connection the notification would not come back to this process.
    if (!this.listening) await this.local.publish(event);
  }

  async subscribe(listener: (event: ChatEvent) => void): Promise<() => void> {
    const off = await this.local.subscribe(listener);
    this.subscribers++;
    await this.ensureListening();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      this.subscribers--;
      if (this.subscribers === 0) this.stop();
    };
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.subscribers === 0) return Promise.resolve();
    const url = this.url();
    if (!url) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => this.dropClient(client));
      client.on('end', () => this.dropClient(client));
      client.on('notification', (msg) => {
        const e = msg.channel === CHAT_CHANNEL ? parseEvent(msg.payload) : null;
        if (e) void this.local.publish(e);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHAT_CHANNEL}`);
        if (this.subscribers === 0) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
        this.listening = true;
        this.retryMs = 1_000;
      } catch {
        await client.end().catch(() => {});
        this.scheduleRetry();
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private dropClient(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    client.end().catch(() => {});
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.subscribers === 0 || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.ensureListening();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.listening = false;
    if (client) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => {});
      client.end().catch(() => {});
    }
  }
}
