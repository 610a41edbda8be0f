import type { Actor } from '../app-deps';

/**
 * The one place where row-level visibility is decided (ROADMAP: scopes enforced in one place).
 * A customer user sees its own customer's records; a partner sees the records of its outlets' jobs;
 * staff see everything their permissions allow. Out of scope reads as 404, never 403.
 */
export type RowScope =
  | { kind: 'all' }
  | { kind: 'customer'; customerId: string }
  | { kind: 'outlet'; outletId: string }
  | { kind: 'none' };

export function rowScope(actor: Actor): RowScope {
  if (actor.via === 'system') return { kind: 'all' };
  const staff = actor.roles.some((r) => r !== 'customer' && r !== 'partner');
  if (staff) return { kind: 'all' };
  if (actor.roles.includes('partner'))
    return actor.outletId ? { kind: 'outlet', outletId: actor.outletId } : { kind: 'none' };
  if (actor.roles.includes('customer'))
    return actor.customerId ? { kind: 'customer', customerId: actor.customerId } : { kind: 'none' };
  return { kind: 'none' };
}
