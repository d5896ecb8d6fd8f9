import type { RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { OutboxDispatcher } from './outbox-dispatcher';

/** Queues outbox rows again from a command (`npm run outbox:resend`): see `OutboxDispatcher.requeue`. */
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
  try {
    return { forgotten: await dispatcher.requeue(options.ids) };
  } finally {
    await dispatcher.close();
  }
}
