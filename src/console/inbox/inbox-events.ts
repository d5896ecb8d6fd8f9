import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { PgInboxRepository } from '../../store/console/inbox-repository';
import type { Database } from '../../store/database';
import { StreamSlots } from '../../http/stream-slots';
import { ConsoleError } from '../http/console-errors';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';

export interface InboxEventOptions {
  registry: ApiRegistry;
  db: Database;
  inbox: PgInboxRepository;
  /** How often the store is asked whether anything changed (default 1 s). */
  pollMs?: number;
  /** Open streams per staff session (default 5: a few tabs) and in all (default 200). */
  streams?: { perSession: number; total: number };
}

/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 20_000;

/**
 * `GET /api/inbox/events`: a server-sent event stream that says `change` whenever a handoff or a
 * transcript changed, in this process or any other on the same database; the page then reads what it
 * shows again. It watches the store's change cursor rather than this process's own signals, so two
 * app processes behind one address both keep their viewers current. Streams end when the app stops.
 */
export async function inboxEventRoutes(app: FastifyInstance, o: InboxEventOptions): Promise<void> {
  const open = new Set<ServerResponse>();
  const slots = new StreamSlots();
  const caps = { perSession: 5, total: 200, ...o.streams };
  app.addHook('preClose', (done) => {
    for (const stream of open) stream.end();
    done();
  });

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/inbox/events',
      access: { roles: ROLES.responders },
      tag: 'inbox',
      summary: 'Live updates (server-sent events): `change` with the new cursor whenever the inbox changed',
      response: { contentType: 'text/event-stream' },
    },
    async ({ req, reply, staff }) => {
      const release = slots.take([
        [`session:${staff.tokenHash}`, caps.perSession],
        ['all', caps.total],
      ]);
      if (!release) throw new ConsoleError('ERR_TOO_MANY_STREAMS', { retryAfterSeconds: 30 });
      let last: string;
      try {
        last = await o.inbox.cursor(o.db);
      } catch (err) {
        release();
        throw err;
      }
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      const send = (event: string, cursor: string) =>
        stream.write(`event: ${event}\ndata: ${JSON.stringify({ cursor })}\n\n`);
      stream.write('retry: 3000\n');
      send('ready', last);
      open.add(stream);

      let quietSince = Date.now();
      let looking = false;
      const timer = setInterval(() => {
        if (looking) return;
        looking = true;
        o.inbox
          .cursor(o.db)
          .then((cursor) => {
            if (cursor !== last) {
              last = cursor;
              send('change', cursor);
              quietSince = Date.now();
            } else if (Date.now() - quietSince > KEEP_ALIVE_MS) {
              stream.write(': keep-alive\n\n');
              quietSince = Date.now();
            }
          })
          .catch((err: unknown) => req.log.warn({ err }, 'inbox events: reading the cursor failed'))
          .finally(() => {
            looking = false;
          });
      }, o.pollMs ?? 1_000);
      const end = () => {
        release();
        clearInterval(timer);
        open.delete(stream);
      };
      stream.on('close', end);
      req.raw.on('close', end);
      return reply;
    },
  );
}
