import { z } from 'zod';
import type { ProductModelsTable } from '../../db/schema';
import type { WarrantyTerms } from '../../domain/customers/warranty';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { bi, parseOrThrow } from '../shared/validate';

const days = z.number().int().min(0).max(3650);
const months = z.number().int().min(0).max(240);

export const warrantyTermsSchema = z.object({
  returnDays: days,
  exchangeDays: days,
  repairDays: days,
  partsMonths: months,
  labourMonths: months,
});

export const createProductModelInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, {
      error: bi(
        '型号编码须为字母数字及 . _ / -，最长 64 位',
        'Model code: letters, digits, . _ / -, up to 64',
      ),
    }),
  name: z.string().trim().min(1).max(200),
  brand: z.string().trim().max(100).optional(),
  category: z.string().trim().min(1).max(50),
  warranty: warrantyTermsSchema,
});
export type CreateProductModelInput = z.output<typeof createProductModelInput>;

export interface ProductModelView {
  id: string;
  code: string;
  name: string;
  brand: string | null;
  category: string;
  warranty: WarrantyTerms;
  active: boolean;
}

export function productModelView(m: ProductModelsTable): ProductModelView {
  return {
    id: m.id,
    code: m.code,
    name: m.name,
    brand: m.brand,
    category: m.category,
    warranty: JSON.parse(m.warranty_json) as WarrantyTerms,
    active: m.active === 1,
  };
}

export async function insertProductModel(
  tx: TxDeps,
  ctx: Ctx,
  input: CreateProductModelInput,
): Promise<ProductModelView> {
  const taken = await tx.db
    .selectFrom('product_models')
    .select('id')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (taken) throw AppError.conflict('MODEL_CODE_TAKEN', 'code');
  const at = ctx.now.toISOString();
  const row: ProductModelsTable = {
    id: newId(),
    code: input.code,
    name: input.name,
    brand: input.brand ?? null,
    category: input.category,
    warranty_json: JSON.stringify(input.warranty),
    active: 1,
    created_at: at,
    updated_at: at,
  };
  await tx.db.insertInto('product_models').values(row).execute();
  const view = productModelView(row);
  await appendAudit(tx, ctx, {
    action: 'product-model.create',
    entity: 'product-model',
    entityId: row.id,
    after: view,
  });
  return view;
}

export async function createProductModel(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<ProductModelView> {
  const input = parseOrThrow(createProductModelInput, raw);
  return inTransaction(deps, (tx) => insertProductModel(tx, ctx, input));
}

export const updateProductModelInput = createProductModelInput
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export async function updateProductModel(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  raw: unknown,
): Promise<ProductModelView> {
  const input = parseOrThrow(updateProductModelInput, raw);
  return inTransaction(deps, async (tx) => {
    const before = await tx.db
      .selectFrom('product_models')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw AppError.notFound();
    const after: ProductModelsTable = {
      ...before,
      name: input.name ?? before.name,
      brand: input.brand ?? before.brand,
      category: input.category ?? before.category,
      warranty_json: input.warranty ? JSON.stringify(input.warranty) : before.warranty_json,
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      updated_at: ctx.now.toISOString(),
    };
    await tx.db.updateTable('product_models').set(after).where('id', '=', id).execute();
    const view = productModelView(after);
    await appendAudit(tx, ctx, {
      action: 'product-model.update',
      entity: 'product-model',
      entityId: id,
      before: productModelView(before),
      after: view,
    });
    return view;
  });
}

export const listProductModelsQuery = z.object({ category: z.string().max(50).optional(), ...pageQuery });

export async function listProductModels(
  deps: AppDeps,
  _ctx: Ctx,
  raw: unknown,
): Promise<Page<ProductModelView>> {
  const input = parseOrThrow(listProductModelsQuery, raw);
  const cursor = decodeCursor(input.cursor);
  let base = deps.db.selectFrom('product_models');
  if (input.category) base = base.where('category', '=', input.category);
  const [rows, count] = await Promise.all([
    (cursor ? base.where('id', '>', cursor) : base)
      .selectAll()
      .orderBy('id')
      .limit(input.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, input.limit, Number(count.n), productModelView);
}
