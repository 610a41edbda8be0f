import type {
  CustomerAddressesTable,
  CustomerContactsTable,
  CustomersTable,
  OutletsTable,
  UnitsTable,
} from '../../db/schema';
import { maskAddress, maskPhone } from '../../domain/shared/masking';
import { type AppDeps, type Ctx, inTransaction, systemCtx, type TxDeps } from '../app-deps';
import { type AuditEntry, appendAudit } from '../audit/append-audit';
import { customerNumber, customerRow } from '../customers/create-customer';
import { createUser } from '../identity/create-user';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { localDateIn } from '../shared/local-date';
import { nextSequence } from '../shared/sequences';
import { trainTriageModel } from '../triage/train-triage-model';
import { generateInstalledBase } from './generate-installed-base';
import { generateServiceHistory } from './generate-service-history';
import { GUANGXI_GEOGRAPHY } from './guangxi-geography';
import { type HistoryCustomer, loadServiceHistory } from './load-service-history';

export interface SeedDemoOptions {
  customers: number;
  seed: number;
  force: boolean;
  now: Date;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SeedDemoResult {
  refused: boolean;
  customers: number;
  units: number;
  models: number;
  users: { username: string; password: string; roles: string[] }[];
  /** Twelve months of service history (absent when refused). */
  history?: { requests: number; complaints: number; events: number; clocks: number };
  /** The triage model trained on the history's closed requests (null when too few). */
  triage?: { sampleCount: number; accuracy: number | null; baselineAccuracy: number | null } | null;
}

/** Password of every demo user (README "Demo users"); the demo is for evaluation, never production. */
export const DEMO_PASSWORD = 'Demo@2026';

const DEMO_USERS: { username: string; roles: string[]; displayName: string; link?: 'customer' | 'outlet' }[] =
  [
    { username: 'admin', roles: ['admin'], displayName: '系统管理员' },
    { username: 'manager', roles: ['manager'], displayName: '梁经理' },
    { username: 'agent', roles: ['agent'], displayName: '韦晓玲（受理员）' },
    { username: 'dispatcher', roles: ['dispatcher'], displayName: '覃志强（调度）' },
    { username: 'technician', roles: ['technician'], displayName: '黄师傅（服务工程师）' },
    { username: 'parts', roles: ['parts'], displayName: '莫红（备件管理员）' },
    { username: 'quality', roles: ['quality'], displayName: '陆敏（质量）' },
    { username: 'partner', roles: ['partner'], displayName: '柳州授权服务商', link: 'outlet' },
    { username: 'customer', roles: ['customer'], displayName: '演示顾客', link: 'customer' },
  ];

const HISTORY_TABLES = [
  'sla_clocks',
  'request_events',
  'complaints',
  'service_requests',
  'triage_models',
] as const;

const BUSINESS_TABLES = [
  'units',
  'customer_addresses',
  'customer_contacts',
  'customers',
  'product_models',
  'outlets',
] as const;

async function insertChunked<T>(
  tx: TxDeps,
  table: (typeof BUSINESS_TABLES)[number],
  rows: T[],
  size = 400,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    // Rows are typed by their callers; the table name is a union, so the insert is checked there.
    await tx.db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/**
 * Loads the demo enterprise: outlets in every Guangxi city, the product catalogue with warranty terms,
 * customers with contacts, addresses and units, and one user per role. Later capabilities extend it with
 * twelve months of history through every process. Bulk inserts in chunked transactions keep 10,000
 * customers well under a minute; every record still gets its audit entry.
 */
export async function seedDemoEnterprise(deps: AppDeps, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const ctx: Ctx = systemCtx(opts.now, 'demo');
  const existing = await deps.db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  const existingModels = await deps.db.selectFrom('product_models').select('id').limit(1).executeTakeFirst();
  if ((existing || existingModels) && !opts.force)
    return { refused: true, customers: 0, units: 0, models: 0, users: [] };

  if (existing || existingModels) {
    await inTransaction(deps, async (tx) => {
      await tx.db.updateTable('users').set({ customer_id: null, outlet_id: null }).execute();
      // The service history goes first: it references customers, units and outlets.
      for (const t of HISTORY_TABLES) await tx.db.deleteFrom(t).execute();
      await tx.db
        .deleteFrom('counters')
        .where((eb) => eb.or([eb('name', 'like', 'sr:%'), eb('name', 'like', 'cp:%')]))
        .execute();
      for (const t of BUSINESS_TABLES) await tx.db.deleteFrom(t).execute();
      await tx.db.deleteFrom('counters').where('name', '=', 'customer').execute();
      await appendAudit(tx, ctx, { action: 'demo.reset', entity: 'system', entityId: null });
    });
  }

  const asOf = localDateIn(opts.now, deps.zone);
  const base = generateInstalledBase({ seed: opts.seed, customers: opts.customers, asOf });
  const at = opts.now.toISOString();

  const outlets: OutletsTable[] = GUANGXI_GEOGRAPHY.cities.map((c, i) => {
    const d = c.districts[0];
    return {
      id: newId(),
      code: `GX${String(i + 1).padStart(2, '0')}`,
      name: `${c.name}${i % 3 === 2 ? '特约服务商' : i % 3 === 1 ? '授权服务网点' : '自营服务中心'}`,
      kind: i % 3 === 2 ? 'contracted' : i % 3 === 1 ? 'authorised' : 'self-operated',
      city: c.name,
      district: d.name,
      address: `广西壮族自治区${c.name}${d.name}${(d.roads ?? GUANGXI_GEOGRAPHY.commonRoads)[0]}${18 + i}号`,
      lat: d.lat,
      lng: d.lng,
      active: 1,
      created_at: at,
      updated_at: at,
    };
  });
  const modelIds = new Map<string, string>();
  const models = base.productModels.map((m) => {
    const id = newId();
    modelIds.set(m.code, id);
    return {
      id,
      code: m.code,
      name: m.name,
      brand: m.brand,
      category: m.category,
      warranty_json: JSON.stringify(m.warranty),
      active: 1,
      created_at: at,
      updated_at: at,
    };
  });
  await inTransaction(deps, async (tx) => {
    await insertChunked(tx, 'outlets', outlets);
    await insertChunked(tx, 'product_models', models);
    await appendAudit(tx, ctx, [
      ...outlets.map((o) => ({
        action: 'outlet.create',
        entity: 'outlet',
        entityId: o.id,
        after: { code: o.code, name: o.name },
      })),
      ...models.map((m) => ({
        action: 'product-model.create',
        entity: 'product-model',
        entityId: m.id,
        after: { code: m.code, name: m.name },
      })),
    ]);
  });

  const total = base.customers.length;
  let units = 0;
  let firstCustomerId: string | null = null;
  const historyCustomers: HistoryCustomer[] = [];
  const CHUNK = 1000;
  for (let i = 0; i < total; i += CHUNK) {
    const slice = base.customers.slice(i, i + CHUNK);
    await inTransaction(deps, async (tx) => {
      const last = await nextSequence(tx, 'customer', slice.length);
      const first = last - slice.length + 1;
      const customers: CustomersTable[] = [];
      const contacts: CustomerContactsTable[] = [];
      const addresses: CustomerAddressesTable[] = [];
      const unitRows: UnitsTable[] = [];
      const audit: AuditEntry[] = [];
      slice.forEach((c, j) => {
        const row = customerRow(
          tx,
          {
            name: c.name,
            phone: c.phone,
            address: c.address,
            city: c.city,
            district: c.district,
            areaClass: c.areaClass,
            location: c.location,
          },
          newId(),
          customerNumber(first + j),
          at,
        );
        firstCustomerId ??= row.id;
        customers.push(row);
        addresses.push({
          id: newId(),
          customer_id: row.id,
          label: '家',
          address_enc: row.address_enc as string,
          address_masked: maskAddress(c.address),
          city: c.city,
          district: c.district,
          lat: c.location.lat,
          lng: c.location.lng,
          is_default: 1,
          created_at: at,
        });
        for (const k of c.contacts) {
          contacts.push({
            id: newId(),
            customer_id: row.id,
            name: k.name,
            phone_enc: tx.cipher.encrypt(k.phone),
            phone_hash: tx.cipher.blindIndex(k.phone),
            phone_masked: maskPhone(k.phone),
            relation: k.relation,
            created_at: at,
          });
        }
        const unitIds: string[] = [];
        historyCustomers.push({ id: row.id, city: c.city, groupCode: row.group_code, unitIds });
        for (const u of c.units) {
          const unitId = newId();
          unitIds.push(unitId);
          unitRows.push({
            id: unitId,
            serial: u.serial,
            customer_id: row.id,
            model_id: modelIds.get(u.modelCode) as string,
            purchased_at: u.purchasedAt,
            invoice_date: u.purchasedAt,
            installed_at: u.installedAt,
            address_id: null,
            created_at: at,
            updated_at: at,
          });
        }
        audit.push({
          action: 'customer.create',
          entity: 'customer',
          entityId: row.id,
          after: { number: row.number, name: row.name, phone: row.phone_masked },
        });
      });
      for (const u of unitRows)
        audit.push({
          action: 'unit.create',
          entity: 'unit',
          entityId: u.id,
          after: { serial: u.serial, customerId: u.customer_id },
        });
      await insertChunked(tx, 'customers', customers);
      await insertChunked(tx, 'customer_addresses', addresses);
      await insertChunked(tx, 'customer_contacts', contacts);
      await insertChunked(tx, 'units', unitRows);
      await appendAudit(tx, ctx, audit);
      units += unitRows.length;
    });
    opts.onProgress?.(Math.min(total, i + CHUNK), total, 'customers');
  }

  // Twelve months of service history, then the triage classifier learns from its closed requests.
  opts.onProgress?.(0, 1, 'service history');
  const history = generateServiceHistory({ seed: opts.seed, base, now: at });
  opts.onProgress?.(1, 1, 'service history');
  const loaded = await loadServiceHistory(deps, ctx, {
    history,
    customers: historyCustomers,
    outletByCity: new Map(outlets.map((o) => [o.city as string, o.id])),
    onProgress: opts.onProgress,
  });

  const users: SeedDemoResult['users'] = [];
  const liuzhou = outlets.find((o) => o.city?.startsWith('柳州')) ?? outlets[0];
  for (const u of DEMO_USERS) {
    const exists = await deps.db
      .selectFrom('users')
      .select(['id'])
      .where('username', '=', u.username)
      .executeTakeFirst();
    const customerId = u.link === 'customer' ? firstCustomerId : null;
    const outletId = u.link === 'outlet' ? (liuzhou?.id ?? null) : null;
    if (exists) {
      // --force: re-link existing demo users to the new records.
      if (customerId || outletId)
        await deps.db
          .updateTable('users')
          .set({ customer_id: customerId, outlet_id: outletId })
          .where('id', '=', exists.id)
          .execute();
      users.push({
        username: u.username,
        password: u.username === 'admin' ? '(unchanged)' : DEMO_PASSWORD,
        roles: u.roles,
      });
      continue;
    }
    if (u.link === 'customer' && !customerId) continue;
    await createUser(deps, ctx, {
      username: u.username,
      password: DEMO_PASSWORD,
      roles: u.roles,
      displayName: u.displayName,
      customerId: customerId ?? undefined,
      outletId: outletId ?? undefined,
    });
    users.push({ username: u.username, password: DEMO_PASSWORD, roles: u.roles });
  }
  opts.onProgress?.(0, 1, 'triage model');
  let triage: SeedDemoResult['triage'] = null;
  try {
    const m = await trainTriageModel(deps, ctx);
    triage = { sampleCount: m.sampleCount, accuracy: m.accuracy, baselineAccuracy: m.baselineAccuracy };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err; // too few closed requests
  }
  opts.onProgress?.(1, 1, 'triage model');
  return { refused: false, customers: total, units, models: models.length, users, history: loaded, triage };
}
