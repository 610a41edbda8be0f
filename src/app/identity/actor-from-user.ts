import type { UsersTable } from '../../db/schema';
import { isRole, permissionsOf, type Role } from '../../domain/identity/roles';
import type { Actor } from '../app-deps';

export function rolesOf(user: Pick<UsersTable, 'roles'>): Role[] {
  const parsed: unknown = JSON.parse(user.roles);
  return Array.isArray(parsed) ? parsed.filter((r): r is Role => typeof r === 'string' && isRole(r)) : [];
}

export function actorFromUser(
  user: Pick<UsersTable, 'id' | 'username' | 'roles' | 'customer_id' | 'outlet_id'>,
  via: Actor['via'] = 'user',
): Actor {
  const roles = rolesOf(user);
  return {
    id: user.id,
    name: user.username,
    roles,
    permissions: permissionsOf(roles),
    customerId: user.customer_id,
    outletId: user.outlet_id,
    via,
  };
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  customerId: string | null;
  outletId: string | null;
  permissions: string[];
  disabled: boolean;
  createdAt: string;
}

export function userView(u: UsersTable): UserView {
  const roles = rolesOf(u);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles,
    customerId: u.customer_id,
    outletId: u.outlet_id,
    permissions: [...permissionsOf(roles)].sort(),
    disabled: u.disabled === 1,
    createdAt: u.created_at,
  };
}
