import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from '../db/connection';
import { bindDirectSql } from '../db/run-sql';
import type { Database } from '../db/schema';
import type { Permission, Role } from '../domain/identity/roles';
import type { FieldCipher } from './security/field-cipher';
import type { UseCaseThread } from './shared/use-case-thread';

/** Everything a use case needs from the outside; built once per process. */
export interface AppDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  cipher: FieldCipher;
  /** IANA zone of the deployment (business dates, reports). */
  zone: string;
  /** SQLite servers: the second event loop that runs request intake (UseCaseThread). */
  useCaseThread?: UseCaseThread;
}

/** The same, with `db` bound to the running transaction. */
export interface TxDeps extends AppDeps {
  db: Transaction<Database>;
}

export interface Actor {
  id: string | null;
  name: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  customerId: string | null;
  outletId: string | null;
  /** 'user' session, 'api-key' integration, or the 'system' itself (jobs, CLI bootstrap). */
  via: 'user' | 'api-key' | 'system';
}

/** Who is acting, from where, and when: passed to every use case (time is never read inside). */
export interface Ctx {
  actor: Actor;
  ip: string | null;
  requestId: string | null;
  now: Date;
}

export function inTransaction<T>(deps: AppDeps, fn: (tx: TxDeps) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute((trx) => {
    bindDirectSql(deps.db, trx);
    return fn({ ...deps, db: trx });
  });
}

export const SYSTEM_ACTOR: Actor = {
  id: null,
  name: 'system',
  roles: ['admin'],
  permissions: new Set(),
  customerId: null,
  outletId: null,
  via: 'system',
};

export function systemCtx(now: Date, name = 'system'): Ctx {
  return { actor: { ...SYSTEM_ACTOR, name }, ip: null, requestId: null, now };
}
