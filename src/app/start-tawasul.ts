import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { loadProfile } from '../config/load-profile';
import type { DocumentStore } from '../documents/document-store';
import { EncryptedDocumentStore } from '../documents/encrypted-document-store';
import { FsDocumentStore } from '../documents/fs-document-store';
import { closeHttp } from '../http/close-http';
import { createLogger } from '../logging/create-logger';
import { PromMetrics, QUEUE_STATES } from '../metrics/prom-metrics';
import { checkPortFree } from '../http/check-port';
import { checkEvictionPolicy } from '../queue/check-redis-policy';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { startPrivateRedis } from '../queue/redis-server-launcher';
import { RedisOutageLog } from '../queue/redis-outage-log';
import { FieldCipher } from '../security/field-cipher';
import { loadCipher } from '../security/load-cipher';
import { sealedKeyIdsIn } from '../store/sealed-values-repository';
import { StaffBot } from '../staff-bot/staff-bot';
import type { Database } from '../store/database';
import { buildChannels, type Channels } from './build-channels';
import { connectWhatsAppCloud } from './connect-whatsapp-cloud';
import { startHttp } from './start-http';
import { announceSetupLink } from './first-run-link';
import { startControlSocket } from '../ops/control-socket';
import { connectRedisStep, httpStepDone, migrateStep, openDatabaseStep } from './startup-steps';
import { AssociationDatabase, DEFAULT_ASSOCIATION_ID } from '../store/association-database';
import type { TawasulOptions } from './tawasul-options';
import { warnOfUnkeptPromises } from './warn-unkept-promises';
import { wireSpine, type Spine } from './wire-spine';

export type { TawasulOptions } from './tawasul-options';

/** A running Tawasul: its channels, the services on the spine, and `stop`. */
export interface Tawasul extends Omit<Spine, 'stop'> {
  channels: Channels;
  db: Database;
  documents: DocumentStore;
  logger: Logger;
  /** The HTTP app, when `http` was given. */
  app?: FastifyInstance;
  /** Where it listens, when it does (`http://127.0.0.1:3000`). */
  address?: string;
  staffBot?: StaffBot;
  /** The first-run setup link, while the console has no administrator (also logged). */
  setupUrl?: string;
  /**
   * Stops gracefully: HTTP first (no new messages), the staff bot, the steps under way and their
   * replies, the channels and queues, then what this instance opened (database, Redis). Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Starts Tawasul: the composition root, the one place that chooses and wires concrete adapters (`main`
 * calls it with the environment's choices; tests, benchmarks and scripts call it directly).
 *
 * ```ts
 * const tawasul = await startTawasul({ profile: 'profiles/demo.yaml', channels: { inprocess: true } });
 * await tawasul.channels.inprocess!.say('user-1', 'السلام عليكم');
 * const reply = await tawasul.channels.inprocess!.nextReply('user-1');
 * await tawasul.stop();
 * ```
 *
 * Buttons a script may press are listed with their stable ids in docs/EMBEDDING.md.
 */
export async function startTawasul(options: TawasulOptions): Promise<Tawasul> {
  const logger = options.logger ?? createLogger({ level: 'info' });
  const dataDir = options.dataDir ?? 'data';
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The data folder holds the database, documents and key: its owner's only (issue 17).
  chmodSync(dataDir, 0o700);
  const profile = typeof options.profile === 'string' ? loadProfile(options.profile) : options.profile;
  // What this instance opened, closed in reverse order by `stop` (or when the start fails half-way).
  const opened: (() => Promise<void>)[] = [];
  let expectStop: () => void = () => undefined;
  const closeOpened = async () => {
    expectStop(); // a private redis-server exiting from now on is part of this stop, not a crash
    for (const close of opened.splice(0).reverse()) await close();
  };
  logger.info({ dataDir }, 'starting Tawasul');
  try {
    // What the operator must fix is found first, in seconds: the HTTP port, then Redis, then the database
    // (opening the embedded one and migrating takes the longest).
    if (options.http && options.http.listen !== false) {
      await checkPortFree(options.http.host ?? '127.0.0.1', options.http.port ?? 3000);
    }
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      const privateRedis = await startPrivateRedis({ dataDir, bin: options.redisServerBin, logger });
      opened.push(() => privateRedis.stop());
      expectStop = () => privateRedis.expectStop();
      redisUrl = privateRedis.url;
    }
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    opened.push(async () => redis.disconnect());
    await connectRedisStep(
      logger,
      redis,
      redisUrl,
      options.redisUrl !== undefined && options.redisUrl !== '',
    );
    // Readiness and metrics ask this client; a lost connection is logged once, not per reconnect attempt.
    new RedisOutageLog(logger, 'readiness').client(redis);
    await checkEvictionPolicy(redis, logger);

    const database =
      typeof options.database === 'object'
        ? options.database
        : await openDatabaseStep(logger, { databaseUrl: options.database, dataDir });
    if (database !== options.database) opened.push(() => database.close());
    await migrateStep(logger, database);
    // Everything below sees this association's rows only, enforced by PostgreSQL (migration 023).
    const db = new AssociationDatabase(database, options.association ?? DEFAULT_ASSOCIATION_ID, {
      maxConcurrent: options.maxTransactions,
    });
    opened.push(() => db.close());

    // ID numbers, names, mobiles, message texts and documents are sealed at rest (AES-256-GCM;
    // rotation in docs/OPERATIONS.md).
    const cipher =
      options.encryption === 'off'
        ? undefined
        : options.encryption instanceof FieldCipher
          ? options.encryption
          : loadCipher({
              ...options.encryption,
              dataDir,
              // Before anything is served: a database restored without its key must not start (issue 17).
              sealedKeyIds: await sealedKeyIdsIn(db),
              sharedDatabase: typeof options.database === 'string',
              warn: (message) => logger.warn(message),
            });

    const documents = options.documents ?? sealedDocuments(path.join(dataDir, 'documents'), cipher);
    const channels = buildChannels(options.channels ?? {}, {
      db,
      documents,
      cipher,
      dataDir,
      logger,
      profile,
      now: options.now,
    });
    const metrics = options.http ? new PromMetrics() : undefined;
    // A Telegram staff group sees every conversation with a person: run here, or in another process.
    const staffGroup = options.staffBot !== undefined || options.staffGroupElsewhere === true;
    const spine = await wireSpine({
      db,
      profile,
      connection: redisOptionsFromUrl(redisUrl),
      queuePrefix: options.queuePrefix,
      channels: channels.all,
      logger,
      now: options.now,
      cipher,
      documents,
      metrics,
      runWorkers: options.runWorkers,
      tuning: options.tuning,
      staffGroup,
      redisReachable: () => answersWithin(redis.ping(), REDIS_STOP_PING_MS),
      turns: options.turns,
      stepsPerSecond: options.stepsPerSecond,
    });
    opened.push(() => spine.stop());
    if (channels.whatsappCloud) {
      const cloud = connectWhatsAppCloud(channels.whatsappCloud, {
        db,
        dispatcher: spine.dispatcher,
        logger,
        now: options.now ?? (() => new Date()),
      });
      opened.push(() => cloud.stop());
    }
    await warnOfUnkeptPromises({
      db,
      profile: spine.profile,
      translator: spine.translator,
      staffGroup,
      logger,
      now: options.now ?? (() => new Date()),
    });

    // The staff bot: a second bot in the staff supergroup (docs/staff-bot.md). One process per bot.
    const staffBot = options.staffBot
      ? new StaffBot({
          ...options.staffBot,
          db,
          // With the console's holidays, kept current (out-of-hours answers, due dates on cards).
          profile: spine.profile,
          translator: spine.translator,
          caseActions: spine.caseActions,
          conversations: spine.service,
          documents,
          cipher,
          logger,
          now: options.now,
        })
      : undefined;
    if (staffBot) {
      await staffBot.start();
      opened.push(() => staffBot.stop());
    }

    let http: { app: FastifyInstance; address?: string } | undefined;
    if (options.http && metrics) {
      metrics.watch({
        db,
        queues: {
          outbound: () => spine.dispatcher.queue.getJobCounts(...QUEUE_STATES),
          timers: () => spine.scheduler.queue.getJobCounts(...QUEUE_STATES),
        },
        whatsappState: channels.whatsapp ? () => channels.whatsapp!.status().state : undefined,
        redisPolicy: () => checkEvictionPolicy(redis, { warn: () => undefined }),
        disks: { data: dataDir, documents: path.join(dataDir, 'documents') },
        // Alerts wait for Telegram only where a staff bot delivers them (all of them are in the console).
        staffAlerts: staffBot !== undefined,
      });
      const httpStarted = performance.now();
      http = await startHttp(options.http, {
        logger,
        db,
        redis,
        profile,
        spine,
        channels,
        documents,
        cipher,
        staffBot,
        staffGroup,
        metrics,
        now: options.now,
      });
      httpStepDone(logger, http.address, httpStarted);
      const { app } = http;
      opened.push(() => closeHttp(app));
    }
    // The embedded database is this process's alone: staff:create reaches it through the app.
    if (database.kind === 'pglite' && database !== options.database) {
      const control = await startControlSocket({ dataDir, db, logger });
      opened.push(() => control.close());
    }
    const linkBase = options.http?.publicUrl ?? http?.address;
    const setupUrl =
      linkBase && options.http?.console !== false
        ? await announceSetupLink({ db, base: linkBase, logger, now: options.now })
        : undefined;

    return {
      ...spine,
      channels,
      db,
      documents,
      logger,
      app: http?.app,
      address: http?.address,
      staffBot,
      setupUrl,
      stop: closeOpened,
    };
  } catch (err) {
    await closeOpened().catch((closeErr: unknown) =>
      logger.warn({ err: closeErr }, 'cleaning up after a failed start failed'),
    );
    throw err;
  }
}

/** How long `stop` waits for Redis to answer a PING before it closes the queues without it. */
const REDIS_STOP_PING_MS = 1_000;

/** Whether `promise` resolves within `ms` (a rejection or the timeout: false); the timer never outlives it. */
async function answersWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Documents as files under `folder`, sealed with `cipher` when there is one. */
function sealedDocuments(folder: string, cipher: FieldCipher | undefined): DocumentStore {
  mkdirSync(folder, { recursive: true });
  const files = new FsDocumentStore(folder);
  return cipher ? new EncryptedDocumentStore(files, cipher) : files;
}
