import { z } from 'zod';
import {
  type CalendarSpec,
  CalendarSpecError,
  compileCalendar,
  type HolidayNotice,
  HolidayNoticeError,
  parseHolidayCnJson,
  parseHolidayIcs,
} from '../../domain/calendar';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { parseOrThrow } from '../shared/validate';
import { forgetCalendars } from './calendar-store';
import { recomputeOpenClocks } from './recompute-open-clocks';

function summary(id: string, spec: CalendarSpec, version: number, updatedAt: string) {
  const years = [...new Set([...spec.holidays, ...spec.workdays].map((d) => d.slice(0, 4)))].sort();
  return {
    id,
    name: spec.name,
    zone: spec.zone,
    version,
    updatedAt,
    holidays: spec.holidays.length,
    workdays: spec.workdays.length,
    years,
  };
}

export async function listCalendars(deps: AppDeps) {
  const rows = await deps.db.selectFrom('calendars').selectAll().orderBy('id').execute();
  return {
    items: rows.map((r) => summary(r.id, JSON.parse(r.spec_json) as CalendarSpec, r.version, r.updated_at)),
  };
}

export async function getCalendar(deps: AppDeps, id: string) {
  const r = await deps.db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw AppError.notFound();
  return {
    ...summary(r.id, JSON.parse(r.spec_json) as CalendarSpec, r.version, r.updated_at),
    spec: JSON.parse(r.spec_json) as CalendarSpec,
  };
}

function specError(err: unknown, prefix: string): never {
  if (err instanceof CalendarSpecError) {
    throw AppError.validation([
      {
        path: `${prefix}${err.path}`,
        message: { zh: `日历定义无效：${err.message}`, en: `Invalid calendar: ${err.message}` },
      },
    ]);
  }
  throw err;
}

async function saveSpec(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  spec: CalendarSpec,
  action: string,
  detail: Record<string, unknown>,
) {
  try {
    compileCalendar(spec);
  } catch (err) {
    specError(err, 'spec.');
  }
  await inTransaction(deps, async (tx) => {
    const before = await tx.db
      .selectFrom('calendars')
      .select(['version', 'spec_json'])
      .where('id', '=', id)
      .executeTakeFirst();
    const version = (before?.version ?? 0) + 1;
    const values = {
      name: spec.name,
      spec_json: JSON.stringify(spec),
      version,
      updated_at: ctx.now.toISOString(),
    };
    if (before) await tx.db.updateTable('calendars').set(values).where('id', '=', id).execute();
    else
      await tx.db
        .insertInto('calendars')
        .values({ id, ...values })
        .execute();
    await appendAudit(tx, ctx, {
      action,
      entity: 'calendar',
      entityId: id,
      before: before ? { version: before.version } : undefined,
      after: { version, ...detail },
    });
  });
  forgetCalendars(deps);
  // Deadlines of open work follow the new calendar.
  const recomputed = await recomputeOpenClocks(deps, ctx);
  return { ...(await getCalendar(deps, id)), recomputed };
}

const wall = z.object({ start: z.string(), end: z.string() });
export const calendarSpecInput = z.object({
  name: z.string().trim().min(1).max(100),
  zone: z.string().min(1).max(64),
  weekly: z.record(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(wall)),
  holidays: z.array(z.string()).max(5000).default([]),
  workdays: z.array(z.string()).max(5000).default([]),
  workdayPeriods: z.array(wall).optional(),
  exceptions: z
    .array(z.object({ date: z.string(), periods: z.array(wall) }))
    .max(5000)
    .optional(),
});

/** Creates or replaces an enterprise calendar (service hours of a channel or outlet, …). */
export async function putCalendar(deps: AppDeps, ctx: Ctx, id: string, raw: unknown) {
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(id)) {
    throw AppError.validation([
      {
        path: 'id',
        message: { zh: '日历编号须为小写字母、数字和 -', en: 'Calendar id: lowercase letters, digits and -' },
      },
    ]);
  }
  const input = parseOrThrow(calendarSpecInput, raw);
  const weekly: Record<string, { start: string; end: string }[]> = {};
  for (const d of ['1', '2', '3', '4', '5', '6', '7'] as const) weekly[d] = input.weekly[d] ?? [];
  const spec = { id, ...input, weekly } as unknown as CalendarSpec;
  return saveSpec(deps, ctx, id, spec, 'calendar.put', { name: spec.name });
}

export const holidayNoticeInput = z.object({
  format: z.enum(['holiday-cn-json', 'ics']),
  content: z.string().min(2).max(2_000_000),
});

/**
 * Loads a State Council holiday notice (holiday-cn JSON or iCal) into a calendar without a release: the
 * years the notice covers are replaced, other years are kept.
 */
export async function importHolidayNotice(deps: AppDeps, ctx: Ctx, calendarId: string, raw: unknown) {
  const input = parseOrThrow(holidayNoticeInput, raw);
  let notice: HolidayNotice;
  try {
    notice = input.format === 'ics' ? parseHolidayIcs(input.content) : parseHolidayCnJson(input.content);
  } catch (err) {
    if (err instanceof HolidayNoticeError) {
      throw AppError.validation(
        err.issues.map((i) => ({
          path: `content.${i.path}`.replace(/\.$/, ''),
          message: { zh: `节假日通知无效：${i.message}`, en: i.message },
        })),
      );
    }
    throw err;
  }
  if (notice.entries.length === 0)
    throw AppError.validation([
      { path: 'content', message: { zh: '通知中没有日期', en: 'The notice lists no dates' } },
    ]);
  const current = await getCalendar(deps, calendarId);
  const years = new Set(notice.entries.map((e) => e.date.slice(0, 4)));
  const keep = (d: string) => !years.has(d.slice(0, 4));
  const spec: CalendarSpec = {
    ...current.spec,
    holidays: [...current.spec.holidays.filter(keep), ...notice.holidays].sort(),
    workdays: [...current.spec.workdays.filter(keep), ...notice.workdays].sort(),
  };
  return saveSpec(deps, ctx, calendarId, spec, 'calendar.import-notice', {
    years: [...years].sort(),
    holidays: notice.holidays.length,
    workdays: notice.workdays.length,
  });
}
