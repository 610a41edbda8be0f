import { CompiledQuery, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../test/test-databases';
import { clockFactsQuery } from '../app/reports/compute-kpis';
import { pendingClocksQuery } from '../app/sla/sweep-sla-clocks';
import type { Database } from './schema';

const databases = TestDatabases.create();

/** The plan of a compiled query; on PostgreSQL with sequential scans priced out, so that the plan shows
 * whether an index *can* serve the query (a tiny test table would otherwise be scanned anyway). */
async function planOf(
  db: Kysely<Database>,
  dialect: string,
  query: { compile(): CompiledQuery },
): Promise<string> {
  const { sql, parameters } = query.compile();
  if (dialect === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
    );
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${sql}`, [...parameters]),
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

// Migration 0009: the sweeper and the KPIs read the open work and the period, not the whole history
// (bench/RESULTS.md, "Indexes at two million clocks").
describe.each(databases.eachSupportedId())('clock indexes on %s', (id) => {
  it('the warning and escalation sweeps read the partial indexes of pending clocks', async () => {
    const h = await databases.init(id);
    const now = '2026-11-30T00:00:00.000Z';
    const warn = await planOf(h.db, h.dialect, pendingClocksQuery(h.db, 'warning', now, 200));
    const due = await planOf(h.db, h.dialect, pendingClocksQuery(h.db, 'escalation', now, 200));
    expect(warn).toContain('sla_clocks_warn_idx');
    expect(due).toContain('sla_clocks_due_idx');
    // Searched by time alone: the mark is the partial index's condition (before 0009 it led the key, and
    // every clock met before its warning stayed in the searched range).
    expect(warn).not.toContain('warned_at');
    expect(due).not.toContain('escalated_at');
    for (const plan of [warn, due]) expect(plan).not.toMatch(/SCAN sla_clocks\b(?! USING)|Seq Scan/);
  });

  it('the KPI facts of a period are found by start time and plan deadline', async () => {
    const h = await databases.init(id);
    const plan = await planOf(
      h.db,
      h.dialect,
      clockFactsQuery(h.db, '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z'),
    );
    expect(plan).toContain('sla_clocks_started_idx');
    expect(plan).toContain('sla_clocks_plan_due_idx');
    expect(plan).not.toMatch(/SCAN sla_clocks\b(?! USING)|Seq Scan/);
  });

  it('service requests without outlet or unit stay out of those indexes, which still serve lookups', async () => {
    const h = await databases.init(id);
    const byOutlet = await planOf(
      h.db,
      h.dialect,
      h.db.selectFrom('service_requests').select('id').where('outlet_id', '=', 'o1'),
    );
    const byUnit = await planOf(
      h.db,
      h.dialect,
      h.db
        .selectFrom('service_requests')
        .select('id')
        .where('unit_id', '=', 'u1')
        .where('status', 'in', ['received', 'dispatched']),
    );
    expect(byOutlet).toContain('sr_outlet_idx');
    expect(byUnit).toContain('sr_unit_idx');
  });
});
