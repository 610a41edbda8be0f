import crypto from 'node:crypto';

export interface AuditRecordFields {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  request_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Hash of one audit record, chained to its predecessor; any edit, insertion or deletion breaks the chain. */
export function auditHash(r: AuditRecordFields): string {
  const canonical = JSON.stringify([
    r.seq,
    r.at,
    r.actor_id,
    r.actor_name,
    r.action,
    r.entity,
    r.entity_id,
    r.ip,
    r.request_id,
    r.before_json,
    r.after_json,
    r.prev_hash,
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}
