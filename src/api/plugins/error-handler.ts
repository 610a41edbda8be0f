import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app/shared/app-error';
import { localize, MESSAGES } from '../../app/shared/messages';
import { requestLocale } from '../request-locale';

function send(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const locale = requestLocale(request);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.status(err.status).send({
    error: {
      code: err.code,
      message: localize(err.text, locale),
      details: err.details.map((d) => ({ path: d.path, message: localize(d.message, locale) })),
    },
  });
}

/** Maps every failure to CONTRACT's error shape; bad input is never a 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return send(request, reply, error);
    }
    const fe = error as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(request, reply, AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(request, reply, AppError.validation([{ path: '', message: MESSAGES.MALFORMED_JSON }]));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(request, reply, AppError.validation([{ path: '', message: MESSAGES.UNSUPPORTED_MEDIA }]));
    }
    if (fe.statusCode === 413)
      return send(request, reply, AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Other client errors raised by Fastify or plugins (bad multipart, bad URL encoding…).
      return send(
        request,
        reply,
        AppError.validation([{ path: '', message: { zh: fe.message, en: fe.message } }]),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, AppError.of('INTERNAL', 'INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => send(request, reply, AppError.notFound()));
}
