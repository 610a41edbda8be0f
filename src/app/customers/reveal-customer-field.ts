import { z } from 'zod';
import { findCustomerInScope } from '../../db/repositories/customers-repository';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { parseOrThrow } from '../shared/validate';

export const revealInput = z.object({
  field: z.enum(['phone', 'address', 'idNumber']),
  contactId: z.string().optional(),
});

/** The full value of a personal field; needs `pii:reveal` and writes an audit record of who saw what. */
export async function revealCustomerField(deps: AppDeps, ctx: Ctx, customerId: string, raw: unknown) {
  const input = parseOrThrow(revealInput, raw);
  if (!ctx.actor.permissions.has('pii:reveal')) throw AppError.forbidden();
  return inTransaction(deps, async (tx) => {
    const c = await findCustomerInScope(tx.db, customerId, rowScope(ctx.actor));
    if (!c) throw AppError.notFound();
    let cipherText: string | null;
    if (input.contactId) {
      const contact = await tx.db
        .selectFrom('customer_contacts')
        .select('phone_enc')
        .where('id', '=', input.contactId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      if (!contact || input.field !== 'phone') throw AppError.notFound();
      cipherText = contact.phone_enc;
    } else {
      cipherText =
        input.field === 'phone'
          ? c.phone_enc
          : input.field === 'address'
            ? c.address_enc
            : (c.id_number_enc ?? null);
    }
    if (!cipherText) throw AppError.notFound();
    await appendAudit(tx, ctx, {
      action: 'pii.reveal',
      entity: 'customer',
      entityId: customerId,
      after: { field: input.field, contactId: input.contactId ?? null },
    });
    return { field: input.field, value: tx.cipher.decrypt(cipherText) };
  });
}
