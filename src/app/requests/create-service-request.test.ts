import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { type AppDeps, type Ctx, systemCtx } from '../app-deps';
import { uploadAttachment } from '../attachments/attachments';
import { createCustomer } from '../customers/create-customer';
import { createProductModel } from '../customers/product-models';
import { createUnit } from '../customers/units';
import {
  type CreateServiceRequestResult,
  createPreparedServiceRequest,
  createPreparedServiceRequestJson,
  createServiceRequest,
  prepareServiceRequest,
} from './create-service-request';
import { serviceRequestView } from './service-request-view';

const databases = TestDatabases.create();

/** A product model with 三包 terms and one unit of it, bought on `purchasedAt`, for `customerId`. */
async function unitFor(
  deps: AppDeps,
  ctx: Ctx,
  customerId: string,
  unit: { code: string; name: string; category: string; serial: string; purchasedAt: string },
) {
  await createProductModel(deps, ctx, {
    code: unit.code,
    name: unit.name,
    category: unit.category,
    warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 },
  });
  return createUnit(deps, ctx, {
    customerId,
    serial: unit.serial,
    model: unit.code,
    purchasedAt: unit.purchasedAt,
  });
}

describe.each(databases.eachSupportedId())('createServiceRequest on %s', (id) => {
  it('answers the view that reading the stored row gives (triage, clocks and 三包 status included)', async () => {
    const deps = await databases.deps(id);
    const now = new Date('2026-11-30T01:00:00Z');
    const ctx = systemCtx(now);
    const customer = await createCustomer(deps, ctx, { name: '视图', phone: '13700002222' });
    const unit = await unitFor(deps, ctx, customer.id, {
      code: 'AC-VIEW-1',
      name: '空调',
      category: 'air-conditioner',
      serial: 'SN-VIEW-0001',
      purchasedAt: '2026-11-20',
    });
    const created = await createServiceRequest(deps, ctx, {
      customerId: customer.id,
      unitId: unit.id,
      channel: 'hotline',
      description: '空调不制冷，外机有异响',
      symptoms: ['不制冷', '异响'],
    });
    const row = await deps.db
      .selectFrom('service_requests')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    const { attachments, possibleDuplicates, ...view } = created;
    expect(attachments).toEqual([]);
    expect(possibleDuplicates).toEqual([]);
    const stored = serviceRequestView(row, now);
    expect(view).toStrictEqual(stored);
    // Byte for byte what a response or an audit record would hold.
    expect(JSON.stringify(view)).toBe(JSON.stringify(stored));
    expect(view.warranty).not.toBeNull();
    expect(Object.keys(view.sla).length).toBeGreaterThan(0);
    expect(view.triage).toMatchObject({ type: expect.any(String), method: expect.any(String) });
    // The audit record holds the view without the free text, as JSON.stringify would write it.
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity', '=', 'service-request')
      .where('entity_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(audit.after_json).toBe(JSON.stringify({ ...stored, description: undefined }));
  });

  it('answers with the JSON text JSON.stringify would write, description with quotes and escapes too', async () => {
    const deps = await databases.deps(id);
    const ctx = systemCtx(new Date('2026-11-30T02:00:00Z'));
    const customer = await createCustomer(deps, ctx, { name: '文本', phone: '13700003333' });
    const prepared = await prepareServiceRequest(deps, ctx, {
      customerId: customer.id,
      channel: 'online',
      description: '燃气灶"打不着火",\\反斜杠 "description":"x" \u2028 🔥',
    });
    const text = (await createPreparedServiceRequestJson(deps, ctx, prepared)).text;
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(text).toBe(JSON.stringify(parsed));
    expect(Object.keys(parsed).slice(-2)).toEqual(['attachments', 'possibleDuplicates']);
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_id', '=', prepared.id)
      .executeTakeFirstOrThrow();
    const { attachments: _a, possibleDuplicates: _p, ...view } = parsed;
    expect(audit.after_json).toBe(JSON.stringify({ ...view, description: undefined }));
  });

  it('answers with the text JSON.stringify would write when it links photos and finds open requests', async () => {
    const deps = await databases.deps(id);
    const ctx = systemCtx(new Date('2026-11-30T03:00:00Z'));
    const customer = await createCustomer(deps, ctx, { name: '附件', phone: '13700004444' });
    const unit = await unitFor(deps, ctx, customer.id, {
      code: 'WM-TEXT-1',
      name: '洗衣机',
      category: 'washer',
      serial: 'SN-TEXT-0001',
      purchasedAt: '2026-11-01',
    });
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]);
    const photo = await uploadAttachment(deps, ctx, { buffer: png, filename: '漏水.png' });
    const input = { customerId: customer.id, unitId: unit.id, channel: 'app', description: '洗衣机漏水' };
    await createServiceRequest(deps, ctx, input);
    const prepared = await prepareServiceRequest(deps, ctx, { ...input, attachmentIds: [photo.id] });
    const text = (await createPreparedServiceRequestJson(deps, ctx, prepared)).text;
    const parsed = JSON.parse(text) as CreateServiceRequestResult;
    expect(text).toBe(JSON.stringify(parsed));
    expect(parsed.attachments.map((a) => a.id)).toEqual([photo.id]);
    expect(parsed.possibleDuplicates).toHaveLength(1);
    // Asked again after a lost answer (ifAbsent): the stored request, its photo; duplicates are not searched.
    const again = await createPreparedServiceRequest(deps, ctx, prepared, { ifAbsent: true });
    expect({ ...again, possibleDuplicates: parsed.possibleDuplicates }).toEqual(parsed);
  });

  it('refuses a caller it would have to register before writing anything: a unit not theirs, no right', async () => {
    const deps = await databases.deps(id);
    const ctx = systemCtx(new Date('2026-11-30T04:00:00Z'));
    const owner = await createCustomer(deps, ctx, { name: '机主', phone: '13700005555' });
    const unit = await unitFor(deps, ctx, owner.id, {
      code: 'TV-NEW-1',
      name: '电视',
      category: 'tv',
      serial: 'SN-NEW-0001',
      purchasedAt: '2026-11-01',
    });
    const agent = {
      ...ctx,
      actor: { ...ctx.actor, permissions: new Set(['requests:write', 'customers:write'] as const) },
    };
    const caller = { name: '新来电', phone: '13700006666' };
    const withUnit = createServiceRequest(deps, agent, {
      caller,
      unitId: unit.id,
      channel: 'hotline',
      description: '电视黑屏',
    });
    await expect(withUnit).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'unitId' }],
    });
    const noRight = createServiceRequest(
      deps,
      { ...ctx, actor: { ...ctx.actor, permissions: new Set(['requests:write'] as const) } },
      { caller, channel: 'hotline', description: '电视黑屏' },
    );
    await expect(noRight).rejects.toMatchObject({ status: 403 });
    const partner = createServiceRequest(
      deps,
      { ...agent, actor: { ...agent.actor, via: 'user', roles: ['partner'], outletId: 'o-1' } },
      { caller, channel: 'hotline', description: '电视黑屏' },
    );
    await expect(partner).rejects.toMatchObject({ status: 403 });
    const registered = await deps.db
      .selectFrom('customers')
      .select('id')
      .where('name', '=', '新来电')
      .execute();
    expect(registered).toEqual([]);
    // With the right and nothing to refuse, the caller is registered with the request.
    const created = await createServiceRequest(deps, agent, {
      caller,
      channel: 'hotline',
      description: '电视黑屏',
    });
    const stored = await deps.db.selectFrom('customers').select('id').where('name', '=', '新来电').execute();
    expect(stored).toEqual([{ id: created.customerId }]);
  });
});
