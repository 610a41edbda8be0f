import { z } from 'zod';
import {
  complaintEventInput,
  createComplaint,
  createComplaintInput,
  getComplaint,
  listComplaints,
  listComplaintsQuery,
  recordComplaintEvent,
} from '../../app/complaints/complaints';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

export const complaintsRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/complaints',
    summary: 'Register a complaint (24 h response; complex: plan within 3 working days) / 投诉受理',
    tags: ['complaints'],
    access: needs('complaints:write'),
    idempotent: true,
    body: createComplaintInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createComplaint(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/complaints',
    summary: 'List complaints / 投诉列表',
    tags: ['complaints'],
    access: needs('complaints:read'),
    query: listComplaintsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listComplaints(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/complaints/:id',
    summary: 'A complaint with its clocks / 投诉详情',
    tags: ['complaints'],
    access: needs('complaints:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await getComplaint(deps, ctx, params.id) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/complaints/:id/events',
    summary:
      'Record responded, plan-proposed, resolved, closed, paused, resumed, marked-complex / 记录投诉处理事件',
    tags: ['complaints'],
    access: needs('complaints:write'),
    params: idParams,
    body: complaintEventInput,
    response: { status: 201 },
    async handler({ deps, ctx, params, body }) {
      return { status: 201, body: await recordComplaintEvent(deps, ctx, params.id, body) };
    },
  },
]);
