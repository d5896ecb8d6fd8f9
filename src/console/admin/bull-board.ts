import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COOKIES } from '../http/console-http';

/** A BullMQ queue as Bull Board takes it (the dispatcher's and the timer scheduler's `queue`). */
export type BullBoardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

export const BULL_BOARD_PATH = '/console/queues';

/**
 * Bull Board (the queues' jobs: waiting, delayed, failed, retried) under /console/queues. The guard lets
 * administrators only (it rules every route under this path). Bull Board's page sends the `XSRF-TOKEN`
 * cookie back as `x-xsrf-token` on its own, so its retries and removals carry the session's CSRF token.
 */
export async function bullBoardRoutes(
  app: FastifyInstance,
  options: { queues: readonly BullBoardQueue[]; secure: (req: FastifyRequest) => boolean },
): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Tawasul' } },
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.staff) return;
    void reply.setCookie(COOKIES.bullBoard, req.staff.csrfToken, {
      path: BULL_BOARD_PATH,
      httpOnly: false,
      sameSite: 'strict',
      secure: options.secure(req),
    });
  });
  await app.register(adapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
