import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { insertStatement } from '../../db/insert-rows';
import type { SqlStatement } from '../../db/run-sql';
import { type AppDeps, inTransaction, SYSTEM_ACTOR } from '../app-deps';
import { outboxStatement } from '../shared/outbox';
import { appendAudit } from './append-audit';
import { verifyAuditChain } from './verify-audit-chain';

const databases = TestDatabases.create();
const now = new Date('2026-11-29T02:00:00.000Z');
const ctx = { actor: { ...SYSTEM_ACTOR, name: 'writes-first' }, ip: null, requestId: null, now };

const counterRow = (name: string) => insertStatement('counters', [{ name, value: 1 }]);

/** One audited test write (entity id `entityId`) with `writesFirst`, in a transaction of its own. */
const auditWith = (deps: AppDeps, entityId: string, writesFirst: SqlStatement[], after?: unknown) =>
  inTransaction(deps, (tx) =>
    appendAudit(tx, ctx, { action: 'test.write', entity: 'test', entityId, after }, { writesFirst }),
  );

describe.each(databases.eachSupportedId())('appendAudit with writes first on %s', (id) => {
  it('stores the writes and the record together, once each, with the chain intact', async () => {
    const deps = await databases.deps(id);
    await auditWith(
      deps,
      'w1',
      [
        counterRow('writes-first:a'),
        outboxStatement(now, { topic: 'test.topic', dedupeKey: 'wf-1', payload: { n: 1 } }),
      ],
      { n: 1 },
    );
    const counters = await deps.db
      .selectFrom('counters')
      .select(['name', 'value'])
      .where('name', 'like', 'writes-first:%')
      .execute();
    expect(counters.map((c) => [c.name, Number(c.value)])).toEqual([['writes-first:a', 1]]);
    const outbox = await deps.db
      .selectFrom('outbox')
      .select('dedupe_key')
      .where('topic', '=', 'test.topic')
      .execute();
    expect(outbox).toEqual([{ dedupe_key: 'wf-1' }]);
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'test.write')
      .execute();
    expect(audit).toEqual([{ entity_id: 'w1' }]);
    expect((await verifyAuditChain(deps)).problems).toEqual([]);
  });

  it('changes nothing when one of the writes fails: no record, no other write, the chain unchanged', async () => {
    const deps = await databases.deps(id);
    await auditWith(deps, 'w2', [counterRow('writes-first:dup')]);
    const before = await deps.db.selectFrom('audit_log').select('seq').execute();
    await expect(
      auditWith(deps, 'w3', [
        outboxStatement(now, { topic: 'test.topic', dedupeKey: 'wf-3', payload: {} }),
        // Already there: a unique violation.
        counterRow('writes-first:dup'),
      ]),
    ).rejects.toThrow();
    expect(await deps.db.selectFrom('audit_log').select('seq').execute()).toHaveLength(before.length);
    expect(
      await deps.db.selectFrom('outbox').select('id').where('dedupe_key', '=', 'wf-3').execute(),
    ).toEqual([]);
    expect((await verifyAuditChain(deps)).problems).toEqual([]);
  });

  it('runs the writes when there is nothing to audit', async () => {
    const deps = await databases.deps(id);
    await inTransaction(deps, (tx) =>
      appendAudit(tx, ctx, [], { writesFirst: [counterRow('writes-first:alone')] }),
    );
    expect(
      await deps.db.selectFrom('counters').select('name').where('name', '=', 'writes-first:alone').execute(),
    ).toHaveLength(1);
  });

  it('takes only plain INSERT, UPDATE and DELETE statements as writes first', async () => {
    const deps = await databases.deps(id);
    await expect(
      auditWith(deps, 'w4', [
        {
          text: 'with x as (select 1) insert into "counters" ("name", "value") values (?, ?)',
          parameters: ['x', 1],
        },
      ]),
    ).rejects.toThrow(/plain INSERT/);
    expect(
      await deps.db.selectFrom('audit_log').select('seq').where('entity_id', '=', 'w4').execute(),
    ).toEqual([]);
  });
});
