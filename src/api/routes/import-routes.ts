import { z } from 'zod';
import { importInstalledBase, parseImportKind } from '../../app/customers/import-installed-base';
import { AppError } from '../../app/shared/app-error';
import { parseOrThrow } from '../../app/shared/validate';
import { defineRoutes, needs } from '../route-def';

const importQuery = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
  skipInvalid: z.enum(['true', 'false', '1', '0']).optional(),
});

const noFile = () =>
  AppError.validation([
    { path: 'file', message: { zh: '请上传文件（字段 file）', en: 'Upload a file in field "file"' } },
  ]);

export const importRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/imports/:kind',
    summary: 'Import customers or units from CSV/XLSX (dry run, row-level errors) / 批量导入客户或产品',
    tags: ['installed-base'],
    access: needs('imports:run'),
    multipart: true,
    params: z.object({ kind: z.enum(['customers', 'units']) }),
    query: importQuery,
    async handler({ deps, ctx, params, query, request }) {
      const kind = parseImportKind(params.kind);
      const q = parseOrThrow(importQuery, query);
      if (!request.isMultipart()) throw noFile();
      const part = await request.file().catch(() => undefined);
      if (!part) throw noFile();
      const buffer = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE')
          throw AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE');
        // A truncated or malformed upload (ERR_STREAM_PREMATURE_CLOSE, busboy errors) is bad input, not a 500.
        throw AppError.validation([
          {
            path: 'file',
            message: { zh: '上传不完整或格式错误', en: 'The upload is incomplete or malformed' },
          },
        ]);
      });
      const truthy = (v?: string) => v === 'true' || v === '1';
      const report = await importInstalledBase(
        deps,
        ctx,
        kind,
        { buffer, filename: part.filename },
        {
          dryRun: truthy(q.dryRun),
          skipInvalid: truthy(q.skipInvalid),
        },
      );
      return { body: report };
    },
  },
]);
