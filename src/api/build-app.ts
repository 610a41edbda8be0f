import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppDeps, Ctx } from '../app/app-deps';
import { SYSTEM_ACTOR } from '../app/app-deps';
import { AppError } from '../app/shared/app-error';
import { newId } from '../app/shared/ids';
import { JsonText } from '../app/shared/json-text';
import { buildOpenApi } from './openapi';
import { enforceAccess } from './plugins/authentication';
import { registerErrorHandler } from './plugins/error-handler';
import { withIdempotency } from './plugins/idempotency';
import type { RouteDef, RouteResult } from './route-def';
import { allRoutes } from './routes/all-routes';

export interface BuildAppOptions {
  deps: AppDeps;
  /** Time source; tests pass a fixed clock. */
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Directory of the built web app (web/dist); skipped when missing. */
  webDir?: string | null;
  version?: string;
  /** Trust X-Forwarded-* from a load balancer. */
  trustProxy?: boolean;
}

export const BODY_LIMIT = 1024 * 1024;
export const IMPORT_FILE_LIMIT = 20 * 1024 * 1024;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_WEB_DIR = path.join(ROOT, 'web', 'dist');

declare module 'fastify' {
  interface FastifyInstance {
    routeDefs: RouteDef[];
    /** Every route Fastify registered (method + url), for the access-matrix test. */
    registeredRoutes: { method: string; url: string; access: string | null }[];
  }
  interface FastifyContextConfig {
    access?: string;
  }
}

// Keep query strings (they may hold phone numbers) and headers out of the logs (PIPL).
const serializers = {
  req(req: { method: string; url: string; id: string; ip?: string }) {
    return { method: req.method, url: req.url.split('?')[0], id: req.id };
  },
};

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const { deps } = opts;
  const logger =
    opts.logger === undefined || opts.logger === false
      ? false
      : {
          ...(typeof opts.logger === 'object' ? opts.logger : {}),
          serializers,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        };
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : newId();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('routeDefs', allRoutes);
  app.decorate('registeredRoutes', []);
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      app.registeredRoutes.push({
        method: m,
        url: r.url,
        access: (r.config as { access?: string } | undefined)?.access ?? null,
      });
  });
  // Callback style: an async hook costs every response a promise and a turn of the microtask queue.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  registerErrorHandler(app);

  // Uploads (imports) only; JSON bodies stay capped at 1 MiB.
  await app.register((await import('@fastify/multipart')).default, {
    limits: { fileSize: IMPORT_FILE_LIMIT, files: 1, fields: 10 },
  });

  for (const def of allRoutes) {
    app.route({
      method: def.method,
      url: def.url,
      config: { access: def.access.kind === 'permission' ? def.access.permission : def.access.kind },
      bodyLimit: def.multipart ? IMPORT_FILE_LIMIT + 64 * 1024 : BODY_LIMIT,
      handler: async (request, reply) => {
        const at = now();
        await enforceAccess(deps, request, def.access, at);
        const ctx: Ctx = {
          actor: request.auth?.actor ?? {
            ...SYSTEM_ACTOR,
            roles: [],
            permissions: new Set(),
            name: 'anonymous',
            via: 'user',
          },
          ip: request.ip ?? null,
          requestId: request.id,
          now: at,
        };
        if (
          def.method !== 'GET' &&
          !def.multipart &&
          request.body !== undefined &&
          request.body !== null &&
          typeof request.body !== 'object'
        ) {
          throw AppError.validation([
            { path: '', message: { zh: '请求体必须是 JSON 对象', en: 'Body must be a JSON object' } },
          ]);
        }
        const input = {
          deps,
          ctx,
          body: request.body ?? {},
          query: (request.query ?? {}) as Record<string, unknown>,
          params: (request.params ?? {}) as Record<string, string>,
          request,
          reply,
        };
        const key = request.headers['idempotency-key'];
        let result: RouteResult | undefined;
        if (def.idempotent && typeof key === 'string' && key.length > 0) {
          const scope = request.auth?.actor.id ?? 'anonymous';
          result = await withIdempotency(
            deps,
            scope,
            `${def.method} ${def.url}`,
            key,
            request.body,
            at,
            async () => (await def.handler(input)) ?? {},
          );
        } else {
          result = await def.handler(input);
        }
        if (reply.sent) return reply;
        for (const [k, v] of Object.entries(result?.headers ?? {})) reply.header(k, v);
        reply.status(result?.status ?? 200);
        if (result?.body instanceof JsonText)
          return reply.type('application/json; charset=utf-8').send(result.body.text);
        return result?.body === undefined ? reply.send() : reply.send(result.body);
      },
    });
  }

  const openapi = buildOpenApi(allRoutes, opts.version ?? '0.1.0');
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => openapi);
  // The document is ours (built from the route table); @fastify/swagger only hands it to the docs UI.
  await app.register((await import('@fastify/swagger')).default, {
    mode: 'static',
    specification: { document: openapi as never },
  });
  await app.register((await import('@fastify/swagger-ui')).default, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/openapi.json', docExpansion: 'list', deepLinking: true },
  });

  const webDir = opts.webDir === undefined ? DEFAULT_WEB_DIR : opts.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) await registerWeb(app, webDir);
  return app;
}

/** The console at /, the technician PWA at /tech/ and the customer portal at /portal/, with SPA fallbacks. */
async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register((await import('@fastify/static')).default, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res, file) {
      // Hashed assets are immutable; HTML and the service worker must revalidate.
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
  const shells: [string, string][] = [
    ['/tech', 'tech/index.html'],
    ['/portal', 'portal/index.html'],
  ];
  for (const [prefix, file] of shells) {
    if (!fs.existsSync(path.join(webDir, file))) continue;
    const handler = (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      if (/\.[A-Za-z0-9]{1,8}$/.test(req.url.split('?')[0])) throw AppError.notFound();
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile(file);
    };
    app.get(prefix, { config: { access: 'public' } }, handler);
    app.get(`${prefix}/*`, { config: { access: 'public' } }, handler);
  }
  app.get('/*', { config: { access: 'public' } }, (request, reply) => {
    // Unknown API paths and missing files (a stale tab asking for an old asset) are 404, not the app shell.
    const pathname = request.url.split('?')[0];
    if (pathname.startsWith('/api/') || /\.[A-Za-z0-9]{1,8}$/.test(pathname)) throw AppError.notFound();
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });
}
