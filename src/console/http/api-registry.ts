import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffSession } from '../auth/session-store';
import { isPublic, type Access } from './access';
import { validationError, type Issue } from './console-errors';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One route of the console API: what it takes (zod), who may call it, and what it answers. */
export interface ApiRoute<
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
> {
  method: Method;
  url: string;
  access: Access;
  tag: string;
  summary: string;
  query?: Q;
  params?: P;
  body?: B;
  /** The largest body accepted, in bytes, when not Fastify's 1 MiB (a reply with a file). */
  bodyLimit?: number;
  /** May be called before the staff member acknowledged the policy (see `FastifyContextConfig`). */
  beforePolicyAck?: boolean;
  /** The successful answer, for the OpenAPI description. */
  response?: { status?: number; description?: string; schema?: z.ZodType; contentType?: string };
}

export interface ApiContext<Q, P, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  query: Out<Q>;
  params: Out<P>;
  body: Out<B>;
  /** The signed-in staff member (every route but the public sign-in ones has one). */
  staff: StaffSession;
}

/** Zod issues as `{ path, message }`, the shape every validation error of the console has. */
export const toIssues = (error: z.ZodError, prefix: string): Issue[] =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(toIssues(result.error, where));
  return result.data as Out<S>;
}

/**
 * The console API's routes, kept with their zod schemas: `add` registers a Fastify route that parses
 * query, params and body with `safeParse` (400 `ERR_VALIDATION` with the field paths), and the same
 * schemas make the OpenAPI description (`openApiDocument`), so the description cannot drift from the code.
 */
export class ApiRegistry {
  readonly routes: ApiRoute<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>[] = [];

  add<
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
  >(
    app: FastifyInstance,
    route: ApiRoute<Q, P, B>,
    handler: (ctx: ApiContext<Q, P, B>) => Promise<unknown>,
  ): void {
    this.routes.push(route);
    app.route({
      method: route.method,
      url: route.url,
      config: { access: route.access, beforePolicyAck: route.beforePolicyAck === true },
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (req, reply) => {
        const staff = req.staff;
        if (!staff && !isPublic(route.access)) throw new Error(`guard did not run for ${route.url}`);
        const result = await handler({
          req,
          reply,
          query: parse(route.query as Q, req.query, 'query'),
          params: parse(route.params as P, req.params, 'params'),
          body: parse(route.body as B, req.body, 'body'),
          staff: staff as StaffSession,
        });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(route.response?.status ?? 204).send();
        return reply.code(route.response?.status ?? 200).send(result);
      },
    });
  }
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !field.safeParse(undefined).success,
    schema: jsonSchema(field, 'input'),
    ...(field.description ? { description: field.description } : {}),
  }));
}

/** The OpenAPI 3.1 description of the registered routes (served at `GET /api/openapi.json`). */
export function openApiDocument(
  registry: ApiRegistry,
  info: { title: string; version: string; description: string },
  errorCodes: readonly string[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const ok = route.response ?? {};
    const content = ok.schema
      ? { 'application/json': { schema: jsonSchema(ok.schema, 'output') } }
      : ok.contentType
        ? Object.fromEntries(ok.contentType.split(',').map((type) => [type.trim(), {}]))
        : undefined;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(isPublic(route.access)
        ? { security: [] }
        : { security: [{ session: [] }], 'x-roles': route.access.roles }),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(ok.status ?? (content ? 200 : 204))]: {
          description: ok.description ?? 'done',
          ...(content ? { content } : {}),
        },
        default: {
          description: 'an error: its code says which (see docs/console.md)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tawasul_console',
          description:
            'The session cookie set by POST /api/auth/login. State-changing requests also send the session’s ' +
            'CSRF token (GET /api/auth/me) in the x-csrf-token header.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: {
            error: { type: 'string', enum: [...errorCodes] },
            message: { type: 'string', description: 'in the caller’s language' },
            issues: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            retryAfterSeconds: { type: 'integer' },
          },
        },
      },
    },
  };
}
