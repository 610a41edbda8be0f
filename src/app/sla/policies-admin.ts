import { z } from 'zod';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { parseOrThrow } from '../shared/validate';
import { forgetPolicies } from './policy-store';
import { recomputeOpenClocks } from './recompute-open-clocks';

const clockRule = z.object({
  name: z.string().regex(/^[a-z][a-z-]{1,30}$/),
  target: z.union([
    z.object({ minutes: z.number().int().min(1).max(525_600) }),
    z.object({ workingDays: z.number().int().min(1).max(365) }),
  ]),
  calendar: z.string().min(1).max(41),
  pausable: z.boolean(),
  stopOn: z.array(z.string().min(1).max(40)).min(1),
  warnShare: z.number().gt(0).lt(1).optional(),
  requirement: z.string().max(60).optional(),
});

export const slaPolicyInput = z.object({
  name: z.string().trim().min(1).max(200),
  subject: z.enum(['service-request', 'complaint', 'parts-order']),
  match: z.object({
    types: z.array(z.string().min(1).max(40)).optional(),
    contractId: z.string().max(64).optional(),
    customerGroup: z.string().max(50).optional(),
    region: z.string().max(50).optional(),
  }),
  clocks: z.array(clockRule).min(1).max(10),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().default(true),
});

export async function listSlaPolicies(deps: AppDeps) {
  const rows = await deps.db.selectFrom('sla_policies').selectAll().orderBy('position').execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      subject: r.subject,
      match: JSON.parse(r.match_json),
      clocks: JSON.parse(r.clocks_json),
      position: r.position,
      active: r.active === 1,
      version: r.version,
      updatedAt: r.updated_at,
    })),
  };
}

/** Creates or replaces a policy (contract > customer group > region > default), then recomputes open work. */
export async function putSlaPolicy(deps: AppDeps, ctx: Ctx, id: string, raw: unknown) {
  if (!/^[a-z0-9][a-z0-9-]{0,60}$/.test(id)) {
    throw AppError.validation([
      {
        path: 'id',
        message: { zh: '策略编号须为小写字母、数字和 -', en: 'Policy id: lowercase letters, digits and -' },
      },
    ]);
  }
  const input = parseOrThrow(slaPolicyInput, raw);
  const calendars = new Set((await deps.db.selectFrom('calendars').select('id').execute()).map((c) => c.id));
  const unknown = input.clocks.findIndex((c) => !calendars.has(c.calendar));
  if (unknown >= 0) {
    throw AppError.validation([
      { path: `clocks.${unknown}.calendar`, message: { zh: '日历不存在', en: 'Unknown calendar' } },
    ]);
  }
  const names = input.clocks.map((c) => c.name);
  if (new Set(names).size !== names.length) {
    throw AppError.validation([
      { path: 'clocks', message: { zh: '时钟名称重复', en: 'Duplicate clock names' } },
    ]);
  }
  await inTransaction(deps, async (tx) => {
    const before = await tx.db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
    const last = await tx.db
      .selectFrom('sla_policies')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    const values = {
      name: input.name,
      subject: input.subject,
      match_json: JSON.stringify(input.match),
      clocks_json: JSON.stringify(input.clocks),
      position: input.position ?? before?.position ?? Number(last?.p ?? 0) + 1,
      active: input.active ? 1 : 0,
      version: (before?.version ?? 0) + 1,
      updated_at: ctx.now.toISOString(),
    };
    if (before) await tx.db.updateTable('sla_policies').set(values).where('id', '=', id).execute();
    else
      await tx.db
        .insertInto('sla_policies')
        .values({ id, ...values })
        .execute();
    await appendAudit(tx, ctx, {
      action: 'sla-policy.put',
      entity: 'sla-policy',
      entityId: id,
      before: before
        ? {
            match: JSON.parse(before.match_json),
            clocks: JSON.parse(before.clocks_json),
            active: before.active === 1,
          }
        : undefined,
      after: { match: input.match, clocks: input.clocks, active: input.active },
    });
  });
  forgetPolicies(deps);
  const recomputed = await recomputeOpenClocks(deps, ctx);
  return { ...(await listSlaPolicies(deps)).items.find((p) => p.id === id), recomputed };
}
