import { computeKpis, kpiQuery } from '../../app/reports/compute-kpis';
import { defineRoutes, needs } from '../route-def';

export const kpiRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/v1/kpis',
    summary:
      'Indicators of REQUIREMENTS.md for a period (from inclusive, to exclusive, local dates) / 绩效指标',
    tags: ['reports'],
    access: needs('kpis:read'),
    query: kpiQuery,
    async handler({ deps, ctx, query }) {
      return { body: await computeKpis(deps, ctx, query) };
    },
  },
]);
