import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema';
import type { RowScope } from '../identity/row-scope';

type Q<O> = SelectQueryBuilder<Database, 'service_requests', O>;

/** Row scope for service requests: a customer sees its own, a partner its outlets' jobs. */
export function scopeRequests<O>(qb: Q<O>, scope: RowScope): Q<O> {
  switch (scope.kind) {
    case 'all':
      return qb;
    case 'customer':
      return qb.where('service_requests.customer_id', '=', scope.customerId);
    case 'outlet':
      return qb.where('service_requests.outlet_id', '=', scope.outletId);
    case 'none':
      return qb.where(sql<boolean>`1 = 0`);
  }
}

export function findRequestInScope(db: Kysely<Database>, id: string, scope: RowScope) {
  return scopeRequests(
    db.selectFrom('service_requests').selectAll().where('service_requests.id', '=', id),
    scope,
  ).executeTakeFirst();
}
