import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import type { AppDeps, Ctx, TxDeps } from '../app-deps';
import { inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { parseOrThrow } from '../shared/validate';

/**
 * Versioned settings of the intake channels that the 8.1 indicators depend on (REQUIREMENTS: "all targets
 * are versioned configuration"). Defaults are the standard's figures and A-11/A-12's defaults.
 */
export interface ChannelSettings {
  hotline: {
    /** Calendar of the hotline queue's published hours (calls outside are excluded; staffed hours count inside). */
    calendar: string;
    answerSeconds: number;
    /** 0 = no short-abandon exclusion (A-11 default). */
    shortAbandonSeconds: number;
    minStaffedHours: number;
    /** dcontexts of Asterisk records that are agent-queue calls besides those with lastapp=Queue. */
    queueContexts: string[];
  };
  chat: { calendar: string; replyMinutes: number };
  version: number;
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  hotline: {
    calendar: 'service-hours',
    answerSeconds: 15,
    shortAbandonSeconds: 0,
    minStaffedHours: 8,
    queueContexts: [],
  },
  chat: { calendar: 'service-hours', replyMinutes: 5 },
  version: 0,
};

const SETTINGS_ID = 'channels';

export const channelSettingsInput = z.object({
  hotline: z
    .object({
      calendar: z.string().min(1).max(64).optional(),
      answerSeconds: z.number().int().min(1).max(600).optional(),
      shortAbandonSeconds: z.number().int().min(0).max(60).optional(),
      minStaffedHours: z.number().min(0).max(24).optional(),
      queueContexts: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
    })
    .strict()
    .optional(),
  chat: z
    .object({
      calendar: z.string().min(1).max(64).optional(),
      replyMinutes: z.number().int().min(1).max(240).optional(),
    })
    .strict()
    .optional(),
});

export async function loadChannelSettings(deps: Pick<AppDeps, 'db'>): Promise<ChannelSettings> {
  const row = await deps.db
    .selectFrom('channel_settings')
    .selectAll()
    .where('id', '=', SETTINGS_ID)
    .executeTakeFirst();
  if (!row) return DEFAULT_CHANNEL_SETTINGS;
  const stored = JSON.parse(row.value_json) as Partial<ChannelSettings>;
  return {
    hotline: { ...DEFAULT_CHANNEL_SETTINGS.hotline, ...stored.hotline },
    chat: { ...DEFAULT_CHANNEL_SETTINGS.chat, ...stored.chat },
    version: row.version,
  };
}

/** PUT /api/v1/channels/settings: merges the given fields; audited with before/after. */
export async function updateChannelSettings(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<ChannelSettings> {
  const input = parseOrThrow(channelSettingsInput, raw);
  return inTransaction(deps, async (tx: TxDeps) => {
    const calendars = new Set((await tx.db.selectFrom('calendars').select('id').execute()).map((r) => r.id));
    for (const [path, id] of [
      ['hotline.calendar', input.hotline?.calendar],
      ['chat.calendar', input.chat?.calendar],
    ] as const) {
      if (id !== undefined && !calendars.has(id))
        throw AppError.validation([{ path, message: { zh: '日历不存在', en: 'Unknown calendar' } }]);
    }
    const current = await forUpdate(
      tx.db.selectFrom('channel_settings').selectAll().where('id', '=', SETTINGS_ID),
      tx.dialect,
    ).executeTakeFirst();
    const before = await loadChannelSettings(tx);
    const next: ChannelSettings = {
      hotline: { ...before.hotline, ...input.hotline },
      chat: { ...before.chat, ...input.chat },
      version: before.version + 1,
    };
    const value_json = JSON.stringify({ hotline: next.hotline, chat: next.chat });
    const updated_at = ctx.now.toISOString();
    if (current)
      await tx.db
        .updateTable('channel_settings')
        .set({ value_json, version: next.version, updated_at })
        .where('id', '=', SETTINGS_ID)
        .execute();
    else
      await tx.db
        .insertInto('channel_settings')
        .values({ id: SETTINGS_ID, value_json, version: next.version, updated_at })
        .execute();
    await appendAudit(tx, ctx, {
      action: 'channel-settings.update',
      entity: 'channel-settings',
      entityId: SETTINGS_ID,
      before,
      after: next,
    });
    return next;
  });
}
