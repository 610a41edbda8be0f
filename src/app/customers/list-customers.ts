import { z } from 'zod';
import { likeOperator, likePattern } from '../../db/dialect-helpers';
import { scopeCustomers } from '../../db/repositories/customers-repository';
import { normalizePhone } from '../../domain/shared/masking';
import type { AppDeps, Ctx } from '../app-deps';
import { rowScope } from '../identity/row-scope';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { parseOrThrow } from '../shared/validate';
import { type CustomerView, customerView } from './customer-view';

export const listCustomersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  city: z.string().trim().max(50).optional(),
  ...pageQuery,
});

/** Newest first; `q` matches name (substring), number, or a whole phone number via its blind index. */
export async function listCustomers(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<Page<CustomerView>> {
  const input = parseOrThrow(listCustomersQuery, raw);
  const cursor = decodeCursor(input.cursor);
  let base = scopeCustomers(deps.db.selectFrom('customers'), rowScope(ctx.actor));
  if (input.city) base = base.where('city', '=', input.city);
  if (input.q) {
    const q = input.q;
    const phone = normalizePhone(q);
    const isPhone = /^1[3-9]\d{9}$/.test(phone);
    base = base.where((eb) =>
      eb.or([
        eb('name', likeOperator(deps.dialect), likePattern(q)),
        eb('number', '=', q.toUpperCase()),
        ...(isPhone ? [eb('phone_hash', '=', deps.cipher.blindIndex(phone))] : []),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    (cursor ? base.where('id', '<', cursor) : base)
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, input.limit, Number(count.n), customerView);
}
