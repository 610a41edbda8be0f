import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { RowScope } from '../../app/identity/row-scope';
import type { Database } from '../schema';

type CustomerQuery<O> = SelectQueryBuilder<Database, 'customers', O>;

/**
 * Restricts a customers query to the actor's row scope. Partners see the customers of their outlets'
 * jobs; jobs arrive with the dispatch capability, until then an outlet scope matches no customer.
 */
export function scopeCustomers<O>(qb: CustomerQuery<O>, scope: RowScope): CustomerQuery<O> {
  switch (scope.kind) {
    case 'all':
      return qb;
    case 'customer':
      return qb.where('customers.id', '=', scope.customerId);
    case 'outlet':
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
