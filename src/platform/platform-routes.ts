import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { AssociationHealth } from './association-health';
import type { AssociationRegistry, AssociationSummary } from './association-registry';
import { AssociationChanges, NewAssociation } from './association-setup';
import { PlatformRefusal } from './platform-refusal';

export interface PlatformRouteOptions {
  registry: AssociationRegistry;
  /** The operator's bearer token (`PLATFORM_TOKEN`). */
  token: string;
  health(): Promise<AssociationHealth[]>;
  /** Applies a change now in this process (the others follow at their next reading). */
  sync(): Promise<void>;
}

/**
 * The operator's API, on the platform's own host (docs/PLATFORM.md): create an association from a profile,
 * suspend and resume it, each one's health, the platform's audit log. It never answers with anything of an
 * association's people: its figures are counts, read as that association.
 */
export async function platformRoutes(app: FastifyInstance, options: PlatformRouteOptions): Promise<void> {
  const expected = digest(options.token);
  app.addHook('onRequest', async (req) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      throw new PlatformRefusal(
        'ERR_UNAUTHORIZED',
        'send the platform token: Authorization: Bearer <PLATFORM_TOKEN>',
      );
    }
  });
  app.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
    if (err instanceof PlatformRefusal) return reply.code(err.statusCode).send(err.body);
    // Fastify's own refusals (not JSON, too large) keep the app's codes.
    if (err.statusCode && err.statusCode < 500) throw err;
    req.log.error({ err }, 'platform request failed');
    return reply.code(500).send({ error: 'ERR_INTERNAL', message: 'internal error' });
  });

  app.get('/platform/api/associations', async () => ({ associations: await options.health() }));

  app.post('/platform/api/associations', async (req, reply): Promise<AssociationSummary> => {
    const created = await options.registry.create(validBody(NewAssociation, req.body), actorOf(req));
    await options.sync();
    void reply.code(201);
    return created;
  });

  app.patch('/platform/api/associations/:id', async (req): Promise<AssociationSummary> => {
    const { id } = req.params as { id: string };
    const changes = validBody(AssociationChanges, req.body);
    const changed = await options.registry.update(id, changes, actorOf(req));
    await options.sync();
    return changed;
  });

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const) {
    app.post(`/platform/api/associations/:id/${action}`, async (req: FastifyRequest, reply: FastifyReply) => {
      const { id } = req.params as { id: string };
      await options.registry.setStatus(id, status, actorOf(req));
      await options.sync();
      return reply.send({ id, status });
    });
  }

  app.get('/platform/api/events', async () => ({ events: await options.registry.events() }));
}

/** The body as `schema` reads it, or a refusal naming each field at fault. */
function validBody<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: ['body', ...issue.path].join('.'),
    message: issue.message,
  }));
  throw new PlatformRefusal('ERR_VALIDATION', 'the association is not valid', undefined, issues);
}

/** Who did it, for the audit log: the operator's token does not name a person, so the address it came from. */
function actorOf(req: FastifyRequest): string {
  return `operator@${req.ip}`;
}

/** Compared as digests: equal lengths for timingSafeEqual, whatever was sent. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
