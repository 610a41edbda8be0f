import { insertRows } from '../../db/insert-rows';
import type { RequestEventsTable } from '../../db/schema';
import type { Ctx, TxDeps } from '../app-deps';
import { newId } from '../shared/ids';

export interface NewRequestEvent {
  subjectKind: 'service-request' | 'complaint';
  subjectId: string;
  seq: number;
  type: string;
  at: Date;
  data?: Record<string, unknown>;
}

/** The `request_events` row of an event: who, when, from where (user, integration or system). */
export function requestEventRow(ctx: Ctx, e: NewRequestEvent): RequestEventsTable {
  return {
    id: newId(),
    subject_kind: e.subjectKind,
    subject_id: e.subjectId,
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    recorded_at: ctx.now.toISOString(),
    actor_id: ctx.actor.id,
    actor_name: ctx.actor.name,
    source: ctx.actor.via === 'api-key' ? 'integration' : ctx.actor.via === 'system' ? 'system' : 'user',
    data_json: e.data ? JSON.stringify(e.data) : null,
  };
}

/** Appends to the append-only event log of a request or complaint (actor, time and source of every change). */
export async function insertRequestEvent(tx: TxDeps, ctx: Ctx, e: NewRequestEvent): Promise<void> {
  await insertRows(tx.db, tx.dialect, 'request_events', [requestEventRow(ctx, e)]);
}
