import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, readAttachment, uploadAttachment } from '../../app/attachments/attachments';
import { AppError } from '../../app/shared/app-error';
import { AUTHENTICATED, defineRoutes, needs } from '../route-def';

const noFile = () =>
  AppError.validation([
    { path: 'file', message: { zh: '请上传文件（字段 file）', en: 'Upload a file in field "file"' } },
  ]);

export const attachmentsRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/attachments',
    summary: 'Upload a photo (JPEG/PNG/WebP, ≤ 10 MB) to attach to a request / 上传图片附件',
    tags: ['service-requests'],
    access: needs('requests:write'),
    multipart: true,
    response: { status: 201 },
    async handler({ deps, ctx, request }) {
      if (!request.isMultipart()) throw noFile();
      const part = await request.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES } }).catch(() => undefined);
      if (!part) throw noFile();
      const buffer = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE')
          throw AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE');
        throw noFile();
      });
      return { status: 201, body: await uploadAttachment(deps, ctx, { buffer, filename: part.filename }) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/attachments/:id',
    summary: 'Download an attachment (uploader, staff, or the customer it belongs to) / 下载附件',
    tags: ['service-requests'],
    access: AUTHENTICATED,
    params: z.object({ id: z.string() }),
    async handler({ deps, ctx, params, reply }) {
      const a = await readAttachment(deps, ctx, params.id);
      reply
        .header('content-type', a.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
      await reply.send(a.content);
      return undefined;
    },
  },
]);
