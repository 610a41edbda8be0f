import { z } from 'zod';
import { findCustomerInScope } from '../../db/repositories/customers-repository';
import { isOpenStatus, type RequestStatus } from '../../domain/requests/request-lifecycle';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { bi, parseOrThrow } from '../shared/validate';

// PIPL rights of the data subject (DESIGN.md "Personal data"): a copy of everything held about a
// customer, and anonymisation on request. Service records stay (warranty and 三包 history, indicators);
// what identifies the person leaves them.

/** Everything the system holds about one customer, decrypted, as one JSON document (audited). */
export async function exportPersonalData(deps: AppDeps, ctx: Ctx, customerId: string) {
  if (!ctx.actor.permissions.has('pii:export')) throw AppError.forbidden();
  return inTransaction(deps, async (tx) => {
    const c = await findCustomerInScope(tx.db, customerId, rowScope(ctx.actor));
    if (!c) throw AppError.notFound();
    const open = (v: string | null | undefined) => (v ? tx.cipher.decrypt(v) : null);
    const [contacts, addresses, units, requests, complaints, chats, calls, users] = await Promise.all([
      tx.db
        .selectFrom('customer_contacts')
        .selectAll()
        .where('customer_id', '=', c.id)
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('customer_addresses')
        .selectAll()
        .where('customer_id', '=', c.id)
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('units')
        .innerJoin('product_models', 'product_models.id', 'units.model_id')
        .select([
          'units.id',
          'units.serial',
          'product_models.code as model_code',
          'product_models.name as model_name',
          'units.purchased_at',
          'units.invoice_date',
          'units.installed_at',
        ])
        .where('units.customer_id', '=', c.id)
        .orderBy('units.id')
        .execute(),
      tx.db
        .selectFrom('service_requests')
        .selectAll()
        .where('customer_id', '=', c.id)
        .orderBy('id')
        .execute(),
      tx.db.selectFrom('complaints').selectAll().where('customer_id', '=', c.id).orderBy('id').execute(),
      tx.db
        .selectFrom('chat_messages')
        .innerJoin('chat_sessions', 'chat_sessions.id', 'chat_messages.session_id')
        .select([
          'chat_sessions.number as session',
          'chat_messages.at',
          'chat_messages.author_kind',
          'chat_messages.author_name',
          'chat_messages.text',
        ])
        .where('chat_sessions.customer_id', '=', c.id)
        .orderBy('chat_messages.at')
        .orderBy('chat_messages.seq')
        .execute(),
      tx.db
        .selectFrom('call_records')
        .select(['started_at', 'direction', 'caller_enc', 'answered_at', 'ended_at', 'disposition'])
        .where('customer_id', '=', c.id)
        .orderBy('started_at')
        .execute(),
      tx.db
        .selectFrom('users')
        .select(['username', 'display_name', 'created_at'])
        .where('customer_id', '=', c.id)
        .execute(),
    ]);
    const subjectIds = [...requests.map((r) => r.id), ...complaints.map((k) => k.id)];
    const events = subjectIds.length
      ? await tx.db
          .selectFrom('request_events')
          .select(['subject_id', 'seq', 'type', 'at', 'actor_name', 'data_json'])
          .where('subject_id', 'in', subjectIds)
          .orderBy('subject_id')
          .orderBy('seq')
          .execute()
      : [];
    const eventsOf = (subjectId: string) =>
      events
        .filter((e) => e.subject_id === subjectId)
        .map((e) => ({ type: e.type, at: e.at, by: e.actor_name, ...textsOf(e.data_json) }));
    const attachments = await tx.db
      .selectFrom('attachments')
      .select(['id', 'filename', 'content_type', 'size', 'created_at'])
      .where('customer_id', '=', c.id)
      .orderBy('id')
      .execute();
    await appendAudit(tx, ctx, {
      action: 'pii.export',
      entity: 'customer',
      entityId: c.id,
      after: { requests: requests.length, complaints: complaints.length, chatMessages: chats.length },
    });
    return {
      exportedAt: ctx.now.toISOString(),
      customer: {
        number: c.number,
        name: c.name,
        phone: open(c.phone_enc),
        address: open(c.address_enc),
        idNumber: open(c.id_number_enc),
        city: c.city,
        district: c.district,
        group: c.group_code,
        createdAt: c.created_at,
      },
      contacts: contacts.map((k) => ({ name: k.name, phone: open(k.phone_enc), relation: k.relation })),
      addresses: addresses.map((a) => ({ label: a.label, address: open(a.address_enc), city: a.city })),
      accounts: users.map((u) => ({
        username: u.username,
        displayName: u.display_name,
        createdAt: u.created_at,
      })),
      units,
      serviceRequests: requests.map((r) => ({
        number: r.number,
        channel: r.channel,
        type: r.type,
        status: r.status,
        description: r.description,
        receivedAt: r.received_at,
        closedAt: r.closed_at,
        contact: r.contact_name ? { name: r.contact_name, phone: open(r.contact_phone_enc) } : null,
        symptoms: r.symptoms_json ? (JSON.parse(r.symptoms_json) as string[]) : [],
        events: eventsOf(r.id),
      })),
      complaints: complaints.map((k) => ({
        number: k.number,
        description: k.description,
        status: k.status,
        receivedAt: k.received_at,
        resolvedAt: k.resolved_at,
        events: eventsOf(k.id),
      })),
      // Files are listed; their content is downloaded one by one (GET /api/v1/attachments/:id).
      attachments,
      chatMessages: chats,
      calls: calls.map(({ caller_enc, ...call }) => ({ ...call, caller: open(caller_enc) })),
    };
  });
}

export const anonymiseInput = z.object({
  /** The customer's number typed again: an irreversible step is not taken by a stray click. */
  confirmNumber: z.string().min(1).max(40),
  reason: z
    .string()
    .trim()
    .min(2, { error: bi('请填写原因（如：客户申请删除）', 'Give the reason (e.g. the customer asked)') })
    .max(500),
});

const ERASED = '已删除';

/** The free text of an event (notes, reasons) for the export; codes and times are in the event itself. */
function textsOf(dataJson: string | null): { note?: string; reason?: string } {
  if (!dataJson) return {};
  const data = JSON.parse(dataJson) as Record<string, unknown>;
  const out: { note?: string; reason?: string } = {};
  if (typeof data.note === 'string') out.note = data.note;
  if (typeof data.reason === 'string') out.reason = data.reason;
  return out;
}
// Free text (descriptions, chat) may hold numbers the customer typed: mobile and resident ID numbers.
const IDENTIFIERS = /(?<!\d)(?:1[3-9]\d{9}|\d{17}[\dXx]|\d{15})(?!\d)/g;

export function redactIdentifiers(text: string): string {
  return text.replace(IDENTIFIERS, `[${ERASED}]`);
}

/**
 * Anonymises a customer on request: name, phone, addresses, ID number, contacts, on-site contacts of
 * requests, numbers typed into descriptions and chats, and the customer's portal accounts (disabled).
 * Refused while the customer has open requests or complaints (they still need contact). Irreversible;
 * audited without the erased values.
 */
export async function anonymiseCustomer(deps: AppDeps, ctx: Ctx, customerId: string, raw: unknown) {
  const input = parseOrThrow(anonymiseInput, raw);
  if (!ctx.actor.permissions.has('pii:erase')) throw AppError.forbidden();
  return inTransaction(deps, async (tx) => {
    const c = await findCustomerInScope(tx.db, customerId, rowScope(ctx.actor));
    if (!c) throw AppError.notFound();
    // PostgreSQL: a request being created for this customer (FOR SHARE there) finishes first, or waits;
    // so does a second anonymisation, which then sees the first one's mark.
    if (tx.dialect === 'postgres') {
      const locked = await tx.db
        .selectFrom('customers')
        .select('anonymised_at')
        .where('id', '=', c.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      c.anonymised_at = locked.anonymised_at;
    }
    if (input.confirmNumber !== c.number)
      throw AppError.validation([
        {
          path: 'confirmNumber',
          message: { zh: '客户编号不一致', en: 'Does not match the customer number' },
        },
      ]);
    if (c.anonymised_at) return { id: c.id, number: c.number, anonymised: true, changed: false };
    const requests = await tx.db
      .selectFrom('service_requests')
      .select(['id', 'status', 'description'])
      .where('customer_id', '=', c.id)
      .execute();
    const complaints = await tx.db
      .selectFrom('complaints')
      .select(['id', 'status', 'description'])
      .where('customer_id', '=', c.id)
      .execute();
    if (
      requests.some((r) => isOpenStatus(r.status as RequestStatus)) ||
      complaints.some((k) => k.status !== 'closed')
    )
      throw new AppError('CONFLICT', {
        zh: '客户仍有未结束的服务请求或投诉，结束后才能匿名化',
        en: 'The customer has open service requests or complaints; anonymise after they end',
      });
    const counts = await eraseCustomer(tx, c.id, c.number, requests, complaints, ctx.now.toISOString());
    await appendAudit(tx, ctx, {
      action: 'pii.anonymise',
      entity: 'customer',
      entityId: c.id,
      // Operators may type details into the reason: numbers are taken out before it is chained for good.
      after: { reason: redactIdentifiers(input.reason), ...counts },
    });
    return { id: c.id, number: c.number, anonymised: true, changed: true, ...counts };
  });
}

function anonymousName(number: string): string {
  return `匿名客户 ${number}`;
}

async function eraseCustomer(
  tx: TxDeps,
  id: string,
  number: string,
  requests: { id: string; description: string }[],
  complaints: { id: string; description: string }[],
  nowIso: string,
) {
  // NOT NULL columns get an encrypted empty value and a hash that matches no phone (identity merge).
  await tx.db
    .updateTable('customers')
    .set({
      name: anonymousName(number),
      phone_enc: tx.cipher.encrypt(''),
      phone_hash: `erased:${id}`,
      phone_masked: ERASED,
      address_enc: null,
      address_masked: null,
      lat: null,
      lng: null,
      id_number_enc: null,
      id_number_masked: null,
      anonymised_at: nowIso,
      updated_at: nowIso,
    })
    .where('id', '=', id)
    .execute();
  const contacts = await tx.db
    .deleteFrom('customer_contacts')
    .where('customer_id', '=', id)
    .executeTakeFirst();
  // Addresses may be referenced by units and requests: emptied, not deleted. City/district stay (regional figures).
  await tx.db
    .updateTable('customer_addresses')
    .set({ label: null, address_enc: tx.cipher.encrypt(''), address_masked: ERASED, lat: null, lng: null })
    .where('customer_id', '=', id)
    .execute();
  await tx.db
    .updateTable('service_requests')
    .set({ contact_name: null, contact_phone_enc: null, contact_phone_masked: null })
    .where('customer_id', '=', id)
    .execute();
  for (const r of requests) {
    const description = redactIdentifiers(r.description);
    if (description !== r.description)
      await tx.db.updateTable('service_requests').set({ description }).where('id', '=', r.id).execute();
  }
  for (const k of complaints) {
    const description = redactIdentifiers(k.description);
    if (description !== k.description)
      await tx.db.updateTable('complaints').set({ description }).where('id', '=', k.id).execute();
  }
  // Notes and reasons written into the requests' and complaints' event logs.
  const subjectIds = [...requests.map((r) => r.id), ...complaints.map((k) => k.id)];
  const events = subjectIds.length
    ? await tx.db
        .selectFrom('request_events')
        .select(['id', 'data_json'])
        .where('subject_id', 'in', subjectIds)
        .where('data_json', 'is not', null)
        .execute()
    : [];
  for (const e of events) {
    const data_json = redactIdentifiers(e.data_json ?? '');
    if (data_json !== e.data_json)
      await tx.db.updateTable('request_events').set({ data_json }).where('id', '=', e.id).execute();
  }
  // Photos the customer uploaded may show the person or the home: their content goes, the record stays.
  const files = await tx.db
    .updateTable('attachments')
    .set({ filename: ERASED, content: Buffer.alloc(0), size: 0 })
    .where('customer_id', '=', id)
    .executeTakeFirst();
  const messages = await tx.db
    .selectFrom('chat_messages')
    .innerJoin('chat_sessions', 'chat_sessions.id', 'chat_messages.session_id')
    .select(['chat_messages.id', 'chat_messages.text', 'chat_messages.author_kind'])
    .where('chat_sessions.customer_id', '=', id)
    .execute();
  for (const m of messages) {
    const text = redactIdentifiers(m.text);
    const author = m.author_kind === 'customer' ? { author_name: anonymousName(number) } : {};
    if (text !== m.text || m.author_kind === 'customer')
      await tx.db
        .updateTable('chat_messages')
        .set({ text, ...author })
        .where('id', '=', m.id)
        .execute();
  }
  await tx.db
    .updateTable('call_records')
    .set({ caller_enc: null, caller_hash: null, caller_masked: ERASED })
    .where('customer_id', '=', id)
    .execute();
  const accounts = await tx.db.selectFrom('users').select('id').where('customer_id', '=', id).execute();
  for (const u of accounts) {
    // Portal usernames are often the phone number: replaced, also where the account signed events.
    const username = `anon-${u.id.slice(-12)}`;
    await tx.db
      .updateTable('users')
      .set({ username, display_name: anonymousName(number), disabled: 1, updated_at: nowIso })
      .where('id', '=', u.id)
      .execute();
    await tx.db
      .updateTable('request_events')
      .set({ actor_name: username })
      .where('actor_id', '=', u.id)
      .execute();
    await tx.db
      .updateTable('chat_messages')
      .set({ author_name: anonymousName(number) })
      .where('author_id', '=', u.id)
      .execute();
    await tx.db
      .updateTable('sessions')
      .set({ revoked_at: nowIso })
      .where('user_id', '=', u.id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return {
    contactsDeleted: Number(contacts.numDeletedRows),
    requests: requests.length,
    complaints: complaints.length,
    chatMessages: messages.length,
    eventNotes: events.length,
    attachmentsErased: Number(files.numUpdatedRows),
    accountsDisabled: accounts.length,
  };
}
