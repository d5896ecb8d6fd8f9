import type { RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { outboundJobId } from './outbound-job';
import { OutboxDispatcher } from './outbox-dispatcher';

/**
 * Queues outbox rows again that were already through the queue once (failed, uncertain, restored from a
 * backup). Their finished jobs are removed first: the job id is deterministic, and BullMQ ignores adding
 * an id it still keeps (completed jobs are kept a day, failed ones a week). A job still waiting or active
 * is left alone; the worker reads the row, which is the truth.
 */
export async function requeueOutbound(options: {
  db: Database;
  outbox: PgOutboxRepository;
  connection: RedisOptions;
  prefix?: string;
  logger: Logger;
  ids: readonly string[];
}): Promise<{ forgotten: number }> {
  const dispatcher = new OutboxDispatcher({
    db: options.db,
    outbox: options.outbox,
    connection: options.connection,
    prefix: options.prefix,
    logger: options.logger,
  });
  let forgotten = 0;
  try {
    for (const id of options.ids) {
      const job = await dispatcher.queue.getJob(outboundJobId(id));
      if (!job) continue;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        await job.remove();
        forgotten += 1;
      }
    }
    await dispatcher.enqueue(options.ids);
  } finally {
    await dispatcher.close();
  }
  return { forgotten };
}
