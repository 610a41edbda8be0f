import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { scopeCustomers } from '../../db/repositories/customers-repository';
import type { Database, UnitsTable } from '../../db/schema';
import { type WarrantyState, type WarrantyTerms, warrantyOn } from '../../domain/customers/warranty';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { type RowScope, rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { localDateIn } from '../shared/local-date';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { bi, parseOrThrow, zLocalDate } from '../shared/validate';

export const createUnitInput = z
  .object({
    customerId: z.string().min(1),
    serial: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$/, {
        error: bi('序列号须为 3–64 位字母数字及 . _ / -', 'Serial: 3–64 letters, digits, . _ / -'),
      }),
    model: z.string().trim().min(1).max(64),
    purchasedAt: zLocalDate.optional(),
    invoiceDate: zLocalDate.optional(),
    installedAt: zLocalDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.installedAt && v.purchasedAt && v.installedAt < v.purchasedAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['installedAt'],
        message: bi('安装日期早于购买日期', 'Installed before purchase'),
      });
    }
  });
export type CreateUnitInput = z.output<typeof createUnitInput>;

export interface UnitView {
  id: string;
  serial: string;
  customerId: string;
  customerName: string;
  model: { id: string; code: string; name: string; category: string; brand: string | null };
  purchasedAt: string | null;
  invoiceDate: string | null;
  installedAt: string | null;
  warranty: WarrantyState;
  createdAt: string;
}

interface UnitJoined extends UnitsTable {
  customer_name: string;
  model_code: string;
  model_name: string;
  model_category: string;
  model_brand: string | null;
  warranty_json: string;
}

function unitView(u: UnitJoined, today: string): UnitView {
  return {
    id: u.id,
    serial: u.serial,
    customerId: u.customer_id,
    customerName: u.customer_name,
    model: {
      id: u.model_id,
      code: u.model_code,
      name: u.model_name,
      category: u.model_category,
      brand: u.model_brand,
    },
    purchasedAt: u.purchased_at,
    invoiceDate: u.invoice_date,
    installedAt: u.installed_at,
    warranty: warrantyOn(
      JSON.parse(u.warranty_json) as WarrantyTerms,
      { purchasedAt: u.purchased_at, invoiceDate: u.invoice_date },
      today,
    ),
    createdAt: u.created_at,
  };
}

function unitsQuery(db: Kysely<Database>, scope: RowScope) {
  const q = db
    .selectFrom('units')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .innerJoin('product_models', 'product_models.id', 'units.model_id')
    .selectAll('units')
    .select([
      'customers.name as customer_name',
      'product_models.code as model_code',
      'product_models.name as model_name',
      'product_models.category as model_category',
      'product_models.brand as model_brand',
      'product_models.warranty_json',
    ]);
  switch (scope.kind) {
    case 'all':
      return q;
    case 'customer':
      return q.where('units.customer_id', '=', scope.customerId);
    case 'outlet':
      // A partner sees the units its outlet's jobs are about.
      return q.where('units.id', 'in', (eb) =>
        eb
          .selectFrom('service_requests')
          .select('service_requests.unit_id')
          .where('service_requests.outlet_id', '=', scope.outletId)
          .where('service_requests.unit_id', 'is not', null),
      );
    default:
      return q.where(sql<boolean>`1 = 0`);
  }
}

export async function insertUnit(tx: TxDeps, ctx: Ctx, input: CreateUnitInput): Promise<UnitView> {
  const customer = await scopeCustomers(tx.db.selectFrom('customers').select('id'), rowScope(ctx.actor))
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer)
    throw AppError.validation([
      { path: 'customerId', message: { zh: '客户不存在', en: 'Unknown customer' } },
    ]);
  const model = await tx.db
    .selectFrom('product_models')
    .select('id')
    .where((eb) => eb.or([eb('code', '=', input.model), eb('id', '=', input.model)]))
    .executeTakeFirst();
  if (!model)
    throw AppError.validation([
      { path: 'model', message: { zh: '型号不存在', en: 'Unknown product model' } },
    ]);
  const dup = await tx.db
    .selectFrom('units')
    .select('id')
    .where('serial', '=', input.serial)
    .executeTakeFirst();
  if (dup) throw AppError.conflict('SERIAL_TAKEN', 'serial');
  const at = ctx.now.toISOString();
  const row: UnitsTable = {
    id: newId(),
    serial: input.serial,
    customer_id: input.customerId,
    model_id: model.id,
    purchased_at: input.purchasedAt ?? null,
    invoice_date: input.invoiceDate ?? null,
    installed_at: input.installedAt ?? null,
    address_id: null,
    created_at: at,
    updated_at: at,
  };
  await tx.db.insertInto('units').values(row).execute();
  const view = await getUnitIn(tx, ctx, row.id);
  await appendAudit(tx, ctx, {
    action: 'unit.create',
    entity: 'unit',
    entityId: row.id,
    after: { ...view, warranty: undefined },
  });
  return view;
}

export async function createUnit(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<UnitView> {
  const input = parseOrThrow(createUnitInput, raw);
  return inTransaction(deps, (tx) => insertUnit(tx, ctx, input));
}

async function getUnitIn(deps: AppDeps, ctx: Ctx, id: string): Promise<UnitView> {
  const u = await unitsQuery(deps.db, rowScope(ctx.actor)).where('units.id', '=', id).executeTakeFirst();
  if (!u) throw AppError.notFound();
  return unitView(u, localDateIn(ctx.now, deps.zone));
}

export function getUnit(deps: AppDeps, ctx: Ctx, id: string): Promise<UnitView> {
  return getUnitIn(deps, ctx, id);
}

/** A unit by serial number (QR label on the product), within the actor's row scope. */
export async function getUnitBySerial(deps: AppDeps, ctx: Ctx, serial: string): Promise<UnitView> {
  const u = await unitsQuery(deps.db, rowScope(ctx.actor))
    .where('units.serial', '=', serial)
    .executeTakeFirst();
  if (!u) throw AppError.notFound();
  return unitView(u, localDateIn(ctx.now, deps.zone));
}

export const listUnitsQuery = z.object({
  customerId: z.string().max(64).optional(),
  serial: z.string().max(64).optional(),
  q: z.string().trim().max(64).optional(),
  ...pageQuery,
});

export async function listUnits(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<Page<UnitView>> {
  const input = parseOrThrow(listUnitsQuery, raw);
  const cursor = decodeCursor(input.cursor);
  let base = unitsQuery(deps.db, rowScope(ctx.actor));
  if (input.customerId) base = base.where('units.customer_id', '=', input.customerId);
  if (input.serial) base = base.where('units.serial', '=', input.serial);
  if (input.q) {
    const q = input.q;
    base = base.where((eb) => eb.or([eb('units.serial', '=', q), eb('product_models.code', '=', q)]));
  }
  const today = localDateIn(ctx.now, deps.zone);
  const [rows, count] = await Promise.all([
    (cursor ? base.where('units.id', '<', cursor) : base)
      .orderBy('units.id', 'desc')
      .limit(input.limit + 1)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, input.limit, Number(count.n), (r) => unitView(r, today));
}

/** Service history of a unit (by id): purchase, installation, its service requests and complaints, newest first. */
export async function unitHistory(deps: AppDeps, ctx: Ctx, id: string) {
  const unit = await getUnitIn(deps, ctx, id);
  const items: { at: string; kind: string; title: string; ref: string | null; status?: string }[] = [];
  if (unit.purchasedAt)
    items.push({ at: unit.purchasedAt, kind: 'purchase', title: '购买 / Purchased', ref: null });
  if (unit.installedAt)
    items.push({ at: unit.installedAt, kind: 'installation', title: '安装 / Installed', ref: null });
  items.push({ at: unit.createdAt, kind: 'registered', title: '登记 / Registered', ref: unit.id });
  const requests = await deps.db
    .selectFrom('service_requests')
    .select(['id', 'number', 'type', 'status', 'received_at', 'description'])
    .where('unit_id', '=', id)
    .orderBy('received_at', 'desc')
    .limit(200)
    .execute();
  for (const r of requests) {
    items.push({
      at: r.received_at,
      kind: `service-request:${r.type}`,
      title: `${r.number} ${r.description.slice(0, 60)}`,
      ref: r.id,
      status: r.status,
    });
  }
  if (requests.length > 0) {
    const complaints = await deps.db
      .selectFrom('complaints')
      .select(['id', 'number', 'status', 'received_at', 'description'])
      .where(
        'service_request_id',
        'in',
        requests.map((r) => r.id),
      )
      .execute();
    for (const c of complaints)
      items.push({
        at: c.received_at,
        kind: 'complaint',
        title: `${c.number} ${c.description.slice(0, 60)}`,
        ref: c.id,
        status: c.status,
      });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : -1));
  return { unit, items };
}
