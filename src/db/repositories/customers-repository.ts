import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { RowScope } from '../../app/identity/row-scope';
import type { Database } from '../schema';

type CustomerQuery<O> = SelectQueryBuilder<Database, 'customers', O>;

/**
 * Restricts a customers query to the actor's row scope. Partners (授权服务商) see the customers of the
 * service requests assigned to their outlet, and nobody else.
 */
export function scopeCustomers<O>(qb: CustomerQuery<O>, scope: RowScope): CustomerQuery<O> {
  switch (scope.kind) {
    case 'all':
      return qb;
    case 'customer':
      return qb.where('customers.id', '=', scope.customerId);
    case 'outlet':
      return qb.where('customers.id', 'in', (eb) =>
        eb
          .selectFrom('service_requests')
          .select('service_requests.customer_id')
          .where('service_requests.outlet_id', '=', scope.outletId),
      );
    case 'none':
      return qb.where(sql<boolean>`1 = 0`);
  }
}

export async function findCustomerInScope(db: Kysely<Database>, id: string, scope: RowScope) {
  return scopeCustomers(
    db.selectFrom('customers').selectAll().where('customers.id', '=', id),
    scope,
  ).executeTakeFirst();
}
