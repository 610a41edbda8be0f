import type { WarrantyTerms } from '../../domain/customers/warranty';
import { warrantyOn } from '../../domain/customers/warranty';
import type { AppDeps, Ctx } from '../app-deps';
import { localDateIn } from '../shared/local-date';

/**
 * Counts for the console home page. Warranty status depends on today's date, so it is computed per model
 * and purchase date group rather than per unit.
 */
export async function installedBaseOverview(deps: AppDeps, ctx: Ctx) {
  const today = localDateIn(ctx.now, deps.zone);
  const [customers, units, byCategory, byModelDate] = await Promise.all([
    deps.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('units')
      .innerJoin('product_models', 'product_models.id', 'units.model_id')
      .select(['product_models.category as category', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('product_models.category')
      .orderBy('count', 'desc')
      .execute(),
    deps.db
      .selectFrom('units')
      .innerJoin('product_models', 'product_models.id', 'units.model_id')
      .select([
        'product_models.warranty_json as terms',
        'units.purchased_at as purchasedAt',
        'units.invoice_date as invoiceDate',
        (eb) => eb.fn.countAll<number>().as('count'),
      ])
      .groupBy(['product_models.warranty_json', 'units.purchased_at', 'units.invoice_date'])
      .execute(),
  ]);
  const byWarranty = new Map<string, number>();
  for (const g of byModelDate) {
    const w = warrantyOn(JSON.parse(g.terms) as WarrantyTerms, g, today);
    byWarranty.set(w.status, (byWarranty.get(w.status) ?? 0) + Number(g.count));
  }
  return {
    customers: Number(customers.n),
    units: Number(units.n),
    unitsByCategory: byCategory.map((c) => ({ category: c.category, count: Number(c.count) })),
    unitsByWarranty: [...byWarranty].map(([status, count]) => ({ status, count })),
  };
}
