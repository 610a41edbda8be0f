import { z } from 'zod';
import { ROLES } from '../../domain/identity/roles';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { hashPassword } from '../security/password-hasher';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { bi, parseOrThrow } from '../shared/validate';
import { type UserView, userView } from './actor-from-user';

export const createUserInput = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.@-]{3,64}$/, {
        error: bi('用户名须为 3–64 位字母、数字或 _ . @ -', 'Username: 3–64 letters, digits or _ . @ -'),
      }),
    password: z
      .string()
      .min(8, { error: bi('密码至少 8 位', 'Password must have at least 8 characters') })
      .max(200),
    roles: z.array(z.enum(ROLES)).min(1, { error: bi('至少需要一个角色', 'At least one role is required') }),
    displayName: z.string().trim().min(1).max(100).optional(),
    customerId: z.string().min(1).optional(),
    outletId: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.roles.includes('customer') && !v.customerId) {
      ctx.addIssue({
        code: 'custom',
        path: ['customerId'],
        message: bi('客户用户必须关联客户', 'A customer user needs customerId'),
      });
    }
    if (v.roles.includes('partner') && !v.outletId) {
      ctx.addIssue({
        code: 'custom',
        path: ['outletId'],
        message: bi('服务商用户必须关联网点', 'A partner user needs outletId'),
      });
    }
  });
export type CreateUserInput = z.input<typeof createUserInput>;

export async function createUser(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<UserView> {
  const input = parseOrThrow(createUserInput, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await insertUser(deps, ctx, input, passwordHash);
  } catch (err) {
    // Two concurrent creates of one username can both pass the "taken" check on PostgreSQL; the loser hits the
    // unique index. Answer it like the check does (409), never with a 500.
    if (!(err instanceof AppError)) {
      const taken = await deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw AppError.conflict('USERNAME_TAKEN', 'username');
    }
    throw err;
  }
}

async function insertUser(
  deps: AppDeps,
  ctx: Ctx,
  input: z.output<typeof createUserInput>,
  passwordHash: string,
): Promise<UserView> {
  return inTransaction(deps, async (tx) => {
    const taken = await tx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken) throw AppError.conflict('USERNAME_TAKEN', 'username');
    if (input.customerId) {
      const c = await tx.db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!c)
        throw AppError.validation([
          { path: 'customerId', message: { zh: '客户不存在', en: 'Unknown customer' } },
        ]);
    }
    if (input.outletId) {
      const o = await tx.db
        .selectFrom('outlets')
        .select('id')
        .where('id', '=', input.outletId)
        .executeTakeFirst();
      if (!o)
        throw AppError.validation([
          { path: 'outletId', message: { zh: '网点不存在', en: 'Unknown outlet' } },
        ]);
    }
    const at = ctx.now.toISOString();
    const row = {
      id: newId(),
      username: input.username,
      display_name: input.displayName ?? input.username,
      password_hash: passwordHash,
      roles: JSON.stringify([...new Set(input.roles)]),
      customer_id: input.customerId ?? null,
      outlet_id: input.outletId ?? null,
      disabled: 0,
      failed_count: 0,
      locked_until: null,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('users').values(row).execute();
    const view = userView(row);
    await appendAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: view });
    return view;
  });
}
