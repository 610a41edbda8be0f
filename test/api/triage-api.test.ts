import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoEnterprise } from '../../src/app/demo/seed-demo-enterprise';
import { MIN_TRAINING_SAMPLES } from '../../src/app/triage/train-triage-model';
import { triageTokenizer } from '../../src/app/triage/triage-tokenizer';
import type { NaiveBayesModel } from '../../src/domain/triage/naive-bayes';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

describe('triage tokenizer', () => {
  it('segments Chinese with jieba and glues negations to their word', () => {
    const t = triageTokenizer();
    expect(t.name).toBe('jieba');
    expect(t.tokenize('空调不制冷了，显示E1')).toEqual(expect.arrayContaining(['空调', '不制冷', 'e1']));
  });
});

describe.each(databases.eachSupportedId())('triage API on %s', (id) => {
  let h: ApiHarness;
  const post = async (url: string, payload: unknown, role: 'agent' | 'manager' | 'admin' = 'agent') =>
    h.call({ method: 'POST', url, token: await h.token(role), payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    h = await apiHarness(databases, id);
  });
  afterAll(() => h.close());
  afterEach(() => {
    delete process.env.AFTERCARE_TRIAGE_MIN_SAMPLES;
  });

  it('refuses to train on too few closed requests and changes nothing; without a model it uses the rules', async () => {
    await h.token('manager');
    const audit = await countRows(h.deps, 'audit_log');
    const res = await post('/api/v1/triage/train', {}, 'manager');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'serviceRequests' }] });
    expect(res.json().error.message).toContain(String(MIN_TRAINING_SAMPLES));
    expect(await countRows(h.deps, 'audit_log')).toBe(audit);
    const s = await post('/api/v1/triage/suggest', { description: '刚买三天就坏了要求退货' });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toEqual({
      type: 'return',
      method: 'keyword-rule',
      confidence: 0.7,
      reasons: [{ rule: 'return', matched: '要求退' }],
      alternatives: [],
      model: null,
    });
  });

  it('trains on the closed requests (admin, manager), stores and audits the model', async () => {
    await seedDemoEnterprise(h.deps, { customers: 170, seed: 11, force: false, now: h.now.value });
    const closed = await h.deps.db
      .selectFrom('service_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    expect((await post('/api/v1/triage/train', {}, 'agent')).statusCode).toBe(403);
    expect((await post('/api/v1/triage/train', { holdoutShare: 0.9 }, 'admin')).statusCode).toBe(400);
    const res = await post('/api/v1/triage/train', { holdoutShare: 0.25 }, 'manager');
    expect(res.statusCode).toBe(201);
    const m = res.json();
    expect(m.sampleCount).toBe(Number(closed.n));
    expect(m.holdoutCount).toBe(Math.floor(m.sampleCount * 0.25));
    expect(m.classes).toEqual(
      expect.arrayContaining(['repair', 'installation', 'maintenance', 'consultation']),
    );
    expect(m.tokenizer).toBe('jieba');
    expect(m.accuracy).toBeGreaterThan(m.baselineAccuracy);
    expect(m.metrics.pipeline.total).toBe(m.holdoutCount);
    expect(m.metrics.pipeline.perClass.find((c: { label: string }) => c.label === 'repair')).toMatchObject({
      precision: expect.any(Number),
      recall: expect.any(Number),
    });
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'triage-model.train')
      .where('entity_id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json as string)).toMatchObject({ sampleCount: m.sampleCount });
    const list = await h.call({
      method: 'GET',
      url: '/api/v1/triage/models',
      token: await h.token('manager'),
    });
    expect(list.json().items[0]).toMatchObject({ id: m.id, sampleCount: m.sampleCount });
    expect(list.json().items[0].model).toBeUndefined();
    expect(list.json().minSamples).toBe(200);
  });

  it('suggests a type for the agent screen: classifier with reasons and alternatives, safety first', async () => {
    const res = await post('/api/v1/triage/suggest', { description: '空调用了两年想洗洗' });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ type: 'maintenance', method: 'classifier', model: { used: true } });
    expect(s.confidence).toBeGreaterThan(0.5);
    expect(s.reasons.length).toBeGreaterThan(0);
    expect(s.reasons[0].text).toMatch(/^'.+' → maintenance$/);
    for (const a of s.alternatives) expect(a.probability).toBeLessThanOrEqual(s.confidence);
    // The model would call this maintenance; the safety rule makes it an emergency.
    const hazard = (
      await post('/api/v1/triage/suggest', { description: '油烟机想清洗，闻到很浓的煤气味' })
    ).json();
    expect(hazard).toMatchObject({ type: 'emergency', method: 'safety-rule', confidence: 1 });
    const bad = await post('/api/v1/triage/suggest', { description: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('description');
  });

  it('classifies new requests with the model after the safety rules, unless the minimum is not reached', async () => {
    const customerId = (await h.deps.db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
    const create = (description: string, type?: string) =>
      post('/api/v1/service-requests', {
        customerId,
        channel: 'hotline',
        description,
        ...(type ? { type } : {}),
      });
    const learned = (await create('空调用了两年想洗洗')).json();
    expect(learned).toMatchObject({
      type: 'maintenance',
      typeSource: 'triage',
      triage: { method: 'classifier' },
    });
    expect(learned.triage.modelId).toBeTruthy();
    const hazard = (await create('电热水器漏电，手碰到发麻', 'maintenance')).json();
    expect(hazard).toMatchObject({
      type: 'emergency',
      typeSource: 'triage',
      triage: { method: 'safety-rule' },
    });
    expect((await create('空调用了两年想洗洗', 'repair')).json()).toMatchObject({
      type: 'repair',
      typeSource: 'given',
    });
    process.env.AFTERCARE_TRIAGE_MIN_SAMPLES = '100000';
    const rules = (await create('空调用了两年想洗洗')).json();
    expect(rules).toMatchObject({ type: 'repair', triage: { method: 'default' } });
    expect(
      (await post('/api/v1/triage/suggest', { description: '空调用了两年想洗洗' })).json(),
    ).toMatchObject({
      method: 'default',
      model: { used: false },
    });
  });

  it("learns an agent's override as the request's final type", async () => {
    const customerId = (await h.deps.db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
    const description = '空调用了两年想洗洗 zqxwv';
    const sr = (
      await post('/api/v1/service-requests', { customerId, channel: 'hotline', description })
    ).json();
    expect(sr.type).toBe('maintenance');
    const event = (payload: Record<string, unknown>) =>
      post(`/api/v1/service-requests/${sr.id}/events`, payload);
    expect(
      (await event({ type: 'reclassified', newType: 'consultation', reason: '客户只是问价格' })).statusCode,
    ).toBe(201);
    expect((await event({ type: 'responded' })).statusCode).toBe(201);
    expect((await event({ type: 'resolved', firstContact: true })).statusCode).toBe(201);
    expect((await event({ type: 'closed' })).json()).toMatchObject({
      status: 'closed',
      type: 'consultation',
    });
    const res = await post('/api/v1/triage/train', {}, 'admin');
    expect(res.statusCode).toBe(201);
    const row = await h.deps.db
      .selectFrom('triage_models')
      .select('model_json')
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const model = JSON.parse(row.model_json) as NaiveBayesModel;
    const counts = model.vocabulary.zqxwv;
    expect(counts[model.classes.indexOf('consultation')]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
