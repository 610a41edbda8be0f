import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AttachmentsTable, Database } from '../../db/schema';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Images recognised by their first bytes, not by what the client claims. */
export function sniffImageType(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (
    b.length >= 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export function attachmentView(
  a: Pick<AttachmentsTable, 'id' | 'filename' | 'content_type' | 'size'>,
): AttachmentView {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    url: `/api/v1/attachments/${a.id}`,
  };
}

const bad = (zh: string, en: string) => AppError.validation([{ path: 'file', message: { zh, en } }]);

/** Stores an uploaded photo; it is attached to a request when the request is created with its id. */
export async function uploadAttachment(
  deps: AppDeps,
  ctx: Ctx,
  file: { buffer: Buffer; filename: string },
): Promise<AttachmentView> {
  if (file.buffer.length === 0) throw bad('文件为空', 'The file is empty');
  if (file.buffer.length > MAX_ATTACHMENT_BYTES) throw AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE');
  const contentType = sniffImageType(file.buffer);
  if (!contentType) throw bad('只接受 JPEG、PNG 或 WebP 图片', 'Only JPEG, PNG or WebP images are accepted');
  // Path separators and control characters out of the stored name.
  const filename =
    [...file.filename]
      .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch))
      .join('')
      .slice(0, 200) || 'photo';
  return inTransaction(deps, async (tx) => {
    const row: AttachmentsTable = {
      id: newId(),
      owner_user_id: ctx.actor.id,
      customer_id: ctx.actor.customerId,
      subject_kind: null,
      subject_id: null,
      filename,
      content_type: contentType,
      size: file.buffer.length,
      sha256: crypto.createHash('sha256').update(file.buffer).digest('hex'),
      content: file.buffer,
      created_at: ctx.now.toISOString(),
    };
    await tx.db.insertInto('attachments').values(row).execute();
    const view = attachmentView(row);
    await appendAudit(tx, ctx, {
      action: 'attachment.upload',
      entity: 'attachment',
      entityId: row.id,
      after: { ...view, sha256: row.sha256 },
    });
    return view;
  });
}

/** Uploaded attachments checked for linking: the uploader's own, still unlinked (see `linkAttachments`). */
export interface UsableAttachments {
  ids: readonly string[];
  rows: Parameters<typeof attachmentView>[0][];
}

/**
 * Checks, without writing, that the actor may link these attachments: only the uploader's own, still
 * unlinked ones. A use case checks everything before its first write (see GroupCommitSqliteDialect).
 */
export async function usableAttachments(
  tx: TxDeps,
  ctx: Ctx,
  ids: readonly string[],
): Promise<UsableAttachments> {
  if (ids.length === 0) return { ids, rows: [] };
  const rows = await tx.db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'size', 'owner_user_id', 'subject_id'])
    .where('id', 'in', [...ids])
    .execute();
  const usable = new Set(
    rows.filter((r) => r.owner_user_id === ctx.actor.id && r.subject_id === null).map((r) => r.id),
  );
  const missing = ids.filter((id) => !usable.has(id));
  if (missing.length > 0) {
    throw AppError.validation([
      {
        path: 'attachmentIds',
        message: {
          zh: '附件不存在或已被使用',
          en: `Unknown or already used attachment: ${missing.join(', ')}`,
        },
      },
    ]);
  }
  return { ids, rows };
}

/** Links attachments checked by `usableAttachments` to a record, in the caller's transaction. */
export async function linkAttachments(
  tx: TxDeps,
  checked: UsableAttachments,
  subjectKind: string,
  subjectId: string,
  customerId: string,
): Promise<AttachmentView[]> {
  if (checked.ids.length === 0) return [];
  const linked = await tx.db
    .updateTable('attachments')
    .set({ subject_kind: subjectKind, subject_id: subjectId, customer_id: customerId })
    .where('id', 'in', [...checked.ids])
    // Still unlinked: a concurrent create (PostgreSQL) may have taken one since the check.
    .where('subject_id', 'is', null)
    .executeTakeFirst();
  if (Number(linked.numUpdatedRows) !== checked.ids.length)
    throw AppError.conflict('ATTACHMENT_IN_USE', 'attachmentIds');
  return checked.rows.map(attachmentView);
}

export async function attachmentsOf(
  db: Kysely<Database>,
  subjectKind: string,
  subjectId: string,
): Promise<AttachmentView[]> {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'size'])
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return rows.map(attachmentView);
}

/** The bytes of an attachment: its uploader, staff, or the customer it belongs to (row scope); else 404. */
export async function readAttachment(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
): Promise<{ contentType: string; filename: string; content: Buffer }> {
  const a = await deps.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw AppError.notFound();
  const scope = rowScope(ctx.actor);
  const allowed =
    a.owner_user_id === ctx.actor.id ||
    scope.kind === 'all' ||
    (scope.kind === 'customer' && a.customer_id === scope.customerId) ||
    (scope.kind === 'outlet' &&
      a.subject_kind === 'service-request' &&
      !!(await deps.db
        .selectFrom('service_requests')
        .select('id')
        .where('id', '=', a.subject_id as string)
        .where('outlet_id', '=', scope.outletId)
        .executeTakeFirst()));
  if (!allowed) throw AppError.notFound();
  return { contentType: a.content_type, filename: a.filename, content: Buffer.from(a.content) };
}
