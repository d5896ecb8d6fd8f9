import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel-adapter';
import { elapsed, timedStep } from '../logging/timed-step';
import { connectRedis, maskedUrl } from '../queue/connect-redis';
import type { Database } from '../store/database';
import { migrate } from '../store/migrate';
import { openDatabase, type OpenDatabaseOptions } from '../store/open-database';

/*
 * Start-up progress (issue 21): each step of `startTawasul` writes one info line when it is done, with
 * what it did and `ms`, and "still …" once when it takes more than a few seconds. These wrappers keep
 * the composition root readable; the steps themselves know nothing of logging.
 */

/** Opens the embedded database (the data folder) or connects to the PostgreSQL server. */
export function openDatabaseStep(logger: Logger, options: OpenDatabaseOptions): Promise<Database> {
  const server = options.databaseUrl?.trim();
  return timedStep(
    logger,
    server ? 'connecting to PostgreSQL' : 'opening the embedded database in the data folder',
    () => openDatabase(options),
    (db) => ({
      msg: server ? 'connected to PostgreSQL' : 'embedded database opened',
      fields: { database: db.kind },
    }),
    // The embedded database takes seconds to open and holds the event loop meanwhile.
    { announce: !server },
  );
}

/** Applies the migrations not yet applied: a line per migration ("migration 3/42 applied"), then one more. */
export async function migrateStep(logger: Logger, db: Database): Promise<void> {
  await timedStep(
    logger,
    'migrating the database',
    () =>
      migrate(db, {
        onApplied: ({ name, n, total, ms }) =>
          logger.info({ migration: name, ms }, `migration ${n}/${total} applied`),
      }),
    ({ applied, total }) => ({
      msg:
        applied.length === 0
          ? `migrations: up to date (${total}/${total})`
          : `migrations: ${applied.length} applied, ${total}/${total}`,
    }),
  );
}

/** Connects the app's Redis client: the private redis-server's, or REDIS_URL's. */
export function connectRedisStep(logger: Logger, redis: Redis, url: string, fromEnv: boolean): Promise<void> {
  return timedStep(
    logger,
    'connecting to Redis',
    () => connectRedis(redis, url, { fromEnv }),
    () => ({
      msg: 'connected to Redis',
      fields: { redis: fromEnv ? maskedUrl(url) : 'private redis-server' },
    }),
  );
}

/** Starts one channel (connecting to its platform where it has one). */
export function startChannelStep(
  logger: Logger,
  channel: ChannelAdapter,
  start: () => Promise<void>,
): Promise<void> {
  return timedStep(logger, `starting the ${channel.name} channel`, start, () => ({
    msg: 'channel ready',
    fields: { channel: channel.name },
  }));
}

/** The HTTP step's line, once the app is built and listening (`started`: a `performance.now()`). */
export function httpStepDone(logger: Logger, address: string | undefined, started: number): void {
  logger.info({ address, ms: elapsed(started) }, address ? 'HTTP listening' : 'HTTP ready (not listening)');
}
