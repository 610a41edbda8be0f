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
  /** Chain and position in it; absent or NULL position: chain 1, position = seq (the original format). */
  chain?: number;
  chain_seq?: number | null;
}

/** The chain a record belongs to and its position in it. */
export function chainPosition(r: Pick<AuditRecordFields, 'seq' | 'chain' | 'chain_seq'>): {
  chain: number;
  position: number;
} {
  return {
    chain: r.chain ?? 1,
    position: r.chain_seq === null || r.chain_seq === undefined ? Number(r.seq) : Number(r.chain_seq),
  };
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Hash of one audit record, chained to its predecessor in its chain; any edit, insertion or deletion
 * breaks the chain. Chain and position are hashed whenever they differ from chain 1 at the global seq, so
 * records in the original single-chain format keep their hashes, and moving a record is an edit too.
 */
export function auditHash(r: AuditRecordFields): string {
  const { chain, position } = chainPosition(r);
  const fields: unknown[] = [
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
  ];
  if (chain !== 1 || position !== Number(r.seq)) fields.push(chain, position);
  const canonical = JSON.stringify(fields);
  return crypto.hash('sha256', canonical, 'hex');
}
