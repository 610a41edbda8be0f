import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const WARRANTY = { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 };
const ONE_BAD = new URL('../fixtures/customers-one-bad.csv', import.meta.url);

/** A multipart/form-data body built by the platform's FormData, as bytes for inject(). */
async function multipart(
  fields: Record<string, string | { bytes: Buffer | string; filename: string; type?: string }>,
) {
  const fd = new FormData();
  for (const [name, v] of Object.entries(fields)) {
    if (typeof v === 'string') fd.append(name, v);
    else
      fd.append(
        name,
        new Blob([typeof v.bytes === 'string' ? v.bytes : new Uint8Array(v.bytes)], {
          type: v.type ?? 'application/octet-stream',
        }),
        v.filename,
      );
  }
  const res = new Response(fd);
  return {
    payload: Buffer.from(await res.arrayBuffer()),
    headers: { 'content-type': res.headers.get('content-type') as string },
  };
}

describe.each(databases.eachSupportedId())('imports API on %s', (id) => {
  let h: ApiHarness;
  let agent: string;
  const snapshot = async () => ({
    customers: await countRows(h.deps, 'customers'),
    units: await countRows(h.deps, 'units'),
    audit: await countRows(h.deps, 'audit_log'),
  });
  const upload = async (
    kind: string,
    file: { bytes: Buffer | string; filename: string },
    query = '',
    token = agent,
    lang?: string,
  ) => {
    const body = await multipart({ file });
    return h.call({
      method: 'POST',
      url: `/api/v1/imports/${kind}${query}`,
      token,
      headers: { ...body.headers, ...(lang ? { 'accept-language': lang } : {}) },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    agent = await h.token('agent');
    const admin = await h.token('admin');
    const model = await h.call({
      method: 'POST',
      url: '/api/v1/product-models',
      token: admin,
      payload: { code: 'KFR-26GW', name: '挂机', category: '空调', warranty: WARRANTY },
    });
    expect(model.statusCode).toBe(201);
  });
  afterAll(() => h.close());

  it('imports a CSV with Chinese headers and then units by customer phone and customer number', async () => {
    const res = await upload('customers', {
      bytes:
        '姓名,手机,地址,城市,区县\n韦接口,13600000001,广西壮族自治区南宁市江南区星光大道1号,南宁市,江南区\n覃接口,13600000002,,柳州市,柳北区\n',
      filename: '客户.csv',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'customers',
      dryRun: false,
      total: 2,
      accepted: 2,
      rejected: 0,
      imported: 2,
      errors: [],
    });
    const list = (
      await h.call({ method: 'GET', url: '/api/v1/customers?q=13600000002', token: agent })
    ).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ name: '覃接口', phone: '136****0002' });
    const number = list.items[0].number as string;

    const units = await upload('units', {
      bytes: `serial,model,customer phone,customer number,purchased at\nAPI-0001,KFR-26GW,13600000001,,2026-05-01\nAPI-0002,KFR-26GW,,${number},\n`,
      filename: 'units.csv',
    });
    expect(units.statusCode).toBe(200);
    expect(units.json()).toMatchObject({ kind: 'units', total: 2, imported: 2, errors: [] });
    const byNumber = (
      await h.call({ method: 'GET', url: '/api/v1/units?serial=API-0002', token: agent })
    ).json();
    expect(byNumber.items[0]).toMatchObject({
      serial: 'API-0002',
      customerId: list.items[0].id,
      customerName: '覃接口',
    });
  });

  it('imports an XLSX file with English headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('customers');
    ws.addRow(['Name', 'Phone', 'Address', 'City', 'District']);
    ws.addRow(['Excel One', 13600000011, '广西壮族自治区桂林市七星区漓江路11号', '桂林市', '七星区']);
    ws.addRow(['Excel Two', '13600000012', '', '桂林市', '象山区']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('customers', { bytes, filename: 'customers.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, imported: 2, errors: [] });
    const rows = await h.deps.db
      .selectFrom('customers')
      .select(['name', 'district'])
      .where('name', 'like', 'Excel %')
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: 'Excel One', district: '七星区' },
      { name: 'Excel Two', district: '象山区' },
    ]);
  });

  it('dryRun=true reports counts and row errors and writes nothing', async () => {
    const before = await snapshot();
    const res = await upload(
      'customers',
      { bytes: fs.readFileSync(ONE_BAD), filename: 'customers-one-bad.csv' },
      '?dryRun=true',
      agent,
      'en-US',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'customers',
      dryRun: true,
      total: 2,
      accepted: 1,
      rejected: 1,
      imported: 0,
      errors: [{ row: 3, field: 'phone', message: expect.stringContaining('Invalid mobile number') }],
    });
    const clean = await upload(
      'customers',
      { bytes: '姓名,手机\n只是试试,13600000021\n', filename: 'c.csv' },
      '?dryRun=1',
    );
    expect(clean.json()).toMatchObject({ dryRun: true, total: 1, accepted: 1, rejected: 0, imported: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a file with bad rows all-or-nothing, and imports the valid rows with skipInvalid=true', async () => {
    const before = await snapshot();
    const file = [
      '序列号,型号,客户手机,购买日期',
      'ALL-0001,KFR-26GW,13600000001,2026-01-01',
      'ALL-0002,NOPE-1,13600000001,',
      'ALL-0003,KFR-26GW,13999999999,',
      'ALL-0004,KFR-26GW,13600000001,2026/01/01',
      'API-0001,KFR-26GW,13600000001,',
      'ALL-0001,KFR-26GW,13600000002,',
    ].join('\n');
    const rejected = await upload('units', { bytes: file, filename: 'units.csv' });
    expect(rejected.statusCode).toBe(200);
    const report = rejected.json();
    expect(report).toMatchObject({ total: 6, accepted: 1, rejected: 5, imported: 0 });
    // A field may carry more than one message (e.g. format and existence of a date): one entry per row and field.
    const keys: string[] = report.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    const fields = [...new Set(keys)].map((k) => [Number(k.split(':')[0]), k.split(':')[1]]);
    expect(fields).toEqual([
      [3, 'model'],
      [4, 'customer'],
      [5, 'purchasedAt'],
      [6, 'serial'],
      [7, 'serial'],
    ]);
    expect(await snapshot()).toEqual(before);

    const skipped = await upload('units', { bytes: file, filename: 'units.csv' }, '?skipInvalid=true');
    expect(skipped.json()).toMatchObject({ total: 6, accepted: 1, rejected: 5, imported: 1 });
    const after = await snapshot();
    expect(after.units).toBe(before.units + 1);
    expect(after.audit).toBe(before.audit + 1);
    const unit = (await h.call({ method: 'GET', url: '/api/v1/units?serial=ALL-0001', token: agent })).json();
    expect(unit.items).toHaveLength(1);
    expect(unit.items[0].purchasedAt).toBe('2026-01-01');
  });

  it('answers garbage, an empty file, a missing file field and a non-multipart body with 400 in the error shape', async () => {
    const before = await snapshot();
    const bodies = [
      await multipart({
        file: { bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13, 0x37]), filename: 'x.xlsx' },
      }),
      await multipart({
        file: {
          bytes: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 5) % 256)),
          filename: 'noise.csv',
        },
      }),
      await multipart({ file: { bytes: '', filename: 'empty.csv' } }),
      await multipart({ note: 'no file here' }),
    ];
    for (const body of bodies) {
      const res = await h.call({
        method: 'POST',
        url: '/api/v1/imports/customers',
        token: agent,
        headers: body.headers,
        payload: body.payload,
      });
      expect(res.statusCode).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(typeof err.message).toBe('string');
      expect(err.details.map((d: { path: string }) => d.path)).toEqual(['file']);
    }
    const json = await h.call({
      method: 'POST',
      url: '/api/v1/imports/customers',
      token: agent,
      payload: { name: 'x' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('VALIDATION_FAILED');
    const truncated = await h.call({
      method: 'POST',
      url: '/api/v1/imports/customers',
      token: agent,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n姓名,手机\n',
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
    const badQuery = await upload(
      'customers',
      { bytes: '姓名,手机\nq,13600000031\n', filename: 'c.csv' },
      '?dryRun=maybe',
    );
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details[0].path).toBe('dryRun');
    const badKind = await upload('widgets', { bytes: '姓名,手机\nq,13600000031\n', filename: 'c.csv' });
    expect(badKind.statusCode).toBe(404);
    expect(badKind.json().error.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses roles without imports:run (403) and anonymous callers (401)', async () => {
    const file = { bytes: '姓名,手机\n越权,13600000041\n', filename: 'c.csv' };
    const customerId = (await h.deps.db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
    const tokens = {
      technician: await h.token('technician'),
      customer: await h.token('customer', { customerId }),
    };
    const before = await snapshot();
    for (const [role, token] of Object.entries(tokens)) {
      const res = await upload('customers', file, '', token);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const body = await multipart({ file });
    const anon = await h.call({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: body.headers,
      payload: body.payload,
    });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
    const manager = await h.token('manager');
    expect((await upload('customers', file, '?dryRun=true', manager)).statusCode).toBe(200);
  });
});
