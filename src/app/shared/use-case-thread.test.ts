import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDataKeySpec } from '../../../test/test-databases';
import { loadCipher } from '../../config/runtime-config';
import { connectDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { SqliteWriteGate } from '../../db/sqlite-write-gate';
import { type AppDeps, type Ctx, SYSTEM_ACTOR, systemCtx } from '../app-deps';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { seedReferenceData } from '../bootstrap/seed-reference-data';
import { createCustomer } from '../customers/create-customer';
import { anonymiseCustomer } from '../customers/personal-data';
import {
  type CreateServiceRequestResult,
  createPreparedServiceRequest,
  prepareServiceRequest,
} from '../requests/create-service-request';
import { putSlaPolicy } from '../sla/policies-admin';
import { AppError } from './app-error';
import { UseCaseThread, UseCaseThreadUnavailable } from './use-case-thread';

const env = { AFTERCARE_DATA_KEYS: testDataKeySpec };

/** A migrated, seeded SQLite database whose event-loop connection takes turns through `gate`. */
async function gatedDatabase(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const gate = new SqliteWriteGate('loop');
  const handle = connectDatabase({ dataDir: dir, writeGate: gate });
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db, new Date());
  const deps: AppDeps = {
    db: handle.db,
    dialect: 'sqlite',
    cipher: loadCipher(env, dir),
    zone: 'Asia/Shanghai',
  };
  const startThread = (timeoutMs?: number) =>
    UseCaseThread.start({ dataDir: dir, env, zone: 'Asia/Shanghai', gate }, timeoutMs);
  const close = async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { gate, handle, deps, startThread, close };
}

// The use-case thread of SQLite servers (issue 3's intake benchmark): request creates run in a second
// thread with its own connection, beside writes on the event loop's connection.
describe('UseCaseThread', () => {
  let db: Awaited<ReturnType<typeof gatedDatabase>>;
  let handle: DatabaseHandle;
  let deps: AppDeps;
  let thread: UseCaseThread;
  const ctx = (): Ctx => ({
    ...systemCtx(new Date()),
    actor: { ...SYSTEM_ACTOR, name: 'agent', permissions: new Set(['requests:write', 'customers:write']) },
  });
  // As the route does: checked and triaged on the event loop, written in the thread.
  const create = async (input: Record<string, unknown>) => {
    const c = ctx();
    const prepared = await prepareServiceRequest(deps, c, {
      channel: 'hotline',
      type: 'repair',
      description: '冰箱不制冷',
      ...input,
    });
    return thread.run<CreateServiceRequestResult>('create-prepared-service-request', c, prepared);
  };

  beforeAll(async () => {
    db = await gatedDatabase('aftercare-thread-');
    ({ handle, deps } = db);
    const started = await db.startThread();
    if (!started) throw new Error('the thread did not start');
    thread = started;
  }, 60_000);

  afterAll(async () => {
    await thread?.stop();
    await db?.close();
  });

  it('creates requests in the thread while the event loop writes too; numbers and audit chain stay whole', async () => {
    expect(thread.available()).toBe(true);
    const customer = await createCustomer(deps, systemCtx(new Date()), {
      name: '线程',
      phone: '13800001111',
    });
    const n = 60;
    // Creates in the thread and customer registrations on the event loop, all at once.
    const [created, registered] = await Promise.all([
      Promise.all(Array.from({ length: n }, () => create({ customerId: customer.id }))),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createCustomer(deps, systemCtx(new Date()), {
            name: `并发${i}`,
            phone: `1390000${String(i).padStart(4, '0')}`,
          }),
        ),
      ),
    ]);
    expect(registered).toHaveLength(20);
    const numbers = created.map((r) => r.number);
    expect(new Set(numbers).size).toBe(n);
    const stored = await handle.db
      .selectFrom('service_requests')
      .select(['id', 'number'])
      .where('customer_id', '=', customer.id)
      .execute();
    expect(new Map(stored.map((r) => [r.id, r.number]))).toEqual(
      new Map(created.map((r) => [r.id, r.number])),
    );
    // Gapless within the day, as on the event loop.
    const seqs = numbers.map((x) => Number(x.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => seqs[0] + i));
    expect(created[0].sla.response?.dueAt).toBeTruthy();
    const clocks = await handle.db
      .selectFrom('sla_clocks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'subject_id',
        'in',
        created.map((r) => r.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(clocks.n)).toBe(n * 2);
    const audit = await verifyAuditChain(deps);
    expect(audit.problems).toEqual([]);
    expect((await thread.stats()).runs).toBeGreaterThanOrEqual(n);
  });

  it('reports errors as the event loop would: field-level validation, conflicts', async () => {
    const bad = await create({ customerId: 'nobody', description: '' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).status).toBe(400);
    expect((bad as AppError).details.map((d) => d.path)).toContain('description');
    // Found only inside the thread's transaction: the error crosses back with its code, text and fields.
    const unknown = await create({ customerId: 'nobody' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect((unknown as AppError).details).toEqual([
      { path: 'customerId', message: { zh: '客户不存在', en: 'Unknown customer' } },
    ]);
    const gone = await createCustomer(deps, systemCtx(new Date()), { name: '注销', phone: '13800002222' });
    await anonymiseCustomer(
      deps,
      {
        ...systemCtx(new Date()),
        actor: { ...SYSTEM_ACTOR, permissions: new Set(['pii:erase', 'customers:write']) },
      },
      gone.id,
      { confirmNumber: gone.number, reason: '客户要求删除个人信息' },
    );
    const refused = await create({ customerId: gone.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);
  });

  it('checks a create before its first write: bad input does not roll back the batch it shares', async () => {
    const customer = await createCustomer(deps, systemCtx(new Date()), {
      name: '校验',
      phone: '13800004444',
    });
    const before = (await thread.stats()).replays;
    // A caller new to the system cannot own the unit: refused before the caller is registered.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        i % 4 === 1
          ? create({
              caller: { name: `新来电${i}`, phone: `1370001${String(i).padStart(4, '0')}` },
              unitId: 'nope',
            })
          : create({ customerId: customer.id }),
      ),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([1, 5, 9, 13]);
    for (const i of failed)
      expect((outcomes[i] as PromiseRejectedResult).reason).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'unitId' }],
      });
    expect((await thread.stats()).replays).toBe(before);
    const callers = await handle.db
      .selectFrom('customers')
      .select('id')
      .where('name', 'like', '新来电%')
      .execute();
    expect(callers).toEqual([]);
  });

  it('runs again the creates of a batch that a create failing after its first write rolled back', async () => {
    const customer = await createCustomer(deps, systemCtx(new Date()), {
      name: '重放',
      phone: '13800003333',
    });
    const before = (await thread.stats()).replays;
    // The same prepared create sent twice (its clock rows exist the second time: a constraint fails after
    // the day's counter was taken). Without savepoints the failing one's batch rolls back, and the creates
    // that had finished in it run again; one of each pair is stored.
    const c = ctx();
    const prepared = await Promise.all(
      Array.from({ length: 36 }, () =>
        prepareServiceRequest(deps, c, {
          customerId: customer.id,
          channel: 'hotline',
          type: 'repair',
          description: '冰箱不制冷',
        }),
      ),
    );
    const sent = prepared.flatMap((p, i) => (i % 9 === 2 ? [p, p] : [p]));
    const outcomes = await Promise.allSettled(
      sent.map((p) => thread.run<CreateServiceRequestResult>('create-prepared-service-request', c, p)),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    for (const p of prepared) {
      const mine = outcomes.filter((_, k) => sent[k] === p);
      expect(mine.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    }
    expect((await thread.stats()).replays).toBeGreaterThan(before);
    // Each stored once, with the number its caller was given; the audit chain is whole.
    const stored = await handle.db
      .selectFrom('service_requests')
      .select(['id', 'number'])
      .where('customer_id', '=', customer.id)
      .execute();
    expect(stored).toHaveLength(36);
    const given = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [[o.value.id, o.value.number]] : []));
    expect(Object.fromEntries(given)).toEqual(Object.fromEntries(stored.map((r) => [r.id, r.number])));
    expect(new Set(stored.map((r) => r.number)).size).toBe(36);
    expect((await verifyAuditChain(deps)).problems).toEqual([]);
  });

  it('answers a create that already committed from the store when asked ifAbsent (after a thread died)', async () => {
    const c = await createCustomer(deps, systemCtx(new Date()), { name: '已提交', phone: '13800008888' });
    const prepared = await prepareServiceRequest(deps, ctx(), {
      channel: 'hotline',
      type: 'repair',
      description: '冰箱不制冷',
      customerId: c.id,
    });
    const first = await thread.run<CreateServiceRequestResult>(
      'create-prepared-service-request',
      ctx(),
      prepared,
    );
    const again = await createPreparedServiceRequest(deps, ctx(), prepared, { ifAbsent: true });
    expect(again).toMatchObject({ id: first.id, number: first.number, customerId: c.id });
    const rows = await handle.db
      .selectFrom('service_requests')
      .select('id')
      .where('customer_id', '=', c.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('sees a policy changed through the event loop at once', async () => {
    const vip = await createCustomer(deps, systemCtx(new Date()), {
      name: '贵宾',
      phone: '13800003333',
      groupCode: 'VIP',
    });
    expect((await create({ customerId: vip.id })).policyId).not.toBe('vip-fast');
    await putSlaPolicy(deps, systemCtx(new Date()), 'vip-fast', {
      name: 'VIP 快速',
      subject: 'service-request',
      match: { types: ['repair'], customerGroup: 'VIP' },
      clocks: [
        {
          name: 'response',
          target: { minutes: 10 },
          calendar: '24x7',
          pausable: false,
          stopOn: ['responded'],
        },
      ],
    });
    const after = await create({ customerId: vip.id });
    expect(after.policyId).toBe('vip-fast');
    expect(Object.keys(after.sla)).toEqual(['response']);
  });

  it('finishes what it runs before it stops; then the event loop takes over', async () => {
    const c = await createCustomer(deps, systemCtx(new Date()), { name: '停止', phone: '13800004444' });
    const input = { channel: 'hotline', type: 'repair', description: '冰箱不制冷', customerId: c.id };
    const prepared = await prepareServiceRequest(deps, ctx(), input);
    const running = thread.run('create-prepared-service-request', ctx(), prepared);
    const stopping = thread.stop();
    // Sent after stop: not taken by the thread, so the caller runs it here.
    const late = await prepareServiceRequest(deps, ctx(), input);
    await expect(thread.run('create-prepared-service-request', ctx(), late)).rejects.toBeInstanceOf(
      UseCaseThreadUnavailable,
    );
    const here = await thread.runOrHere('create-prepared-service-request', ctx(), late, () =>
      createPreparedServiceRequest(deps, ctx(), late),
    );
    await expect(running).resolves.toMatchObject({ customerId: c.id });
    expect(here.parse()).toMatchObject({ customerId: c.id });
    expect((await stopping).runs).toBeGreaterThan(0);
    expect(thread.available()).toBe(false);
  });
});

describe('UseCaseThread that dies', () => {
  it('gives the gate back, and its creates in flight are found or made again, none twice', async () => {
    const { gate, handle, deps, startThread, close } = await gatedDatabase('aftercare-thread-dies-');
    try {
      const thread = await startThread();
      if (!thread) throw new Error('the thread did not start');
      const customer = await createCustomer(deps, systemCtx(new Date()), {
        name: '崩溃',
        phone: '13800005555',
      });
      const actorCtx = (): Ctx => ({
        ...systemCtx(new Date()),
        actor: { ...SYSTEM_ACTOR, permissions: new Set(['requests:write']) },
      });
      const input = {
        channel: 'hotline',
        type: 'repair',
        description: '冰箱不制冷',
        customerId: customer.id,
      };
      // The loop holds the gate, so the thread waits for it with every create in flight.
      await gate.acquire();
      let lost = 0;
      const n = 30;
      const creates = await Promise.all(
        Array.from({ length: n }, () => prepareServiceRequest(deps, actorCtx(), input)),
      );
      const inFlight = creates.map((prepared) =>
        thread.runOrHere(
          'create-prepared-service-request',
          actorCtx(),
          prepared,
          () => createPreparedServiceRequest(deps, actorCtx(), prepared),
          () => {
            lost += 1;
            return createPreparedServiceRequest(deps, actorCtx(), prepared, { ifAbsent: true });
          },
        ),
      );
      for (let i = 0; !gate.otherWaits(); i++) {
        if (i > 500) throw new Error('the thread never waited for the gate');
        await new Promise((r) => setTimeout(r, 10));
      }
      gate.release();
      // Handed over: the thread now holds the gate and runs a batch.
      expect(gate.holder()).toBe('thread');
      await thread.terminate();
      const results = await Promise.all(inFlight);
      expect(lost).toBeGreaterThan(0);
      expect(thread.available()).toBe(false);
      expect(gate.holder()).toBe('free');
      // Every create is there once: those the thread committed are read back, the others made here.
      expect(new Set(results.map((r) => r.parse<{ id: string }>().id))).toEqual(
        new Set(creates.map((p) => p.id)),
      );
      const stored = await handle.db
        .selectFrom('service_requests')
        .select(['id', 'number'])
        .where('customer_id', '=', customer.id)
        .execute();
      expect(stored).toHaveLength(n);
      expect(new Set(stored.map((r) => r.number)).size).toBe(n);
      expect((await verifyAuditChain(deps)).problems).toEqual([]);
      expect(thread.backlog()).toBe(0);
    } finally {
      await close();
    }
  });

  it('leaves intake on the event loop when the thread cannot start in time', async () => {
    const { gate, startThread, close } = await gatedDatabase('aftercare-thread-late-');
    try {
      expect(await startThread(1)).toBeNull();
      expect(gate.holder()).toBe('free');
    } finally {
      await close();
    }
  });
});
