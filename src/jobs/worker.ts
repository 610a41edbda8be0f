import crypto from 'node:crypto';
import type { AppDeps } from '../app/app-deps';
import { sweepSlaClocks } from '../app/sla/sweep-sla-clocks';
import { defaultOutboxHandlers } from '../integrations/default-outbox-handlers';
import { dispatchOutboxOnce, type OutboxHandler } from './outbox-dispatcher';

export interface WorkerLog {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface WorkerOptions {
  pollMs?: number;
  handlers?: Record<string, OutboxHandler>;
  log?: WorkerLog;
  now?: () => Date;
}

export interface WorkerHandle {
  id: string;
  stop(): Promise<void>;
}

/**
 * The background worker: SLA warnings and escalations (each once), then outbox delivery; schedules join it
 * as their capabilities land.
 * Runs inside `serve` by default, or alone as `aftercare worker` beside several API instances.
 */
export function startWorker(deps: AppDeps, opts: WorkerOptions = {}): WorkerHandle {
  const id = `worker-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const pollMs = opts.pollMs ?? 1000;
  const now = opts.now ?? (() => new Date());
  const handlers = { ...defaultOutboxHandlers(opts.log), ...(opts.handlers ?? {}) };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      await sweepSlaClocks(deps, now());
      // Drain while there is work, then sleep.
      while (!stopped && (await dispatchOutboxOnce(deps, now(), { handlers, workerId: id })) > 0) {}
    } catch (err) {
      opts.log?.error({ err }, 'worker tick failed');
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  loop();
  return {
    id,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
