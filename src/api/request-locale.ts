import type { FastifyRequest } from 'fastify';
import type { Locale } from '../app/shared/messages';

/** zh-CN or en-US when the client says so; undefined means "send both". */
export function requestLocale(request: FastifyRequest): Locale | undefined {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '*') return undefined;
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('zh')) return 'zh-CN';
  if (first.startsWith('en')) return 'en-US';
  return undefined;
}
