import { z } from 'zod';
import { normalizePhone } from '../../domain/shared/masking';
import type { AppDeps, Ctx } from '../app-deps';
import { parseOrThrow, zPhone } from '../shared/validate';
import { customerView } from './customer-view';
import { listUnits } from './units';

export const callerLookupQuery = z.object({ phone: zPhone });

/**
 * Hotline screen-pop: the customers whose own or contact phone matches the caller (blind index, no
 * decryption), with their units and open requests, so the agent greets the caller with context.
 */
export async function callerLookup(deps: AppDeps, ctx: Ctx, raw: unknown) {
  const q = parseOrThrow(callerLookupQuery, raw);
  const hash = deps.cipher.blindIndex(normalizePhone(q.phone));
  const viaContacts = deps.db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('phone_hash', '=', hash);
  const customers = await deps.db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([eb('phone_hash', '=', hash), eb('id', 'in', viaContacts)]))
    .orderBy('id')
    .limit(10)
    .execute();
  const matches = [];
  for (const c of customers) {
    const [units, open] = await Promise.all([
      listUnits(deps, ctx, { customerId: c.id, limit: 50 }),
      deps.db
        .selectFrom('service_requests')
        .select(['id', 'number', 'type', 'status', 'received_at', 'unit_id'])
        .where('customer_id', '=', c.id)
        .where('status', 'in', [
          'received',
          'pending-dispatch',
          'dispatched',
          'in-progress',
          'pending-acceptance',
        ])
        .orderBy('received_at', 'desc')
        .limit(20)
        .execute(),
    ]);
    matches.push({
      customer: customerView(c),
      units: units.items,
      openRequests: open.map((r) => ({
        id: r.id,
        number: r.number,
        type: r.type,
        status: r.status,
        receivedAt: r.received_at,
        unitId: r.unit_id,
      })),
    });
  }
  return { matches };
}
