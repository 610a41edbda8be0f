import type { OutboxHandler } from '../jobs/outbox-dispatcher';
import type { WorkerLog } from '../jobs/worker';

/**
 * Topics every deployment can deliver without configuration. Real channels (SMS, e-mail, webhooks, MQTT)
 * register their own handlers when configured; `notification.log` writes a structured log line without
 * personal data, so that the outbox path is exercised end to end even on a bare install.
 */
export function defaultOutboxHandlers(log?: WorkerLog): Record<string, OutboxHandler> {
  const logLine: OutboxHandler = async (payload, meta) => {
    const p = payload as { kind?: string; ref?: string; clock?: string; audience?: string };
    log?.info(
      { outbox: meta.id, kind: p.kind, ref: p.ref, clock: p.clock, audience: p.audience },
      'notification',
    );
  };
  return { 'notification.log': logLine, 'sla.warning': logLine, 'sla.escalation': logLine };
}
