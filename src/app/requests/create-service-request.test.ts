import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { systemCtx } from '../app-deps';
import { createCustomer } from '../customers/create-customer';
import { createProductModel } from '../customers/product-models';
import { createUnit } from '../customers/units';
import {
  createPreparedServiceRequestJson,
  createServiceRequest,
  prepareServiceRequest,
} from './create-service-request';
import { serviceRequestView } from './service-request-view';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('createServiceRequest on %s', (id) => {
  it('answers the view that reading the stored row gives (triage, clocks and 三包 status included)', async () => {
    const deps = await databases.deps(id);
    const now = new Date('2026-11-30T01:00:00Z');
    const ctx = systemCtx(now);
    const customer = await createCustomer(deps, ctx, { name: '视图', phone: '13700002222' });
    await createProductModel(deps, ctx, {
      code: 'AC-VIEW-1',
      name: '空调',
      category: 'air-conditioner',
      warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 },
    });
    const unit = await createUnit(deps, ctx, {
      customerId: customer.id,
      serial: 'SN-VIEW-0001',
      model: 'AC-VIEW-1',
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
});
