import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/app-deps';
import { type Authenticated, authenticate } from '../../app/identity/authenticate';
import { AppError } from '../../app/shared/app-error';
import { readCookie, SESSION_COOKIE } from '../cookies';
import type { Access } from '../route-def';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Resolves the caller (bearer token, API key, or console cookie + CSRF token on writes) and enforces
 * the route's declared access: 401 without a valid identity, 403 without the permission.
 */
export async function enforceAccess(
  deps: AppDeps,
  request: FastifyRequest,
  access: Access,
  now: Date,
): Promise<void> {
  request.auth = null;
  const header = request.headers.authorization;
  let auth: Authenticated | null = null;
  if (typeof header === 'string' && header.length > 0) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    auth = m ? await authenticate(deps, m[1], now) : null;
    if (!auth && access.kind !== 'public') throw AppError.of('UNAUTHENTICATED', 'UNAUTHENTICATED');
  } else {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      auth = await authenticate(deps, cookie, now, 'cookie');
      if (auth && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !auth.csrfToken || !safeEqual(sent, auth.csrfToken)) {
          if (access.kind !== 'public') throw AppError.of('FORBIDDEN', 'CSRF');
          auth = null;
        }
      }
    }
  }
  request.auth = auth;
  if (access.kind === 'public') return;
  if (!auth) throw AppError.of('UNAUTHENTICATED', 'UNAUTHENTICATED');
  if (access.kind === 'permission' && !auth.actor.permissions.has(access.permission))
    throw AppError.forbidden();
}
