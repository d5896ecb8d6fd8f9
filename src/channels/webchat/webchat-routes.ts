import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localized } from '../../config/localized';
import type { LocalizedText } from '../../config/profile-schema';
import type { DocumentStore } from '../../documents/document-store';
import { InboundLocation, MAX_INBOUND_TEXT } from '../../domain/inbound-message';
import { LOCALES } from '../../i18n/translator';
import {
  DEFAULT_WEBCHAT_FLOOD_LIMITS,
  WebChatFloodGuard,
  type WebChatFloodLimits,
} from './webchat-flood-guard';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../documents/upload-limits';
import type { WebChatChannel } from './webchat-channel';
import { webChatEvents, type WebChatStreamLimits } from './webchat-events';
import { badRequest, floodLimited, floodRefused, rateLimited, SessionParams } from './webchat-http';
import { webChatPage } from './webchat-page';
import { webChatUploads } from './webchat-uploads';

export interface WebChatRouteOptions {
  channel: WebChatChannel;
  /** Where visitors' uploads go; without it, uploads answer 503 `ERR_UPLOADS_DISABLED`. */
  documents?: DocumentStore;
  /** What an upload may be (default: JPEG, PNG or PDF up to 10 MB); see `uploadLimitsFromProfile`. */
  uploads?: UploadLimits;
  /** Shown in the page's title. */
  association?: LocalizedText;
  /** Posts (messages and uploads) per session, per address, in all, and new sessions per address. */
  limits?: Partial<WebChatFloodLimits>;
  /** The flood guard's clock (tests). */
  now?: () => number;
  /** How often an open event stream also looks for replies (ones another app process stored). */
  eventsPollMs?: number;
  /** Open event streams per session, per address and in all. */
  streams?: Partial<WebChatStreamLimits>;
}

const PostMessage = z
  .object({
    /** Chosen by the browser; resending the same id after a network error does not duplicate. */
    clientMessageId: z.string().min(1).max(100),
    text: z.string().max(MAX_INBOUND_TEXT).optional(),
    choiceId: z.string().max(64).optional(),
    location: InboundLocation.omit({ label: true }).strict().optional(),
    language: z.enum(['ar', 'en']).optional(),
  })
  .strict();
/**
 * The largest message body: the longest text, client id and choice id with every character written as
 * a 6-byte `\uXXXX` escape (valid JSON for any text), plus room for the keys, a location and spaces.
 * Anything the schema accepts fits; a text past the limit is still refused (413, or 400 by the schema).
 */
export const MESSAGE_BODY_LIMIT = 6 * (MAX_INBOUND_TEXT + 100 + 64) + 8 * 1024;
const ListQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
const TextsQuery = z.object({ lang: z.enum(['ar', 'en']).default('ar') });

/**
 * The website chat: the page and widget under `/webchat/`, and the documented API under
 * `/webchat/api/` behind them, open for associations that build their own front-end
 * (docs/channels/webchat.md). Sessions are unguessable random ids; the id is the visitor's only key.
 */
export async function webChatRoutes(app: FastifyInstance, opts: WebChatRouteOptions): Promise<void> {
  const { channel } = opts;
  const limits = opts.uploads ?? DEFAULT_UPLOAD_LIMITS;
  const limiter = new WebChatFloodGuard({ ...DEFAULT_WEBCHAT_FLOOD_LIMITS, ...opts.limits }, opts.now);

  app.post('/webchat/api/sessions', async (req, reply) => {
    const sessionId = randomBytes(18).toString('base64url');
    const answer = limiter.useSession(req.ip, sessionId);
    if (!answer.ok) return floodRefused(reply, answer);
    return reply.code(201).send({ sessionId });
  });

  app.post(
    '/webchat/api/sessions/:sessionId/messages',
    // A NUL or half a surrogate pair in the text becomes U+FFFD: the person keeps their message.
    { bodyLimit: MESSAGE_BODY_LIMIT, config: { repairText: ['text'] } },
    async (req, reply) => {
      const params = SessionParams.safeParse(req.params);
      if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
      const body = PostMessage.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
      const limited = rateLimited(reply, limiter, params.data.sessionId);
      if (limited) return limited;
      const result = await channel.inbound({
        channel: 'webchat',
        channelMessageId: `${params.data.sessionId}-${body.data.clientMessageId}`,
        sender: { channelUserId: params.data.sessionId, languageHint: body.data.language },
        text: body.data.text ?? '',
        choiceId: body.data.choiceId,
        location: body.data.location,
        receivedAt: new Date(),
      });
      if (result.status === 'rejected') {
        return reply.code(400).send({
          error: 'ERR_VALIDATION',
          issues: result.issues.map((m) => ({ path: '(message)', message: m })),
        });
      }
      if (result.status === 'limited') return floodLimited(reply, result.retryAfterMs);
      return reply.code(202).send({ status: result.status });
    },
  );

  app.get('/webchat/api/sessions/:sessionId/messages', async (req, reply) => {
    const params = SessionParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const [messages, language] = await Promise.all([
      channel.deliveries(params.data.sessionId, query.data.after),
      channel.language(params.data.sessionId),
    ]);
    return { messages, language: language ?? null };
  });

  app.get('/webchat/api/sessions/:sessionId/history', async (req, reply) => {
    const params = SessionParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const [entries, language] = await Promise.all([
      channel.history(params.data.sessionId),
      channel.language(params.data.sessionId),
    ]);
    const lastSeq = Math.max(0, ...entries.map((e) => (e.from === 'bot' ? e.seq : 0)));
    return { entries, lastSeq, language: language ?? null };
  });

  app.get('/webchat/api/texts', async (req, reply) => {
    const query = TextsQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const { lang } = query.data;
    // Public and the same for everyone: the widget reads it from the association's own site.
    void reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    return {
      lang,
      dir: lang === 'ar' ? 'rtl' : 'ltr',
      association: opts.association ? localized(opts.association, lang) : '',
      texts: LOCALES[lang].webchat,
      uploads: { maxBytes: limits.maxBytes, mimeTypes: limits.mimeTypes },
    };
  });

  await app.register(webChatEvents, {
    channel,
    pollMs: opts.eventsPollMs ?? 5_000,
    limits: opts.streams,
  });
  await app.register(webChatUploads, { channel, documents: opts.documents, limits, limiter });
  await app.register(webChatPage);
}
