import { searchAudit, searchAuditQuery } from '../../app/audit/search-audit';
import { installedBaseOverview } from '../../app/customers/installed-base-overview';
import { defineRoutes, needs } from '../route-def';

export const auditRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'Search the hash-chained audit log / 审计日志查询',
    tags: ['audit'],
    access: needs('audit:read'),
    query: searchAuditQuery,
    async handler({ deps, query }) {
      return { body: await searchAudit(deps, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/stats/overview',
    summary: 'Installed-base counts for the home page / 概览统计',
    tags: ['reports'],
    access: needs('stats:read'),
    async handler({ deps, ctx }) {
      return { body: await installedBaseOverview(deps, ctx) };
    },
  },
]);
