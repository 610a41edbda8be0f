import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/api-harness';
import { TestDatabases } from '../../../test/test-databases';
import { type AppDeps, inTransaction, systemCtx } from '../app-deps';
import { AppError } from '../shared/app-error';
import { insertCustomer } from './create-customer';
import { importInstalledBase } from './import-installed-base';
import { createProductModel } from './product-models';

const GBK_FIXTURE = new URL('../../../test/fixtures/customers-gbk.csv', import.meta.url);

const databases = TestDatabases.create();
const now = new Date('2026-11-29T02:00:00.000Z');
const ctx = systemCtx(now, 'import-test');
const WARRANTY = { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 };

const csv = (text: string, name = 'file.csv') => ({ buffer: Buffer.from(text, 'utf8'), filename: name });

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function counts(deps: AppDeps) {
  return {
    customers: await countRows(deps, 'customers'),
    units: await countRows(deps, 'units'),
    audit: await countRows(deps, 'audit_log'),
  };
}

async function validationDetails(p: Promise<unknown>): Promise<{ path: string }[]> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('VALIDATION_FAILED');
  return (err as AppError).details;
}

describe.each(databases.eachSupportedId())('importInstalledBase on %s', (id) => {
  let deps: AppDeps;
  let owner: { id: string; number: string };

  beforeAll(async () => {
    deps = await databases.deps(id);
    await createProductModel(deps, ctx, {
      code: 'KFR-35GW',
      name: '壁挂式空调 1.5 匹',
      category: '空调',
      warranty: WARRANTY,
    });
    await createProductModel(deps, ctx, {
      code: 'JSQ-16',
      name: '燃气热水器',
      category: '热水器',
      warranty: WARRANTY,
    });
    owner = await inTransaction(deps, (tx) =>
      insertCustomer(tx, ctx, { name: '黄业主', phone: '13977770001' }),
    );
  });

  it('imports customers from a CSV with Chinese headers, encrypting phones and auditing each row', async () => {
    const before = await counts(deps);
    const report = await importInstalledBase(
      deps,
      ctx,
      'customers',
      csv(
        '姓名,手机,地址,城市,区县\n韦一,13800000001,广西壮族自治区南宁市青秀区民族大道1号,南宁市,青秀区\n覃二,138 0000 0002,广西壮族自治区柳州市城中区文昌路2号,柳州市,城中区\n',
      ),
      { dryRun: false },
    );
    expect(report).toEqual({
      kind: 'customers',
      dryRun: false,
      total: 2,
      accepted: 2,
      rejected: 0,
      imported: 2,
      errors: [],
    });
    const rows = await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('name', 'in', ['韦一', '覃二'])
      .orderBy('name')
      .execute();
    expect(rows.map((r) => [r.name, r.city, r.district, r.phone_masked])).toEqual([
      ['覃二', '柳州市', '城中区', '138****0002'],
      ['韦一', '南宁市', '青秀区', '138****0001'],
    ]);
    for (const r of rows) {
      expect(r.phone_enc).not.toContain('1380000000');
      expect(r.number).toMatch(/^CU\d{8}$/);
    }
    expect(deps.cipher.decrypt(rows[0].phone_enc)).toBe('13800000002');
    const after = await counts(deps);
    expect(after.customers).toBe(before.customers + 2);
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'customer.create')
      .where('actor_name', '=', 'import-test')
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
  });

  it('imports customers from a CSV with English headers and a BOM', async () => {
    const report = await importInstalledBase(
      deps,
      ctx,
      'customers',
      csv(
        '\uFEFFName,Phone,Address,City,District\nLu San,+86 13800000003,广西壮族自治区桂林市秀峰区中山路3号,桂林市,秀峰区\n',
      ),
      { dryRun: false },
    );
    expect(report).toMatchObject({ total: 1, accepted: 1, rejected: 0, imported: 1, errors: [] });
    const row = await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('name', '=', 'Lu San')
      .executeTakeFirstOrThrow();
    expect(row.city).toBe('桂林市');
    expect(deps.cipher.decrypt(row.phone_enc)).toBe('13800000003');
  });

  it('imports a CSV saved as GBK by Excel on Chinese Windows', async () => {
    const buffer = fs.readFileSync(GBK_FIXTURE);
    expect(buffer.includes(Buffer.from('姓名'))).toBe(false); // really GBK, not UTF-8
    const report = await importInstalledBase(
      deps,
      ctx,
      'customers',
      { buffer, filename: 'customers-gbk.csv' },
      { dryRun: false },
    );
    expect(report).toMatchObject({ total: 1, imported: 1, errors: [] });
    const row = await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('name', '=', '黄国标')
      .executeTakeFirstOrThrow();
    expect([row.city, row.district]).toEqual(['玉林市', '玉州区']);
  });

  it('imports customers and units from XLSX files generated with exceljs', async () => {
    const customers = await xlsx([
      ['姓名', '手机', '地址', '城市', '区县'],
      ['莫四', 13800000004, '广西壮族自治区梧州市万秀区西江路4号', '梧州市', '万秀区'],
      ['蒙五', '13800000005', '广西壮族自治区北海市海城区北部湾路5号', '北海市', '海城区'],
    ]);
    const r1 = await importInstalledBase(
      deps,
      ctx,
      'customers',
      { buffer: customers, filename: '客户.xlsx' },
      { dryRun: false },
    );
    expect(r1).toMatchObject({ total: 2, imported: 2, errors: [] });
    const units = await xlsx([
      ['序列号', '型号', '客户手机', '购买日期'],
      ['XL-0001', 'KFR-35GW', '13800000004', new Date(Date.UTC(2026, 2, 15))],
      ['XL-0002', 'JSQ-16', 13800000005, '2026-04-01'],
    ]);
    const r2 = await importInstalledBase(
      deps,
      ctx,
      'units',
      { buffer: units, filename: 'units.xlsx' },
      { dryRun: false },
    );
    expect(r2).toMatchObject({ kind: 'units', total: 2, imported: 2, errors: [] });
    const rows = await deps.db
      .selectFrom('units')
      .innerJoin('customers', 'customers.id', 'units.customer_id')
      .innerJoin('product_models', 'product_models.id', 'units.model_id')
      .select(['units.serial', 'units.purchased_at', 'customers.name', 'product_models.code'])
      .where('units.serial', 'in', ['XL-0001', 'XL-0002'])
      .orderBy('units.serial')
      .execute();
    expect(rows).toEqual([
      { serial: 'XL-0001', purchased_at: '2026-03-15', name: '莫四', code: 'KFR-35GW' },
      { serial: 'XL-0002', purchased_at: '2026-04-01', name: '蒙五', code: 'JSQ-16' },
    ]);
  });

  it('dry run reports counts and errors and writes nothing', async () => {
    const before = await counts(deps);
    const report = await importInstalledBase(
      deps,
      ctx,
      'customers',
      csv('姓名,手机\n试运行一,13800000011\n试运行二,12345\n试运行三,13800000013\n'),
      { dryRun: true },
    );
    expect(report).toMatchObject({ dryRun: true, total: 3, accepted: 2, rejected: 1, imported: 0 });
    expect(report.errors).toEqual([
      { row: 3, field: 'phone', message: expect.stringContaining('Invalid mobile number') },
    ]);
    const clean = await importInstalledBase(
      deps,
      ctx,
      'units',
      csv(`serial,model,customer number\nDRY-0001,KFR-35GW,${owner.number}\n`),
      { dryRun: true },
    );
    expect(clean).toMatchObject({
      dryRun: true,
      total: 1,
      accepted: 1,
      rejected: 0,
      imported: 0,
      errors: [],
    });
    expect(await counts(deps)).toEqual(before);
    expect(
      await deps.db.selectFrom('customers').select('id').where('name', 'like', '试运行%').execute(),
    ).toEqual([]);
    // The customer-number counter was rolled back too: the next customer gets the next free number.
    const next = await inTransaction(deps, (tx) =>
      insertCustomer(tx, ctx, { name: '编号检查', phone: '13800000019' }),
    );
    const maxBefore = await deps.db
      .selectFrom('customers')
      .select('number')
      .where('id', '!=', next.id)
      .orderBy('number', 'desc')
      .executeTakeFirstOrThrow();
    expect(Number(next.number.slice(2))).toBe(Number(maxBefore.number.slice(2)) + 1);
  });

  it('rejects the whole customers file when one row is bad, with row numbers and fields', async () => {
    const before = await counts(deps);
    const report = await importInstalledBase(
      deps,
      ctx,
      'customers',
      csv(
        '姓名,手机,地址\n全好,13800000021,广西壮族自治区南宁市西乡塘区大学路21号\n坏号,1380000002,\n,13800000023,\n重复,13800000021,\n',
      ),
      { dryRun: false },
    );
    expect(report).toMatchObject({ total: 4, accepted: 1, rejected: 3, imported: 0 });
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'phone'],
      [4, 'name'],
      [5, 'phone'],
    ]);
    expect(report.errors[2].message).toContain('row 2');
    expect(await counts(deps)).toEqual(before);
  });

  it('rejects the whole units file when rows name an unknown model, an unknown customer, a bad date or a taken serial', async () => {
    await importInstalledBase(
      deps,
      ctx,
      'units',
      csv(`serial,model,customer phone\nTAKEN-0001,KFR-35GW,13977770001\n`),
      { dryRun: false },
    );
    const before = await counts(deps);
    const file = [
      '序列号,型号,客户手机,客户编号,购买日期',
      `OK-0001,KFR-35GW,13977770001,,2026-01-05`,
      `BAD-0002,NO-SUCH,13977770001,,`,
      `BAD-0003,KFR-35GW,13900000000,,`,
      `BAD-0004,KFR-35GW,,CU99999999,`,
      `BAD-0005,KFR-35GW,,${owner.number},2026-13-45`,
      `TAKEN-0001,KFR-35GW,,${owner.number},`,
      `OK-0001,JSQ-16,13977770001,,`,
    ].join('\n');
    const report = await importInstalledBase(deps, ctx, 'units', csv(file), { dryRun: false });
    expect(report).toMatchObject({ total: 7, accepted: 1, rejected: 6, imported: 0 });
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'model'],
      [4, 'customer'],
      [5, 'customer'],
      [6, 'purchasedAt'],
      [7, 'serial'],
      [8, 'serial'],
    ]);
    expect(report.errors.find((e) => e.row === 3)?.message).toContain('Unknown product model');
    expect(report.errors.find((e) => e.row === 4)?.message).toContain('customer not found');
    // A row reports all its problems at once.
    const both = await importInstalledBase(
      deps,
      ctx,
      'units',
      csv('serial,model,customer phone,purchased at\nX,NO-SUCH,13900000000,2026-02-30\n'),
      { dryRun: false },
    );
    expect(both.errors.map((e) => [e.row, e.field]).sort()).toEqual([
      [2, 'customer'],
      [2, 'purchasedAt'],
      [2, 'serial'],
    ]);
    expect(await counts(deps)).toEqual(before);
    expect(await deps.db.selectFrom('units').select('id').where('serial', '=', 'OK-0001').execute()).toEqual(
      [],
    );
  });

  it('with skipInvalid imports only the valid rows, by customer phone and by customer number', async () => {
    const before = await counts(deps);
    const file = [
      'serial,model,customerPhone,customerNumber,purchasedAt,installedAt',
      'SKIP-0001,KFR-35GW,139 7777 0001,,2026-02-01,2026-02-03',
      `SKIP-0002,JSQ-16,,${owner.number.toLowerCase()},,`,
      'SKIP-0003,NO-SUCH,13977770001,,,',
      'SKIP-0004,KFR-35GW,,,,',
    ].join('\n');
    const report = await importInstalledBase(deps, ctx, 'units', csv(file), {
      dryRun: false,
      skipInvalid: true,
    });
    expect(report).toMatchObject({ total: 4, accepted: 2, rejected: 2, imported: 2 });
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'model'],
      [5, 'customer'],
    ]);
    const rows = await deps.db
      .selectFrom('units')
      .select(['serial', 'customer_id', 'installed_at'])
      .where('serial', 'like', 'SKIP-%')
      .orderBy('serial')
      .execute();
    expect(rows).toEqual([
      { serial: 'SKIP-0001', customer_id: owner.id, installed_at: '2026-02-03' },
      { serial: 'SKIP-0002', customer_id: owner.id, installed_at: null },
    ]);
    const after = await counts(deps);
    expect(after.units).toBe(before.units + 2);
    expect(after.audit).toBe(before.audit + 2);
  });

  it('answers unreadable, empty and header-less files with a validation error on "file" and changes nothing', async () => {
    const before = await counts(deps);
    const garbage = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]);
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256));
    const cases: { buffer: Buffer; filename: string }[] = [
      { buffer: garbage, filename: 'broken.xlsx' },
      { buffer: binary, filename: 'random.bin' },
      { buffer: Buffer.alloc(0), filename: 'empty.csv' },
      csv('\n\n'),
      csv('姓名,手机\n'),
      csv('foo,bar\n1,2\n'),
    ];
    for (const file of cases) {
      const details = await validationDetails(
        importInstalledBase(deps, ctx, 'customers', file, { dryRun: false }),
      );
      expect(
        details.map((d) => d.path),
        file.filename,
      ).toEqual(['file']);
    }
    const noPhone = await validationDetails(
      importInstalledBase(deps, ctx, 'customers', csv('姓名,地址\n某人,某地\n'), { dryRun: false }),
    );
    expect(noPhone).toEqual([
      { path: 'file', message: { zh: '缺少列：手机', en: 'Missing column(s): phone' } },
    ]);
    const noCustomer = await validationDetails(
      importInstalledBase(deps, ctx, 'units', csv('serial,model\nNC-0001,KFR-35GW\n'), { dryRun: false }),
    );
    expect(noCustomer[0].path).toBe('file');
    expect(await counts(deps)).toEqual(before);
  });
});
