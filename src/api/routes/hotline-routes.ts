import QRCode from 'qrcode';
import { z } from 'zod';
import { callerLookup, callerLookupQuery } from '../../app/customers/caller-lookup';
import { getUnit, getUnitBySerial } from '../../app/customers/units';
import { defineRoutes, needs } from '../route-def';

export const hotlineRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/v1/caller-lookup',
    summary: 'Hotline screen-pop: customers, units and open requests for a caller number / 来电识别',
    tags: ['service-requests'],
    access: needs('customers:write'),
    query: callerLookupQuery,
    async handler({ deps, ctx, query }) {
      return { body: await callerLookup(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/units/by-serial/:serial',
    summary: 'A unit by its serial number (from the QR label) / 按序列号查询产品',
    tags: ['installed-base'],
    access: needs('units:read'),
    params: z.object({ serial: z.string() }),
    async handler({ deps, ctx, params }) {
      return { body: await getUnitBySerial(deps, ctx, params.serial) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/units/:id/qr.svg',
    summary: 'QR label of a unit: opens the portal report form with model and serial filled in / 产品二维码',
    tags: ['installed-base'],
    access: needs('units:read'),
    params: z.object({ id: z.string() }),
    async handler({ deps, ctx, params, request, reply }) {
      const unit = await getUnit(deps, ctx, params.id);
      const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
      const svg = await QRCode.toString(`${origin}/portal/report?serial=${encodeURIComponent(unit.serial)}`, {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'private, max-age=86400');
      await reply.send(svg);
      return undefined;
    },
  },
]);
