import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import type { AuditLogTable } from '../../db/schema';
import { type AppDeps, type Ctx, inTransaction, SYSTEM_ACTOR } from '../app-deps';
import { createCustomer } from '../customers/create-customer';
import { appendAudit } from './append-audit';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { verifyAuditChain } from './verify-audit-chain';

const databases = TestDatabases.create();

const T0 = Date.parse('2026-11-29T02:00:00.000Z');

function ctx(n: number): Ctx {
  return {
    actor: { ...SYSTEM_ACTOR, name: 'chain-test' },
    ip: '10.1.2.3',
    requestId: `req-${n}`,
    now: new Date(T0 + n * 60_000),
  };
}

function phone(i: number): string {
  return `1380000${String(i).padStart(4, '0')}`;
}

async function seedCustomers(deps: AppDeps, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++)
    await createCustomer(deps, ctx(i), { name: `链客户${i}`, phone: phone(i) });
}

async function records(deps: AppDeps): Promise<AuditLogTable[]> {
  const rows = await deps.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

const kinds = (problems: { seq: number; kind: string }[]) =>
  problems.map((p) => ({ seq: p.seq, kind: p.kind }));

describe.each(databases.eachSupportedId())('audit chain on %s', (id) => {
  it('verifies a clean chain, each record linked to its predecessor from the genesis hash', async () => {
    const deps = await databases.deps(id);
    expect(await verifyAuditChain(deps)).toEqual({ ok: true, checked: 0, headSeq: 0, problems: [] });
    await seedCustomers(deps, 5);
    const progress: [number, number][] = [];
    const v = await verifyAuditChain(deps, (checked, total) => progress.push([checked, total]));
    expect(v).toEqual({ ok: true, checked: 5, headSeq: 5, problems: [] });
    expect(progress).toEqual([[5, 5]]);
    const rows = await records(deps);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.action)).toEqual(Array(5).fill('customer.create'));
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    for (const r of rows) expect(r.hash).toBe(auditHash(r));
    const head = await deps.db
      .selectFrom('audit_head')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: 5, hash: rows[4].hash });
    // One append after another: all on chain 1, in the original format (no position stored).
    expect(rows.map((r) => [r.chain, r.chain_seq])).toEqual(Array(5).fill([1, null]));
    // The record says who, when, from where, and what — masked, never the plaintext phone.
    expect(rows[2]).toMatchObject({
      actor_name: 'chain-test',
      ip: '10.1.2.3',
      request_id: 'req-2',
      at: new Date(T0 + 2 * 60_000).toISOString(),
      entity: 'customer',
    });
    expect(rows[2].after_json).toContain('链客户2');
    expect(rows[2].after_json).not.toContain(phone(2));
  });

  it('reports an edit of any field as tampered at that record, and nothing else', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    const original = (await records(deps))[2];
    expect(original.seq).toBe(3);
    const edits: Partial<AuditLogTable>[] = [
      { after_json: original.after_json?.replace('链客户2', '假客户') ?? null },
      { before_json: '{"name":"x"}' },
      { at: new Date(T0 - 86_400_000).toISOString() },
      { actor_name: 'someone-else' },
      { actor_id: '01900000-0000-7000-8000-000000000001' },
      { action: 'customer.delete' },
      { entity: 'unit' },
      { entity_id: '01900000-0000-7000-8000-000000000002' },
      { ip: '203.0.113.9' },
      { request_id: 'forged' },
    ];
    for (const edit of edits) {
      await deps.db.updateTable('audit_log').set(edit).where('seq', '=', 3).execute();
      const v = await verifyAuditChain(deps);
      expect(v.ok, JSON.stringify(edit)).toBe(false);
      expect(kinds(v.problems), JSON.stringify(edit)).toEqual([{ seq: 3, kind: 'tampered' }]);
      expect(v.checked).toBe(5);
      const { seq, ...restore } = original;
      void seq;
      await deps.db.updateTable('audit_log').set(restore).where('seq', '=', 3).execute();
      expect((await verifyAuditChain(deps)).ok).toBe(true);
    }
  });

  it('reports a deleted middle record as missing and the next one as a broken link', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    await deps.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    expect(v.checked).toBe(4);
    expect(kinds(v.problems)).toEqual([
      { seq: 3, kind: 'missing' },
      { seq: 4, kind: 'broken-link' },
    ]);
    // The first record too: it no longer starts from the genesis hash.
    await deps.db.deleteFrom('audit_log').where('seq', '=', 1).execute();
    expect(kinds((await verifyAuditChain(deps)).problems)).toEqual([
      { seq: 1, kind: 'missing' },
      { seq: 2, kind: 'broken-link' },
      { seq: 3, kind: 'missing' },
      { seq: 4, kind: 'broken-link' },
    ]);
  });

  it('reports a cut-off tail as truncated against the chain head', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    await deps.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
    const v = await verifyAuditChain(deps);
    expect(v).toMatchObject({ ok: false, checked: 4, headSeq: 5 });
    expect(kinds(v.problems)).toEqual([{ seq: 4, kind: 'truncated' }]);
    await deps.db.deleteFrom('audit_log').where('seq', '>=', 3).execute();
    expect(kinds((await verifyAuditChain(deps)).problems)).toEqual([{ seq: 2, kind: 'truncated' }]);
    await deps.db.deleteFrom('audit_log').execute();
    const none = await verifyAuditChain(deps);
    expect(none).toMatchObject({ ok: false, checked: 0, headSeq: 5 });
    expect(kinds(none.problems)).toEqual([{ seq: 0, kind: 'truncated' }]);
  });

  it('reports records that the chain head does not cover (head rolled back or rows added behind it)', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    const rows = await records(deps);
    const forged = {
      ...rows[4],
      seq: 6,
      prev_hash: rows[4].hash,
      action: 'customer.delete',
      request_id: 'forged',
    };
    forged.hash = auditHash(forged);
    await deps.db.insertInto('audit_log').values(forged).execute();
    const v = await verifyAuditChain(deps);
    expect(v).toMatchObject({ ok: false, checked: 5, headSeq: 5 });
    expect(kinds(v.problems)).toEqual([{ seq: 6, kind: 'truncated' }]);
    // Rolling the head back to hide the last records is reported the same way.
    await deps.db.deleteFrom('audit_log').where('seq', '=', 6).execute();
    await deps.db.updateTable('audit_head').set({ seq: 3, hash: rows[2].hash }).where('id', '=', 1).execute();
    const rolledBack = await verifyAuditChain(deps);
    expect(rolledBack).toMatchObject({ ok: false, checked: 3, headSeq: 3 });
    expect(kinds(rolledBack.problems)).toEqual([{ seq: 4, kind: 'truncated' }]);
  });

  it('still detects an edit whose hash was recomputed to hide it', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    const rows = await records(deps);
    const forged = { ...rows[2], after_json: rows[2].after_json?.replace('链客户2', '假客户') ?? null };
    forged.hash = auditHash(forged);
    await deps.db
      .updateTable('audit_log')
      .set({ after_json: forged.after_json, hash: forged.hash })
      .where('seq', '=', 3)
      .execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    expect(kinds(v.problems)).toEqual([{ seq: 4, kind: 'broken-link' }]);

    // Re-chaining every later record as well leaves the head pointing at the old last hash.
    let prev = forged.hash;
    for (const r of rows.slice(3)) {
      const rewritten = { ...r, prev_hash: prev };
      rewritten.hash = auditHash(rewritten);
      await deps.db
        .updateTable('audit_log')
        .set({ prev_hash: rewritten.prev_hash, hash: rewritten.hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = rewritten.hash;
    }
    const rechained = await verifyAuditChain(deps);
    expect(rechained.ok).toBe(false);
    expect(kinds(rechained.problems)).toEqual([{ seq: 5, kind: 'truncated' }]);
  });

  it('keeps the chain valid with consecutive sequence numbers under concurrent appends', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 2);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createCustomer(deps, ctx(100 + i), { name: `并发${i}`, phone: phone(100 + i) }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await records(deps);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.entity_id)).size).toBe(22);
    expect(await verifyAuditChain(deps)).toEqual({ ok: true, checked: 22, headSeq: 22, problems: [] });
    const numbers = await deps.db.selectFrom('customers').select('number').execute();
    expect(new Set(numbers.map((n) => n.number)).size).toBe(22);
  });

  it('spreads transactions that hold a chain over other chains (PostgreSQL), and verifies every chain', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 2);
    // Each transaction keeps its chain head locked a while after appending, as a slow commit would.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inTransaction(deps, async (tx) => {
          await appendAudit(tx, ctx(300 + i), { action: 'test.slow', entity: 'test', entityId: String(i) });
          await new Promise((r) => setTimeout(r, 40));
        }),
      ),
    );
    const rows = await records(deps);
    expect(rows).toHaveLength(8);
    const chains = new Set(rows.map((r) => r.chain));
    if (id === 'postgres') expect(chains.size).toBeGreaterThan(1);
    else expect(chains).toEqual(new Set([1])); // one writer: one chain
    expect(await verifyAuditChain(deps)).toEqual({ ok: true, checked: 8, headSeq: 8, problems: [] });
    for (const r of rows) expect(r.hash).toBe(auditHash(r));
    if (id !== 'postgres') return;

    // A record moved to another chain is an edit of that record.
    const moved = rows.find((r) => r.chain !== 1);
    if (!moved) throw new Error('no record off chain 1');
    await deps.db.updateTable('audit_log').set({ chain: 1 }).where('seq', '=', moved.seq).execute();
    expect(kinds((await verifyAuditChain(deps)).problems)).toContainEqual({
      seq: moved.seq,
      kind: 'tampered',
    });
    await deps.db.updateTable('audit_log').set({ chain: moved.chain }).where('seq', '=', moved.seq).execute();
    expect((await verifyAuditChain(deps)).ok).toBe(true);

    // Cutting the last record of a chain off is seen against that chain's head.
    const last = rows.filter((r) => r.chain === moved.chain).at(-1) ?? moved;
    await deps.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toContain('truncated');
  });

  it('verifies a running system: appends that commit during the walk are not reported', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 3);
    // Three writers append one customer after another while the chain is verified again and again.
    let running = 3;
    const writers = [0, 1, 2].map(async (w) => {
      for (let i = 0; i < 10; i++)
        await createCustomer(deps, ctx(200 + w * 10 + i), {
          name: `在线${w}-${i}`,
          phone: phone(200 + w * 10 + i),
        });
      running -= 1;
    });
    const checks = [];
    while (running > 0) checks.push(await verifyAuditChain(deps));
    await Promise.all(writers);
    // The walks really overlapped the writes.
    expect(checks.some((v) => v.headSeq > 3 && v.headSeq < 33)).toBe(true);
    for (const v of checks) expect(v.problems).toEqual([]);
    expect(await verifyAuditChain(deps)).toMatchObject({ ok: true, checked: 33, headSeq: 33 });
  });

  it('walks a chain longer than one page and finds problems across the page boundary', async () => {
    const deps = await databases.deps(id);
    await inTransaction(deps, (tx) =>
      appendAudit(
        tx,
        ctx(0),
        Array.from({ length: 2105 }, (_, i) => ({
          action: 'test.bulk',
          entity: 'test',
          entityId: String(i),
          after: { i },
        })),
      ),
    );
    const progress: number[] = [];
    expect(await verifyAuditChain(deps, (checked) => progress.push(checked))).toEqual({
      ok: true,
      checked: 2105,
      headSeq: 2105,
      problems: [],
    });
    expect(progress).toEqual([2000, 2105]);
    await deps.db.deleteFrom('audit_log').where('seq', '=', 2000).execute();
    await deps.db.updateTable('audit_log').set({ after_json: '{"i":0}' }).where('seq', '=', 2003).execute();
    expect(kinds((await verifyAuditChain(deps)).problems)).toEqual([
      { seq: 2000, kind: 'missing' },
      { seq: 2001, kind: 'broken-link' },
      { seq: 2003, kind: 'tampered' },
    ]);
  });

  it('sees a record added after the last page with a position the chain already has', async () => {
    const deps = await databases.deps(id);
    await inTransaction(deps, (tx) =>
      appendAudit(
        tx,
        ctx(0),
        Array.from({ length: 2000 }, (_, i) => ({
          action: 'test.bulk',
          entity: 'test',
          entityId: String(i),
        })),
      ),
    );
    const rows = await records(deps);
    // Exactly one full page: the forged record is the only one on the next page.
    const forged = { ...rows[6], seq: 2001, chain: 1, chain_seq: 7, action: 'user.grant-admin' };
    forged.hash = auditHash(forged);
    await deps.db.insertInto('audit_log').values(forged).execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    // Only that record (tampered on SQLite, which never stores a position; a repeated position elsewhere).
    expect(v.problems.map((p) => p.seq)).toEqual([2001]);
  });

  it('sees forged records numbered 0 or below, and chains that do not exist', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 5);
    const rows = await records(deps);
    const low = { ...rows[2], seq: -1, chain: 1, chain_seq: 3, action: 'user.grant-admin' };
    low.hash = auditHash(low);
    await deps.db.insertInto('audit_log').values(low).execute();
    expect(kinds((await verifyAuditChain(deps)).problems)).toEqual([{ seq: -1, kind: 'tampered' }]);
    await deps.db.deleteFrom('audit_log').where('seq', '=', -1).execute();

    // A ninth chain with a head of its own and a record that links from the genesis hash.
    const extra = {
      ...rows[0],
      seq: 6,
      chain: 9,
      chain_seq: 1,
      prev_hash: GENESIS_HASH,
      action: 'user.grant-admin',
    };
    extra.hash = auditHash(extra);
    await deps.db.insertInto('audit_log').values(extra).execute();
    // Reported once, by the walk (not again as "not covered by a head").
    expect(kinds((await verifyAuditChain(deps)).problems)).toEqual([{ seq: 6, kind: 'tampered' }]);
    await deps.db.insertInto('audit_head').values({ id: 9, seq: 1, hash: extra.hash }).execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    expect(kinds(v.problems)).toEqual([
      { seq: 0, kind: 'tampered' },
      { seq: 6, kind: 'tampered' },
    ]);
  });

  it('reports a chain head that was deleted', async () => {
    const deps = await databases.deps(id);
    await seedCustomers(deps, 2);
    await deps.db.deleteFrom('audit_head').where('id', '=', 5).execute();
    const v = await verifyAuditChain(deps);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toEqual(['the head of chain 5 is missing']);
  });
});
