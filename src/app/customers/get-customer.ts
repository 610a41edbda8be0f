import { findCustomerInScope } from '../../db/repositories/customers-repository';
import type { AppDeps, Ctx } from '../app-deps';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { addressView, contactView, customerView } from './customer-view';

export async function getCustomer(deps: AppDeps, ctx: Ctx, id: string) {
  const c = await findCustomerInScope(deps.db, id, rowScope(ctx.actor));
  if (!c) throw AppError.notFound();
  const [contacts, addresses] = await Promise.all([
    deps.db.selectFrom('customer_contacts').selectAll().where('customer_id', '=', id).orderBy('id').execute(),
    deps.db
      .selectFrom('customer_addresses')
      .selectAll()
      .where('customer_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return { ...customerView(c), contacts: contacts.map(contactView), addresses: addresses.map(addressView) };
}
