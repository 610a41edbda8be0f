import { z } from 'zod';
import { AppError, type ErrorDetail } from './app-error';
import type { LocalizedText } from './messages';

const SEP = '\u241E';
const zhErrors = z.locales.zhCN().localeError;
const enErrors = z.locales.en().localeError;

/** A bilingual custom message for a zod check: `.regex(re, { error: bi('手机号…', 'Invalid mobile…') })`. */
export function bi(zh: string, en: string): string {
  return `${zh}${SEP}${en}`;
}

function split(message: string): LocalizedText | string {
  const i = message.indexOf(SEP);
  if (i < 0) return message;
  return { zh: message.slice(0, i), en: message.slice(i + SEP.length) };
}

function pathOf(path: PropertyKey[], prefix?: string): string {
  const p = path.map(String).join('.');
  return prefix ? (p ? `${prefix}.${p}` : prefix) : p;
}

/**
 * Parses input at a boundary. On failure throws VALIDATION_FAILED with one detail per field, each with a
 * Chinese and an English message (the schema is run once more with zod's zh-CN locale; failures only).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const en = schema.safeParse(input, { error: enErrors });
  if (en.success) return en.data;
  const zh = schema.safeParse(input, { error: zhErrors });
  const zhIssues = zh.success ? [] : zh.error.issues;
  const details: ErrorDetail[] = en.error.issues.map((issue, idx) => {
    const enText = split(issue.message);
    if (typeof enText !== 'string') return { path: pathOf(issue.path, prefix), message: enText };
    const zhIssue = zhIssues[idx];
    const zhText = zhIssue ? split(zhIssue.message) : enText;
    return {
      path: pathOf(issue.path, prefix),
      message: { zh: typeof zhText === 'string' ? zhText : zhText.zh, en: enText },
    };
  });
  throw AppError.validation(details);
}

// Shared field schemas for boundaries.
export const zMobile = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+?86|0086)/, ''))
  .pipe(
    z.string().regex(/^1[3-9]\d{9}$/, {
      error: bi('手机号码格式不正确（11 位）', 'Invalid mobile number (11 digits)'),
    }),
  );

/** Landline or mobile: digits with optional area code, for contacts. */
export const zPhone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s()-]/g, '').replace(/^(\+?86|0086)/, ''))
  .pipe(
    z.string().regex(/^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$/, {
      error: bi('电话号码格式不正确', 'Invalid phone number'),
    }),
  );

export const zLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: bi('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'),
    abort: true,
  })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      error: bi('日期不存在', 'No such date'),
    },
  );

export const zInstant = z.iso.datetime({
  offset: true,
  error: bi('时间须为带时区的 ISO 8601 格式', 'Must be an ISO 8601 instant with offset'),
});

export const zLocation = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

export const zLimit = z.coerce.number().int().min(1).max(500).default(50);
