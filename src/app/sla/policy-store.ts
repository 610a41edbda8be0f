import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import {
  type ClockRule,
  DEFAULT_SLA_POLICIES,
  type SlaPolicy,
  type SlaSubjectKind,
} from '../../domain/sla/sla-policy';
import type { AppDeps } from '../app-deps';
import { cachesForgotten } from '../shared/cache-invalidation';

interface CacheEntry {
  versions: string;
  checkedAt: number;
  policies: SlaPolicy[];
}

const cache = new WeakMap<object, CacheEntry>();
const RECHECK_MS = 5_000;

/** Seeds CONTRACT's default policies on an empty database (they stay editable data). */
export async function ensureDefaultPolicies(db: Kysely<Database>, now: Date): Promise<void> {
  const any = await db.selectFrom('sla_policies').select('id').limit(1).executeTakeFirst();
  if (any) return;
  let position = 0;
  for (const p of DEFAULT_SLA_POLICIES) {
    await db
      .insertInto('sla_policies')
      .values({
        id: p.id,
        name: p.name,
        subject: p.subject,
        match_json: JSON.stringify(p.match),
        clocks_json: JSON.stringify(p.clocks),
        position: position++,
        active: 1,
        version: 1,
        updated_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** Active policies in their configured order, cached per database handle with a version probe. */
export async function loadPolicies(deps: Pick<AppDeps, 'db'>, force = false): Promise<SlaPolicy[]> {
  const key = deps.db as unknown as object;
  let entry = cache.get(key);
  const nowMs = Date.now();
  if (!entry || force || nowMs - entry.checkedAt > RECHECK_MS) {
    const probe = await deps.db
      .selectFrom('sla_policies')
      .select(['id', 'version', 'active'])
      .orderBy('id')
      .execute();
    const versions = probe.map((r) => `${r.id}:${r.version}:${r.active}`).join(',');
    if (!entry || entry.versions !== versions) {
      const rows = await deps.db
        .selectFrom('sla_policies')
        .selectAll()
        .where('active', '=', 1)
        .orderBy('position')
        .execute();
      const policies = rows.map((r) => ({
        id: r.id,
        name: r.name,
        subject: r.subject as SlaSubjectKind,
        match: JSON.parse(r.match_json),
        clocks: JSON.parse(r.clocks_json) as ClockRule[],
      }));
      entry = { versions, checkedAt: nowMs, policies };
      cache.set(key, entry);
    } else {
      entry.checkedAt = nowMs;
    }
  }
  return entry.policies;
}

export function forgetPolicies(deps: Pick<AppDeps, 'db'>): void {
  cache.delete(deps.db as unknown as object);
  cachesForgotten();
}
