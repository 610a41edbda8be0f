import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppDeps, Ctx } from '../app/app-deps';
import type { Permission } from '../domain/identity/roles';

/**
 * Who may call a route. Every route declares it (a test enumerates them all for every role):
 * - public: no authentication;
 * - authenticated: any logged-in user or API key (row scope still applies in the use case);
 * - permission: the actor's roles must grant it.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permission'; permission: Permission };

export const PUBLIC: Access = { kind: 'public' };
export const AUTHENTICATED: Access = { kind: 'authenticated' };
export const needs = (permission: Permission): Access => ({ kind: 'permission', permission });

export interface RouteInput {
  deps: AppDeps;
  ctx: Ctx;
  body: unknown;
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  /** Honour `Idempotency-Key` (creates). */
  idempotent?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Success status and optional response schema for the OpenAPI document. */
  response?: { status: number; schema?: z.ZodType; description?: string };
  /** Accepts multipart uploads instead of JSON. */
  multipart?: boolean;
  handler(input: RouteInput): Promise<RouteResult | undefined>;
}

export function defineRoutes(routes: RouteDef[]): RouteDef[] {
  return routes;
}
