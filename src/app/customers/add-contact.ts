import { z } from 'zod';
import { findCustomerInScope } from '../../db/repositories/customers-repository';
import { maskPhone, normalizePhone } from '../../domain/shared/masking';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { parseOrThrow, zPhone } from '../shared/validate';
import { contactView } from './customer-view';

export const addContactInput = z.object({
  name: z.string().trim().min(1).max(100),
  phone: zPhone,
  relation: z.string().trim().max(30).optional(),
});

export async function addContact(deps: AppDeps, ctx: Ctx, customerId: string, raw: unknown) {
  const input = parseOrThrow(addContactInput, raw);
  return inTransaction(deps, async (tx) => {
    const customer = await findCustomerInScope(tx.db, customerId, rowScope(ctx.actor));
    if (!customer) throw AppError.notFound();
    if (customer.anonymised_at) throw AppError.conflict('CUSTOMER_ANONYMISED');
    const phone = normalizePhone(input.phone);
    const row = {
      id: newId(),
      customer_id: customerId,
      name: input.name,
      phone_enc: tx.cipher.encrypt(phone),
      phone_hash: tx.cipher.blindIndex(phone),
      phone_masked: maskPhone(phone),
      relation: input.relation ?? null,
      created_at: ctx.now.toISOString(),
    };
    await tx.db.insertInto('customer_contacts').values(row).execute();
    const view = contactView(row);
    await appendAudit(tx, ctx, {
      action: 'customer.contact-add',
      entity: 'customer',
      entityId: customerId,
      after: view,
    });
    return view;
  });
}
