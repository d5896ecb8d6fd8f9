import { chmodSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { startTawasul, type Tawasul } from '../app/start-tawasul';
import { connectRedisStep, migrateStep, openDatabaseStep } from '../app/startup-steps';
import { buildApp } from '../http/app';
import { checkPortFree } from '../http/check-port';
import { createLogger } from '../logging/create-logger';
import { checkEvictionPolicy } from '../queue/check-redis-policy';
import { startPrivateRedis } from '../queue/redis-server-launcher';
import { loadCipher } from '../security/load-cipher';
import { FairTurns } from '../store/fair-turns';
import { sealedKeyIdsIn } from '../store/sealed-values-repository';
import { AssociationDatabase, DEFAULT_ASSOCIATION_ID } from '../store/association-database';
import { pingDatabase } from '../store/ping';
import { associationHealth, type AssociationHealth, type RunState } from './association-health';
import { associationOptions } from './association-options';
import { AssociationRegistry, type HostedAssociation } from './association-registry';
import { HostRouter, type HostTarget } from './host-router';
import { DEFAULT_STEPS_PER_SECOND } from '../config/platform-defaults';
import type { PlatformOptions } from './platform-options';
import { platformRoutes } from './platform-routes';

export type { PlatformOptions } from './platform-options';

/** A running platform: its associations' runtimes, the operator's registry, and `stop`. */
export interface Platform {
  /** Where its one HTTP server listens (unless `http.listen` is false). */
  address?: string;
  /** The server, for `listen: false` (tests send it requests with any Host). */
  server: http.Server;
  registry: AssociationRegistry;
  /** An association's runtime in this process, while it runs. */
  running(id: string): Tawasul | undefined;
  health(): Promise<AssociationHealth[]>;
  /** Reads the associations table now and starts, restarts or stops runtimes to match it. */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_SYNC_INTERVAL_MS = 10_000;
const DEFAULT_STEP_TURNS = 4;
const DEFAULT_TRANSACTIONS_PER_ASSOCIATION = 3;
/** The version of an association whose row could not be opened (it is not run until it can be). */
const UNREADABLE = 'unreadable';
/** Associations started at once: each start migrates, opens its queues and channels. */
const START_CONCURRENCY = 4;

/**
 * Many associations from one installation (issue 23, docs/PLATFORM.md). Each association runs as today's
 * single-association runtime, inside this process: its rows through its own view of the shared database
 * (row-level security), its own queues, key, channels, staff and console; one HTTP server hands each
 * request to the association its host name belongs to. The associations table says what runs: every
 * process reads it again every `syncIntervalMs`, so a suspension reaches every process of the platform.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: 'info' });
  const dataDir = options.dataDir ?? 'data';
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const opened: (() => Promise<void>)[] = [];
  const closeOpened = async () => {
    for (const close of opened.splice(0).reverse()) await close();
  };
  try {
    const { host = '127.0.0.1', port = 3000, listen = true } = options.http;
    if (listen) await checkPortFree(host, port);
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      const privateRedis = await startPrivateRedis({ dataDir, bin: options.redisServerBin, logger });
      opened.push(() => privateRedis.stop());
      redisUrl = privateRedis.url;
    }
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    opened.push(async () => redis.disconnect());
    await connectRedisStep(logger, redis, redisUrl, options.redisUrl !== undefined);
    await checkEvictionPolicy(redis, logger);

    const root =
      typeof options.database === 'object'
        ? options.database
        : await openDatabaseStep(logger, { databaseUrl: options.database, dataDir });
    if (root !== options.database) opened.push(() => root.close());
    await migrateStep(logger, root);
    // `default` may hold values sealed with the installation's key, which is the platform's.
    const asDefault = new AssociationDatabase(root, DEFAULT_ASSOCIATION_ID);
    const sealedKeyIds = await sealedKeyIdsIn(asDefault).finally(() => asDefault.close());
    const platformCipher = loadCipher({
      ...options.encryption,
      dataDir,
      sealedKeyIds,
      sharedDatabase: typeof options.database === 'string',
      warn: (message) => logger.warn(message),
    });
    const registry = new AssociationRegistry(root, platformCipher);
    // One association's flood or backlog takes its turn with the others, not their turns (docs/PLATFORM.md).
    const turns = new FairTurns(options.stepTurns ?? DEFAULT_STEP_TURNS);

    const runs = new Map<string, { version: string; hosts: string[]; run: RunState }>();
    const router = new HostRouter();
    const operatorApp = await buildApp({
      logger,
      readiness: {
        database: () => pingDatabase(root),
        redis: async () => void (await redis.ping()),
      },
      trustProxy: options.http.trustProxy,
    });
    opened.push(() => operatorApp.close());

    const startOne = async (association: HostedAssociation): Promise<RunState> => {
      const log = logger.child({ association: association.id });
      try {
        const tawasul = await startTawasul(
          associationOptions(
            association,
            { ...options, dataDir, redisUrl },
            {
              database: root,
              encryption: platformCipher,
              logger: log,
              turns: turns.lane(association.id),
              maxTransactions: options.transactionsPerAssociation ?? DEFAULT_TRANSACTIONS_PER_ASSOCIATION,
              stepsPerSecond: options.stepsPerSecond ?? DEFAULT_STEPS_PER_SECOND,
            },
          ),
        );
        return { state: 'running', tawasul };
      } catch (error) {
        log.error({ err: error }, 'the association could not start; the others run');
        return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    };
    const stopOne = async (id: string): Promise<void> => {
      const current = runs.get(id);
      runs.delete(id);
      if (current?.run.state === 'running') await current.run.tawasul.stop();
    };

    let syncing: Promise<void> = Promise.resolve();
    const syncNow = async (): Promise<void> => {
      const { hosted, unreadable } = await registry.hosted();
      const wanted = hosted.filter(
        (association) => association.status === 'active' && association.hosts.length > 0,
      );
      const wantedIds = new Set(wanted.map((association) => association.id));
      for (const id of [...runs.keys()]) {
        if (!wantedIds.has(id) && !unreadable.some((entry) => entry.id === id)) await stopOne(id);
      }
      const toStart = wanted.filter(
        (association) => runs.get(association.id)?.version !== association.version,
      );
      for (let i = 0; i < toStart.length; i += START_CONCURRENCY) {
        await Promise.all(
          toStart.slice(i, i + START_CONCURRENCY).map(async (association) => {
            await stopOne(association.id);
            runs.set(association.id, {
              version: association.version,
              hosts: association.hosts,
              run: await startOne(association),
            });
          }),
        );
      }
      for (const { id, error } of unreadable) {
        if (runs.get(id)?.version === UNREADABLE) continue;
        logger.error({ association: id, error }, 'the association cannot be read; the others run');
        await stopOne(id);
        runs.set(id, { version: UNREADABLE, hosts: [], run: { state: 'failed', error } });
      }
      const targets = new Map<string, HostTarget>();
      for (const association of await registry.summaries()) {
        for (const host of association.hosts) targets.set(host, { kind: 'unavailable' });
      }
      for (const { hosts, run } of runs.values()) {
        if (run.state !== 'running' || !run.tawasul.app) continue;
        for (const hostName of hosts) targets.set(hostName, { kind: 'app', app: run.tawasul.app });
      }
      targets.set(options.http.operatorHost, { kind: 'app', app: operatorApp });
      router.replace(targets);
    };
    // One reading at a time: the timer's and the operator's never start the same association twice.
    const sync = (): Promise<void> => (syncing = syncing.catch(() => undefined).then(syncNow));
    opened.push(async () => {
      await syncing.catch(() => undefined);
      await Promise.all([...runs.keys()].map((id) => stopOne(id)));
    });

    const health = async (): Promise<AssociationHealth[]> =>
      Promise.all(
        (await registry.summaries()).map((summary) =>
          associationHealth(root, summary, runs.get(summary.id)?.run ?? { state: 'stopped' }),
        ),
      );
    await operatorApp.register(platformRoutes, {
      registry,
      token: options.http.operatorToken,
      health,
      sync,
    });
    await operatorApp.ready();
    await sync();

    const timer = setInterval(() => {
      sync().catch((err: unknown) => logger.warn({ err }, 'reading the associations failed; trying again'));
    }, options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
    timer.unref();
    opened.push(async () => clearInterval(timer));

    const server = http.createServer(router.handle);
    let address: string | undefined;
    if (listen) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const bound = server.address() as AddressInfo;
      address = `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`;
      opened.push(() => closeServer(server));
    }
    logger.info({ address, associations: runs.size }, 'the platform is running');
    return {
      address,
      server,
      registry,
      running: (id) => {
        const run = runs.get(id)?.run;
        return run?.state === 'running' ? run.tawasul : undefined;
      },
      health,
      sync,
      stop: closeOpened,
    };
  } catch (error) {
    await closeOpened().catch((closeErr: unknown) =>
      logger.warn({ err: closeErr }, 'cleaning up after a failed start failed'),
    );
    throw error;
  }
}

async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Web chat streams stay open until told: they end with the associations' apps, not before.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
