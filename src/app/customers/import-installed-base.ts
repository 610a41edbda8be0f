import { normalizePhone } from '../../domain/shared/masking';
import { readTabularFile } from '../../integrations/tabular-file';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { AppError } from '../shared/app-error';
import { localize } from '../shared/messages';
import { parseOrThrow } from '../shared/validate';
import { insertCustomer } from './create-customer';
import { type CreateCustomerInput, createCustomerInput } from './customer-input';
import { createUnitInput, insertUnit } from './units';

export type ImportKind = 'customers' | 'units';

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  total: number;
  accepted: number;
  rejected: number;
  imported: number;
  errors: { row: number; field: string; message: string }[];
}

// Column headers accepted in Chinese or English.
const CUSTOMER_COLUMNS: Record<string, keyof CreateCustomerInput | 'lat' | 'lng'> = {
  name: 'name',
  姓名: 'name',
  客户名称: 'name',
  客户: 'name',
  phone: 'phone',
  mobile: 'phone',
  手机: 'phone',
  手机号: 'phone',
  电话: 'phone',
  联系电话: 'phone',
  address: 'address',
  地址: 'address',
  服务地址: 'address',
  city: 'city',
  城市: 'city',
  市: 'city',
  district: 'district',
  区县: 'district',
  区: 'district',
  area: 'areaClass',
  areaclass: 'areaClass',
  城乡: 'areaClass',
  lat: 'lat',
  纬度: 'lat',
  lng: 'lng',
  lon: 'lng',
  经度: 'lng',
  group: 'groupCode',
  groupcode: 'groupCode',
  客户组: 'groupCode',
};

const UNIT_COLUMNS: Record<string, string> = {
  serial: 'serial',
  序列号: 'serial',
  机身编码: 'serial',
  sn: 'serial',
  model: 'model',
  型号: 'model',
  产品型号: 'model',
  customerphone: 'customerPhone',
  客户手机: 'customerPhone',
  手机: 'customerPhone',
  phone: 'customerPhone',
  customernumber: 'customerNumber',
  客户编号: 'customerNumber',
  customerid: 'customerId',
  purchasedat: 'purchasedAt',
  购买日期: 'purchasedAt',
  invoicedate: 'invoiceDate',
  发票日期: 'invoiceDate',
  installedat: 'installedAt',
  安装日期: 'installedAt',
};

function columnKey(header: string, columns: Record<string, string>): string | undefined {
  return (
    columns[
      header
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, '')
    ] ?? columns[header.trim()]
  );
}

function mapColumns(values: Record<string, string>, columns: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, v] of Object.entries(values)) {
    const key = columnKey(h, columns);
    if (key && v !== '') out[key] = v;
  }
  return out;
}

// Columns a file must have: without them every row would fail, so the file itself is rejected.
const REQUIRED: Record<ImportKind, { any: string[]; zh: string; en: string }[]> = {
  customers: [
    { any: ['name'], zh: '姓名', en: 'name' },
    { any: ['phone'], zh: '手机', en: 'phone' },
  ],
  units: [
    { any: ['serial'], zh: '序列号', en: 'serial' },
    { any: ['model'], zh: '型号', en: 'model' },
    {
      any: ['customerPhone', 'customerNumber', 'customerId'],
      zh: '客户手机/客户编号',
      en: 'customer phone/customer number',
    },
  ],
};

const AREA: Record<string, string> = {
  城区: 'urban',
  主城区: 'urban',
  郊区: 'suburban',
  农村: 'rural',
  乡村: 'rural',
};

function customerRecord(v: Record<string, string>): unknown {
  const lat = v.lat ? Number(v.lat) : undefined;
  const lng = v.lng ? Number(v.lng) : undefined;
  return {
    name: v.name,
    phone: v.phone,
    address: v.address,
    city: v.city,
    district: v.district,
    areaClass: v.areaClass ? (AREA[v.areaClass] ?? v.areaClass) : undefined,
    groupCode: v.groupCode,
    location: lat !== undefined || lng !== undefined ? { lat, lng } : undefined,
  };
}

/**
 * Excel/CSV import of customers or units. Every row is validated first; with any error nothing is written
 * (unless skipInvalid), so a rejected file changes nothing. A dry run validates and reports only.
 * Units name their customer by phone number, customer number or id.
 */
export async function importInstalledBase(
  deps: AppDeps,
  ctx: Ctx,
  kind: ImportKind,
  file: { buffer: Buffer; filename: string },
  opts: { dryRun: boolean; skipInvalid?: boolean },
): Promise<ImportReport> {
  let table: Awaited<ReturnType<typeof readTabularFile>>;
  try {
    table = await readTabularFile(file.buffer, file.filename);
  } catch {
    throw AppError.validation([
      {
        path: 'file',
        message: {
          zh: '无法读取文件（须为 CSV 或 XLSX）',
          en: 'Cannot read the file (CSV or XLSX expected)',
        },
      },
    ]);
  }
  if (table.rows.length === 0) {
    throw AppError.validation([
      { path: 'file', message: { zh: '文件中没有数据行', en: 'The file has no data rows' } },
    ]);
  }
  const mapped = new Set(
    table.headers.map((h) => columnKey(h, kind === 'customers' ? CUSTOMER_COLUMNS : UNIT_COLUMNS)),
  );
  const missing = REQUIRED[kind].filter((c) => !c.any.some((k) => mapped.has(k)));
  if (missing.length > 0) {
    throw AppError.validation([
      {
        path: 'file',
        message: {
          zh: `缺少列：${missing.map((c) => c.zh).join('、')}`,
          en: `Missing column(s): ${missing.map((c) => c.en).join(', ')}`,
        },
      },
    ]);
  }
  if (table.rows.length > 100_000) {
    throw AppError.validation([
      { path: 'file', message: { zh: '单次最多导入 100000 行', en: 'At most 100,000 rows per import' } },
    ]);
  }
  const errors: ImportReport['errors'] = [];
  const valid: { row: number; input: unknown }[] = [];
  const seen = new Map<string, number>();
  const lang = undefined;

  for (const r of table.rows) {
    try {
      if (kind === 'customers') {
        const v = mapColumns(r.values, CUSTOMER_COLUMNS);
        const input = parseOrThrow(createCustomerInput, customerRecord(v));
        const key = normalizePhone(input.phone);
        const dupRow = seen.get(key);
        if (dupRow) {
          errors.push({
            row: r.row,
            field: 'phone',
            message: `与第 ${dupRow} 行手机号重复 / same phone as row ${dupRow}`,
          });
          continue;
        }
        seen.set(key, r.row);
        valid.push({ row: r.row, input });
      } else {
        const v = mapColumns(r.values, UNIT_COLUMNS);
        const customerId = await resolveCustomer(deps, v);
        if (!customerId) {
          const given = v.customerPhone || v.customerNumber || v.customerId;
          errors.push({
            row: r.row,
            field: 'customer',
            message: given
              ? '找不到客户 / customer not found'
              : '缺少客户手机或客户编号 / customer phone or number required',
          });
        }
        // Validated even when the customer is unknown, so that the row reports all its problems at once.
        const input = parseOrThrow(createUnitInput, { ...v, customerId: customerId ?? '-' });
        if (!customerId) continue;
        const dupRow = seen.get(input.serial);
        if (dupRow) {
          errors.push({
            row: r.row,
            field: 'serial',
            message: `与第 ${dupRow} 行序列号重复 / same serial as row ${dupRow}`,
          });
          continue;
        }
        seen.set(input.serial, r.row);
        valid.push({ row: r.row, input });
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      for (const d of err.details)
        errors.push({ row: r.row, field: d.path, message: localize(d.message, lang) });
    }
  }

  // Conflicts with existing records are found by running the inserts; a dry run rolls them back.
  const rowErrors = new Set(errors.map((e) => e.row));
  let imported = 0;
  const canWrite = !opts.dryRun && (errors.length === 0 || opts.skipInvalid);
  const rollback = new Error('dry-run rollback');
  try {
    await inTransaction(deps, async (tx) => {
      for (const v of valid) {
        try {
          if (kind === 'customers') await insertCustomer(tx, ctx, v.input as CreateCustomerInput);
          else await insertUnit(tx, ctx, v.input as Parameters<typeof insertUnit>[2]);
          imported += 1;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          rowErrors.add(v.row);
          const details = err.details.length ? err.details : [{ path: '', message: err.text }];
          for (const d of details)
            errors.push({ row: v.row, field: d.path, message: localize(d.message, lang) });
          // A failed statement may abort a PostgreSQL transaction: every check above runs before the insert.
        }
      }
      if (!canWrite || (errors.length > 0 && !opts.skipInvalid)) throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
    imported = 0;
  }
  errors.sort((a, b) => a.row - b.row);
  const rejected = new Set(errors.map((e) => e.row)).size;
  return {
    kind,
    dryRun: opts.dryRun,
    total: table.rows.length,
    accepted: table.rows.length - rejected,
    rejected,
    imported,
    errors,
  };
}

async function resolveCustomer(deps: AppDeps, v: Record<string, string>): Promise<string | null> {
  if (v.customerId) {
    const c = await deps.db
      .selectFrom('customers')
      .select('id')
      .where('id', '=', v.customerId)
      .executeTakeFirst();
    return c?.id ?? null;
  }
  if (v.customerNumber) {
    const c = await deps.db
      .selectFrom('customers')
      .select('id')
      .where('number', '=', v.customerNumber.toUpperCase())
      .executeTakeFirst();
    return c?.id ?? null;
  }
  if (v.customerPhone) {
    const c = await deps.db
      .selectFrom('customers')
      .select('id')
      .where('phone_hash', '=', deps.cipher.blindIndex(normalizePhone(v.customerPhone)))
      .orderBy('id')
      .executeTakeFirst();
    return c?.id ?? null;
  }
  return null;
}

export function parseImportKind(kind: string): ImportKind {
  if (kind === 'customers' || kind === 'units') return kind;
  throw AppError.notFound();
}
