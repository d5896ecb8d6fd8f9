import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { StreamSlots } from '../../http/stream-slots';
import type { WebChatChannel } from './webchat-channel';
import { badRequest, sendError, SessionParams } from './webchat-http';

/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

const EventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() });
const LastEventId = z.coerce.number().int().min(0);

/** How many event streams may be open at once (in this process). */
export interface WebChatStreamLimits {
  /** Per session (a few tabs of one visitor): default 5. */
  perSession: number;
  /** Per client address (a family or an office): default 20. */
  perAddress: number;
  /** In all: default 2,000. */
  total: number;
}

export const DEFAULT_WEBCHAT_STREAM_LIMITS: WebChatStreamLimits = {
  perSession: 5,
  perAddress: 20,
  total: 2_000,
};

/**
 * `GET /webchat/api/sessions/:sessionId/events`: replies as server-sent events, each event a batch
 * `{ messages, language }` with the last seq as its id, so the browser's automatic reconnect
 * (`Last-Event-ID`) resumes where it was. Woken by `WebChatChannel.events` when this process stored
 * a reply, and by a slow poll for replies another process stored.
 */
export async function webChatEvents(
  app: FastifyInstance,
  opts: { channel: WebChatChannel; pollMs: number; limits?: Partial<WebChatStreamLimits> },
): Promise<void> {
  const { channel } = opts;
  const limits = { ...DEFAULT_WEBCHAT_STREAM_LIMITS, ...opts.limits };
  const open = new Set<() => void>();
  const slots = new StreamSlots();

  // Open streams would keep `app.close()` waiting for ever.
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  app.get('/webchat/api/sessions/:sessionId/events', async (req, reply) => {
    const params = SessionParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const query = EventsQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const resumed = LastEventId.safeParse(req.headers['last-event-id']);
    const { sessionId } = params.data;
    let last = resumed.success ? resumed.data : (query.data.after ?? 0);
    const release = slots.take([
      [`session:${sessionId}`, limits.perSession],
      [`address:${req.ip}`, limits.perAddress],
      ['all', limits.total],
    ]);
    // The page falls back to polling `GET …/messages` when its stream is refused.
    if (!release)
      return sendError(
        reply.header('retry-after', '30'),
        'ERR_TOO_MANY_STREAMS',
        'too many open event streams',
        {
          retryAfterSeconds: 30,
        },
      );

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');

    let closed = false;
    let running = false;
    let again = false;
    const flush = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const messages = await channel.deliveries(sessionId, last);
          if (messages.length === 0 || closed) continue;
          last = messages[messages.length - 1]!.seq;
          const language = (await channel.language(sessionId)) ?? null;
          raw.write(`id: ${last}\nevent: messages\ndata: ${JSON.stringify({ messages, language })}\n\n`);
        } while (again && !closed);
      } catch (err) {
        req.log.warn({ err }, 'web chat event stream could not read replies');
      } finally {
        running = false;
      }
    };

    const wake = () => void flush();
    const event = `delivered:${sessionId}`;
    const poll = setInterval(wake, opts.pollMs);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = () => {
      if (closed) return;
      closed = true;
      release();
      clearInterval(poll);
      clearInterval(heartbeat);
      channel.events.off(event, wake);
      open.delete(end);
      raw.end();
    };
    open.add(end);
    channel.events.on(event, wake);
    req.raw.on('close', end);
    await flush();
    return reply;
  });
}
