import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_INBOUND_TEXT } from '../../domain/inbound-message';
import type { WebChatChannel } from './webchat-channel';

const SessionParams = z.object({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not a web chat session id'),
});
const PostMessage = z
  .object({
    /** Chosen by the browser; resending the same id after a network error does not duplicate. */
    clientMessageId: z.string().min(1).max(100),
    text: z.string().max(MAX_INBOUND_TEXT).optional(),
    choiceId: z.string().max(64).optional(),
    language: z.enum(['ar', 'en']).optional(),
  })
  .strict();
const ListQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

/** Validation failures answer 400 with the field path, the same shape on every route. */
function badRequest(issues: z.core.$ZodIssue[]) {
  return {
    error: 'ERR_VALIDATION',
    issues: issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
  };
}

/**
 * `/webchat/api/`: the documented API behind the website chat, open for associations that build
 * their own front-end. Sessions are unguessable random ids; the id is the visitor's only key.
 */
export async function webChatRoutes(app: FastifyInstance, opts: { channel: WebChatChannel }): Promise<void> {
  const { channel } = opts;

  app.post('/webchat/api/sessions', async (_req, reply) => {
    return reply.code(201).send({ sessionId: randomBytes(18).toString('base64url') });
  });

  app.post('/webchat/api/sessions/:sessionId/messages', { bodyLimit: 64 * 1024 }, async (req, reply) => {
    const params = SessionParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const body = PostMessage.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    const result = await channel.inbound({
      channel: 'webchat',
      channelMessageId: `${params.data.sessionId}-${body.data.clientMessageId}`,
      sender: { channelUserId: params.data.sessionId, languageHint: body.data.language },
      text: body.data.text ?? '',
      choiceId: body.data.choiceId,
      receivedAt: new Date(),
    });
    if (result.status === 'rejected') {
      return reply.code(400).send({
        error: 'ERR_VALIDATION',
        issues: result.issues.map((m) => ({ path: '(message)', message: m })),
      });
    }
    return reply.code(202).send({ status: result.status });
  });

  app.get('/webchat/api/sessions/:sessionId/messages', async (req, reply) => {
    const params = SessionParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    return { messages: await channel.deliveries(params.data.sessionId, query.data.after) };
  });
}
