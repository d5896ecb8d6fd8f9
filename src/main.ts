import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import type { ChannelAdapter } from './channels/channel-adapter';
import { TelegramChannel } from './channels/telegram/telegram-channel';
import { telegramWebhookRoutes } from './channels/telegram/telegram-webhook-routes';
import { TerminalChannel } from './channels/terminal/terminal-channel';
import { createWhatsAppChannel } from './channels/whatsapp/create-whatsapp-channel';
import { uploadLimitsFromProfile } from './channels/webchat/upload-limits';
import { WebChatChannel } from './channels/webchat/webchat-channel';
import { ConfigError } from './config/config-error';
import { loadEnv, type RunnableChannel } from './config/env';
import { loadProfile } from './config/load-profile';
import { EncryptedDocumentStore } from './documents/encrypted-document-store';
import { FsDocumentStore } from './documents/fs-document-store';
import { loadCipher } from './security/load-cipher';
import { buildApp } from './http/app';
import { closeHttp } from './http/close-http';
import { metricsRoutes } from './http/metrics-routes';
import { PromMetrics, QUEUE_STATES } from './metrics/prom-metrics';
import { createLogger } from './logging/create-logger';
import { checkEvictionPolicy } from './queue/check-redis-policy';
import { startPrivateRedis } from './queue/redis-server-launcher';
import { startRuntime } from './runtime';
import { StaffBot } from './staff-bot/staff-bot';
import { staffBotWebhookRoutes } from './staff-bot/staff-bot-webhook-routes';
import { openDatabase } from './store/open-database';

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

/**
 * Composition root: the only place that chooses concrete adapters. Embedded defaults (PGlite data
 * folder, a private redis-server, web chat, terminal chat when run in a terminal) need no setup.
 */
async function main(): Promise<void> {
  const env = loadEnv(process.env);
  // CHANNELS: the enabled channels this process runs (unset = all of them; docs/SCALING.md).
  const runs = (channel: RunnableChannel) => env.CHANNELS?.includes(channel) ?? true;
  const terminal = (env.TERMINAL_CHAT || process.stdin.isTTY === true) && runs('terminal');
  mkdirSync(env.DATA_DIR, { recursive: true });
  // In a terminal chat the screen belongs to the conversation: logs go to a file instead.
  const logFile = path.join(env.DATA_DIR, 'tawasul.log');
  const logger = createLogger({
    level: env.LOG_LEVEL,
    destination: terminal ? createWriteStream(logFile, { flags: 'a' }) : undefined,
  });
  const profile = loadProfile(env.PROFILE_PATH);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const privateRedis = env.REDIS_URL
    ? undefined
    : await startPrivateRedis({ dataDir: env.DATA_DIR, bin: env.REDIS_SERVER_BIN, logger });
  const redisUrl = env.REDIS_URL ?? privateRedis!.url;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  await checkEvictionPolicy(redis, logger);

  // ID numbers, message texts and documents are sealed at rest (AES-256-GCM; rotation in docs/OPERATIONS.md).
  const cipher = loadCipher({
    key: env.ENCRYPTION_KEY,
    oldKeys: env.ENCRYPTION_KEYS_OLD,
    dataDir: env.DATA_DIR,
    sharedDatabase: env.DATABASE_URL !== undefined,
    warn: (message) => logger.warn(message),
  });
  const documents = new EncryptedDocumentStore(
    new FsDocumentStore(path.join(env.DATA_DIR, 'documents')),
    cipher,
  );
  const webchat = env.WEBCHAT_ENABLED && runs('webchat') ? new WebChatChannel(db, cipher) : undefined;
  // Long polling unless a webhook URL is set (loadEnv then requires its secret; '' would refuse every call).
  const telegram =
    env.TELEGRAM_BOT_TOKEN && runs('telegram')
      ? new TelegramChannel({
          token: env.TELEGRAM_BOT_TOKEN,
          apiRoot: env.TELEGRAM_API_ROOT,
          webhook: env.TELEGRAM_WEBHOOK_URL
            ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET ?? '' }
            : undefined,
          documents,
          logger,
        })
      : undefined;
  // WhatsApp Web in Chromium; the first start prints a QR code to scan (docs/channels/whatsapp.md).
  const whatsapp =
    env.WHATSAPP_ENABLED && runs('whatsapp')
      ? createWhatsAppChannel({
          dataDir: env.DATA_DIR,
          chromiumPath: env.CHROMIUM_PATH,
          pacing: {
            chatGapMs: env.WHATSAPP_CHAT_GAP_MS,
            jitterMs: env.WHATSAPP_JITTER_MS,
            perMinute: env.WHATSAPP_MAX_PER_MINUTE,
          },
          db,
          documents,
          logger,
        })
      : undefined;
  const channels: ChannelAdapter[] = [
    ...(webchat ? [webchat] : []),
    ...(telegram ? [telegram] : []),
    ...(whatsapp ? [whatsapp] : []),
    ...(terminal ? [new TerminalChannel({ documents })] : []),
  ];
  const metrics = new PromMetrics();
  const runtime = await startRuntime({
    db,
    redisUrl,
    profile,
    channels,
    logger,
    queuePrefix: env.QUEUE_PREFIX,
    cipher,
    documents,
    metrics,
    runWorkers: env.RUN_WORKERS,
  });
  const documentsDir = path.join(env.DATA_DIR, 'documents');
  mkdirSync(documentsDir, { recursive: true });
  metrics.watch({
    db,
    queues: {
      outbound: () => runtime.dispatcher.queue.getJobCounts(...QUEUE_STATES),
      timers: () => runtime.scheduler.queue.getJobCounts(...QUEUE_STATES),
    },
    whatsappState: whatsapp ? () => whatsapp.status().state : undefined,
    redisPolicy: () => checkEvictionPolicy(redis, { warn: () => undefined }),
    disks: { data: env.DATA_DIR, documents: documentsDir },
  });
  // The staff bot: a second bot in the staff supergroup (docs/staff-bot.md). One process per bot.
  const staffBot =
    env.STAFF_TELEGRAM_BOT_TOKEN && env.STAFF_TELEGRAM_GROUP_ID !== undefined
      ? new StaffBot({
          token: env.STAFF_TELEGRAM_BOT_TOKEN,
          groupId: env.STAFF_TELEGRAM_GROUP_ID,
          apiRoot: env.TELEGRAM_API_ROOT,
          webhook: env.STAFF_TELEGRAM_WEBHOOK_URL
            ? { url: env.STAFF_TELEGRAM_WEBHOOK_URL, secret: env.STAFF_TELEGRAM_WEBHOOK_SECRET ?? '' }
            : undefined,
          db,
          // With the console's holidays, kept current (out-of-hours answers, due dates on cards).
          profile: runtime.profile,
          translator: runtime.translator,
          caseActions: runtime.caseActions,
          conversations: runtime.service,
          documents,
          cipher,
          logger,
        })
      : undefined;
  await staffBot?.start();
  const app = await buildApp({
    logger,
    webchat,
    webchatOptions: {
      documents,
      uploads: uploadLimitsFromProfile(profile),
      association: profile.association.name,
    },
    readiness: {
      database: async () => void (await db.query('SELECT 1')),
      redis: async () => void (await redis.ping()),
    },
    trustProxy: env.HTTP_TRUST_PROXY,
    // The staff web console and its API (docs/console.md). Sign-in codes go out as private messages
    // from the staff bot; without a staff bot the console does not offer them.
    console: {
      db,
      profile,
      caseActions: runtime.caseActions,
      clock: runtime.clock,
      // A holiday added or removed counts for the chat's new deadlines at once (other processes follow).
      onHolidaysChanged: () => runtime.holidays.refresh().then(() => undefined),
      translator: runtime.translator,
      defaultLang: runtime.engine.defaultLang,
      queues: [runtime.dispatcher.queue, runtime.scheduler.queue],
      cipher,
      whatsapp,
      telegram: staffBot,
      cookieSecurity: env.CONSOLE_COOKIE_SECURE,
    },
  });
  if (telegram?.webhook) await app.register(telegramWebhookRoutes, { channel: telegram });
  if (staffBot?.webhook) await app.register(staffBotWebhookRoutes, { staffBot });
  await app.register(metricsRoutes, { metrics, token: env.METRICS_TOKEN });
  const address = await app.listen({ host: env.HTTP_HOST, port: env.HTTP_PORT });
  logger.info(
    { address, database: db.kind, channels: channels.map((c) => c.name), workers: env.RUN_WORKERS },
    'Tawasul is running',
  );
  if (whatsapp)
    logger.info({ whatsapp: whatsapp.status().state }, 'WhatsApp is starting; a QR code means: scan it');
  if (terminal) {
    process.stdout.write(
      `Tawasul — ${profile.association.name.ar}\nhttp: ${address}  ·  logs: ${logFile}\n` +
        'اكتب رسالتك (مثلًا: السلام عليكم) · Type a message (e.g. hello) · Ctrl+C to quit\n> ',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error('graceful stop took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    try {
      // HTTP first (no new messages), then the steps under way and their replies (runtime.stop).
      await closeHttp(app);
      logger.debug('stop: http closed');
      await staffBot?.stop();
      await runtime.stop();
      redis.disconnect();
      await db.close();
      await privateRedis?.stop();
    } catch (err) {
      // Without this catch a failed stop would be an unhandled rejection: a crash instead of a log line.
      logger.error({ err }, 'graceful stop failed; exiting');
      logger.flush();
      process.exit(1);
    }
    clearTimeout(timer);
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`Tawasul failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
