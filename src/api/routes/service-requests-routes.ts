import { z } from 'zod';
import {
  createPreparedServiceRequestJson,
  createServiceRequestInput,
  prepareServiceRequest,
} from '../../app/requests/create-service-request';
import {
  getServiceRequest,
  listRequestEvents,
  listServiceRequests,
  listServiceRequestsQuery,
} from '../../app/requests/read-service-requests';
import { recordRequestEvent, requestEventInput } from '../../app/requests/record-request-event';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

export const serviceRequestsRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/service-requests',
    summary:
      'Take a service request from any channel; triage classifies it when no type is given / 受理服务请求',
    tags: ['service-requests'],
    access: needs('requests:write'),
    idempotent: true,
    body: createServiceRequestInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      // SQLite servers: validated and triaged here, written by the use-case thread (UseCaseThread).
      const thread = deps.useCaseThread;
      const prepared = await prepareServiceRequest(deps, ctx, body);
      if (!thread?.available())
        return { status: 201, body: await createPreparedServiceRequestJson(deps, ctx, prepared) };
      const created = await thread.runOrHere(
        'create-prepared-service-request',
        ctx,
        prepared,
        () => createPreparedServiceRequestJson(deps, ctx, prepared),
        // The thread died meanwhile: the request is read if it committed, else created here.
        () => createPreparedServiceRequestJson(deps, ctx, prepared, { ifAbsent: true }),
      );
      return { status: 201, body: created };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/service-requests',
    summary: 'List service requests (filters; sort=urgency for the agent queue) / 服务请求列表',
    tags: ['service-requests'],
    access: needs('requests:read'),
    query: listServiceRequestsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listServiceRequests(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/service-requests/:id',
    summary: 'A service request with its SLA clocks / 服务请求详情',
    tags: ['service-requests'],
    access: needs('requests:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await getServiceRequest(deps, ctx, params.id) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/service-requests/:id/events',
    summary: 'The event log of a request (timeline) / 服务请求时间线',
    tags: ['service-requests'],
    access: needs('requests:read'),
    params: idParams,
    async handler({ deps, ctx, params }) {
      return { body: await listRequestEvents(deps, ctx, params.id) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/service-requests/:id/events',
    summary:
      'Record what happened (responded, appointment-agreed, paused, dispatched, arrived, resolved, …); 409 when out of order / 记录处理事件',
    tags: ['service-requests'],
    access: needs('requests:write'),
    params: idParams,
    body: requestEventInput,
    response: { status: 201 },
    async handler({ deps, ctx, params, body }) {
      return { status: 201, body: await recordRequestEvent(deps, ctx, params.id, body) };
    },
  },
]);
