import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import {
  type Calendar,
  type CalendarSpec,
  type ChineseDaysMaps,
  compileCalendar,
  defaultCalendars,
  prcDaysFromChineseDays,
} from '../../domain/calendar';
import type { AppDeps } from '../app-deps';
import { cachesForgotten } from '../shared/cache-invalidation';

const require = createRequire(import.meta.url);

/** PRC holidays and make-up days shipped with the `chinese-days` package (seed; admins import newer notices). */
export function shippedPrcDays(fromYear = 2004, toYear = 2030) {
  const maps = require('chinese-days/dist/chinese-days.json') as ChineseDaysMaps;
  return prcDaysFromChineseDays(maps, fromYear, toYear);
}

interface CacheEntry {
  versions: string;
  checkedAt: number;
  compiled: Map<string, Calendar>;
  specs: Map<string, CalendarSpec>;
}

// Compiled calendars are cached per database handle; a cheap version probe every few seconds picks up an
// import made by another instance.
const cache = new WeakMap<object, CacheEntry>();
const RECHECK_MS = 5_000;

async function versionsOf(db: Kysely<Database>): Promise<string> {
  const rows = await db.selectFrom('calendars').select(['id', 'version']).orderBy('id').execute();
  return rows.map((r) => `${r.id}:${r.version}`).join(',');
}

/** Creates the three CONTRACT calendars on an empty database. */
export async function ensureDefaultCalendars(db: Kysely<Database>, now: Date): Promise<void> {
  const existing = await db.selectFrom('calendars').select('id').execute();
  const have = new Set(existing.map((r) => r.id));
  // Every start of every process comes here: read the shipped holiday data only on a new database.
  if (have.has('24x7') && have.has('service-hours') && have.has('working-days')) return;
  const missing = defaultCalendars(shippedPrcDays()).filter((s) => !have.has(s.id));
  for (const spec of missing) {
    await db
      .insertInto('calendars')
      .values({
        id: spec.id,
        name: spec.name,
        spec_json: JSON.stringify(spec),
        version: 1,
        updated_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** Loads (and caches) every calendar of the deployment, compiled. */
export async function loadCalendars(
  deps: Pick<AppDeps, 'db'>,
  force = false,
): Promise<(id: string) => Calendar> {
  const key = deps.db as unknown as object;
  let entry = cache.get(key);
  const nowMs = Date.now();
  if (!entry || force || nowMs - entry.checkedAt > RECHECK_MS) {
    const versions = await versionsOf(deps.db);
    if (!entry || entry.versions !== versions) {
      const rows = await deps.db.selectFrom('calendars').selectAll().execute();
      const specs = new Map(rows.map((r) => [r.id, JSON.parse(r.spec_json) as CalendarSpec]));
      entry = { versions, checkedAt: nowMs, compiled: new Map(), specs };
      for (const [id, spec] of specs) entry.compiled.set(id, compileCalendar(spec));
      cache.set(key, entry);
    } else {
      entry.checkedAt = nowMs;
    }
  }
  const compiled = entry.compiled;
  return (id: string) => {
    const cal = compiled.get(id);
    if (!cal) throw new Error(`unknown calendar ${id}`);
    return cal;
  };
}

export function forgetCalendars(deps: Pick<AppDeps, 'db'>): void {
  cache.delete(deps.db as unknown as object);
  cachesForgotten();
}
