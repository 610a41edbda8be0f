import { computeKpis, kpiQuery } from '../../app/reports/compute-kpis';
import { slaBreaches, slaReport, slaReportQuery } from '../../app/reports/sla-report';
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
  {
    method: 'GET',
    url: '/api/v1/reports/sla',
    summary: 'SLA compliance by agent, team, channel or type (format=csv for a download) / SLA 达成报表',
    tags: ['reports'],
    access: needs('kpis:read'),
    query: slaReportQuery,
    async handler({ deps, ctx, query }) {
      const r = await slaReport(deps, ctx, query);
      if ('csv' in r) return { body: r.csv, headers: csvHeaders('sla-report.csv') };
      return { body: r };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/reports/sla/breaches',
    summary: 'Drill-down to the breaching requests of one group / SLA 超时明细',
    tags: ['reports'],
    access: needs('kpis:read'),
    query: slaReportQuery,
    async handler({ deps, ctx, query }) {
      const r = await slaBreaches(deps, ctx, query);
      if ('csv' in r) return { body: r.csv, headers: csvHeaders('sla-breaches.csv') };
      return { body: r };
    },
  },
]);

function csvHeaders(filename: string): Record<string, string> {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
  };
}
