import { z } from 'zod';
import { ERROR_CODES } from '../app/shared/app-error';
import type { RouteDef } from './route-def';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  void $schema;
  return rest;
}

function parametersOf(s: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!s) return [];
  const json = schemaOf(s, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema,
  }));
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: {
          type: 'string',
          enum: [...ERROR_CODES],
        },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/** OpenAPI 3.1 from the declared routes: paths written in full, errors in the one shape. */
export function buildOpenApi(routes: RouteDef[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: JsonSchema = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      parameters: [
        ...parametersOf(r.params, 'path'),
        ...parametersOf(r.query, 'query'),
        ...(r.idempotent
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string', maxLength: 200 },
              },
            ]
          : []),
      ],
      security: r.access.kind === 'public' ? [] : [{ bearer: [] }, { cookie: [] }],
      'x-access': r.access.kind === 'permission' ? r.access.permission : r.access.kind,
      responses: {
        [String(r.response?.status ?? 200)]: {
          description: r.response?.description ?? 'OK',
          ...(r.response?.schema
            ? { content: { 'application/json': { schema: schemaOf(r.response.schema, 'output') } } }
            : {}),
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
      };
    if (r.multipart) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', format: 'binary' } },
              required: ['file'],
            },
          },
        },
      };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aftercare 售后管家 API',
      version,
      description:
        'After-sales service management by T/GXDSL 259—2025. Errors: {"error":{"code","message","details"}}.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'aftercare_session' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
