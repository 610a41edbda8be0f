import { defineRoutes, needs } from '../route-def';

export const outletsRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/v1/outlets',
    summary: 'Service outlets (网点) for filters and assignment / 服务网点列表',
    tags: ['network'],
    access: needs('requests:read'),
    async handler({ deps }) {
      const rows = await deps.db
        .selectFrom('outlets')
        .selectAll()
        .where('active', '=', 1)
        .orderBy('code')
        .execute();
      return {
        body: {
          items: rows.map((o) => ({
            id: o.id,
            code: o.code,
            name: o.name,
            kind: o.kind,
            city: o.city,
            district: o.district,
            location: o.lat != null && o.lng != null ? { lat: o.lat, lng: o.lng } : null,
          })),
          total: rows.length,
          nextCursor: null,
        },
      };
    },
  },
]);
