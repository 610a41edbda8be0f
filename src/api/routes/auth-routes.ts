import { z } from 'zod';
import { userView } from '../../app/identity/actor-from-user';
import {
  createApiKey,
  createApiKeyInput,
  listApiKeys,
  revokeApiKey,
} from '../../app/identity/create-api-key';
import { login, loginInput } from '../../app/identity/login';
import { revokeSession } from '../../app/identity/revoke-session';
import { AppError } from '../../app/shared/app-error';
import { clearSessionCookie, sessionCookie } from '../cookies';
import { AUTHENTICATED, defineRoutes, needs, PUBLIC } from '../route-def';

const sessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  customerId: z.string().nullable(),
  outletId: z.string().nullable(),
  permissions: z.array(z.string()),
});

export const authRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Log in with username and password → bearer token / 登录获取令牌',
    tags: ['auth'],
    access: PUBLIC,
    body: loginInput,
    response: {
      status: 200,
      schema: z.object({
        token: z.string(),
        expiresAt: z.string(),
        user: z.object({ id: z.string(), username: z.string(), roles: z.array(z.string()) }),
      }),
    },
    async handler({ deps, ctx, body }) {
      const r = await login(deps, ctx, body, 'bearer');
      return { body: { token: r.token, expiresAt: r.expiresAt, user: r.contractUser } };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/auth/session',
    summary: 'Console login: sets an HttpOnly session cookie and returns the CSRF token / 控制台登录',
    tags: ['auth'],
    access: PUBLIC,
    body: loginInput,
    response: {
      status: 200,
      schema: z.object({ user: sessionUser, csrfToken: z.string(), zone: z.string() }),
    },
    async handler({ deps, ctx, body, request }) {
      const r = await login(deps, ctx, body, 'cookie');
      const secure = request.protocol === 'https';
      return {
        // zone: the deployment's time zone, in which business dates (reports, periods) are counted.
        body: { user: r.user, csrfToken: r.csrfToken, zone: deps.zone },
        headers: { 'set-cookie': sessionCookie(r.token, 12 * 3600, secure) },
      };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/auth/me',
    summary: 'The current user and (for cookie sessions) the CSRF token / 当前用户',
    tags: ['auth'],
    access: AUTHENTICATED,
    response: {
      status: 200,
      schema: z.object({ user: sessionUser, csrfToken: z.string().nullable(), zone: z.string() }),
    },
    async handler({ deps, request }) {
      const auth = request.auth;
      if (!auth) throw AppError.of('UNAUTHENTICATED', 'UNAUTHENTICATED');
      return { body: { user: userView(auth.user), csrfToken: auth.csrfToken, zone: deps.zone } };
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/auth/session',
    summary: 'Log out: revokes the current session or token / 退出登录',
    tags: ['auth'],
    access: AUTHENTICATED,
    response: { status: 204 },
    async handler({ deps, ctx, request }) {
      const auth = request.auth;
      // An API key has no session to end: answering 204 would suggest it stopped working.
      if (auth?.kind === 'api-key')
        throw new AppError('CONFLICT', {
          zh: 'API 密钥没有会话可退出；请用 DELETE /api/v1/api-keys/:id 吊销密钥',
          en: 'An API key has no session to end; revoke the key with DELETE /api/v1/api-keys/:id',
        });
      if (auth?.sessionId) await revokeSession(deps, ctx, auth.sessionId);
      return { status: 204, headers: { 'set-cookie': clearSessionCookie() } };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/api-keys',
    summary: 'Create an API key for an integration (shown once) / 创建集成 API 密钥',
    tags: ['auth'],
    access: needs('users:manage'),
    body: createApiKeyInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await createApiKey(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/api-keys',
    summary: 'List API keys (never their secrets) / API 密钥列表',
    tags: ['auth'],
    access: needs('users:manage'),
    async handler({ deps }) {
      return { body: await listApiKeys(deps) };
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/api-keys/:id',
    summary: 'Revoke an API key at once (audited) / 吊销 API 密钥',
    tags: ['auth'],
    access: needs('users:manage'),
    params: z.object({ id: z.string() }),
    response: { status: 204 },
    async handler({ deps, ctx, params }) {
      await revokeApiKey(deps, ctx, params.id);
      return { status: 204 };
    },
  },
]);
