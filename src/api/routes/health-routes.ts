import { z } from 'zod';
import { defineRoutes, PUBLIC } from '../route-def';

export const healthRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness / 健康检查',
    tags: ['system'],
    access: PUBLIC,
    response: { status: 200, schema: z.object({ status: z.literal('ok') }) },
    async handler() {
      return { body: { status: 'ok' } };
    },
  },
]);
