import { z } from 'zod';
import {
  calendarSpecInput,
  getCalendar,
  holidayNoticeInput,
  importHolidayNotice,
  listCalendars,
  putCalendar,
} from '../../app/sla/calendars-admin';
import { listSlaPolicies, putSlaPolicy, slaPolicyInput } from '../../app/sla/policies-admin';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

export const slaAdminRoutes = defineRoutes([
  {
    method: 'GET',
    url: '/api/v1/calendars',
    summary: 'Business calendars (24x7, service hours, PRC working days, …) / 工作日历',
    tags: ['sla'],
    access: needs('requests:read'),
    async handler({ deps }) {
      return { body: await listCalendars(deps) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/calendars/:id',
    summary: 'A calendar with its full definition / 日历详情',
    tags: ['sla'],
    access: needs('requests:read'),
    params: idParams,
    async handler({ deps, params }) {
      return { body: await getCalendar(deps, params.id) };
    },
  },
  {
    method: 'PUT',
    url: '/api/v1/calendars/:id',
    summary: 'Create or replace a calendar; open clocks are recomputed / 新建或修改日历',
    tags: ['sla'],
    access: needs('sla:admin'),
    params: idParams,
    body: calendarSpecInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await putCalendar(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/calendars/:id/holiday-notices',
    summary: "Load a year's State Council holiday notice (holiday-cn JSON or iCal) / 导入节假日安排",
    tags: ['sla'],
    access: needs('sla:admin'),
    params: idParams,
    body: holidayNoticeInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await importHolidayNotice(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/sla-policies',
    summary: 'SLA policies (type × customer/contract/region → clocks) / SLA 策略',
    tags: ['sla'],
    access: needs('requests:read'),
    async handler({ deps }) {
      return { body: await listSlaPolicies(deps) };
    },
  },
  {
    method: 'PUT',
    url: '/api/v1/sla-policies/:id',
    summary: 'Create or replace an SLA policy; open clocks are recomputed / 新建或修改 SLA 策略',
    tags: ['sla'],
    access: needs('sla:admin'),
    params: idParams,
    body: slaPolicyInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await putSlaPolicy(deps, ctx, params.id, body) };
    },
  },
]);
