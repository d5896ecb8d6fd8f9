import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startTawasul } from './app/start-tawasul';
import { startupFailure } from './app/startup-failure';
import type { ChannelOptions } from './app/tawasul-options';
import { loadEnv, type Env, type RunnableChannel } from './config/env';
import { createLogger } from './logging/create-logger';
import { startPlatform, type Platform } from './platform/start-platform';
import type { Logger } from 'pino';
import { usePrivateUmask } from './security/private-files';

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

/**
 * `npm start`: Tawasul as the environment configures it (docs in README.md and .env.example), on the
 * embedded defaults when nothing is set (PGlite data folder, a private redis-server, web chat, terminal
 * chat when run in a terminal). The wiring itself is `startTawasul`'s.
 */
async function main(): Promise<void> {
  // Everything written from here on (database, WAL, documents, logs, keys) is the owner's only.
  usePrivateUmask();
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
  if (env.PLATFORM) {
    stopOnSignals(await startPlatformFromEnv(env, logger), logger);
    return;
  }
  const tawasul = await startTawasul({
    profile: env.PROFILE_PATH,
    dataDir: env.DATA_DIR,
    database: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisServerBin: env.REDIS_SERVER_BIN,
    queuePrefix: env.QUEUE_PREFIX,
    encryption: {
      key: env.ENCRYPTION_KEY,
      oldKeys: env.ENCRYPTION_KEYS_OLD,
      lostKeyIds: env.ENCRYPTION_KEYS_LOST,
    },
    channels: channelsFromEnv(env, runs, terminal),
    http: {
      host: env.HTTP_HOST,
      port: env.HTTP_PORT,
      publicUrl: env.PUBLIC_URL,
      trustProxy: env.HTTP_TRUST_PROXY,
      cookieSecurity: env.CONSOLE_COOKIE_SECURE,
      metricsToken: env.METRICS_TOKEN,
      webchatLimits: {
        perAddress: { max: env.WEBCHAT_POSTS_PER_ADDRESS_PER_MINUTE, windowMs: 60_000 },
        global: { max: env.WEBCHAT_POSTS_PER_MINUTE, windowMs: 60_000 },
        newSessionsPerAddress: { max: env.WEBCHAT_SESSIONS_PER_ADDRESS_PER_HOUR, windowMs: 3_600_000 },
      },
      webchatStreams: { perAddress: env.WEBCHAT_STREAMS_PER_ADDRESS, total: env.WEBCHAT_STREAMS_TOTAL },
    },
    staffBot:
      env.STAFF_TELEGRAM_BOT_TOKEN && env.STAFF_TELEGRAM_GROUP_ID !== undefined
        ? {
            token: env.STAFF_TELEGRAM_BOT_TOKEN,
            groupId: env.STAFF_TELEGRAM_GROUP_ID,
            apiRoot: env.TELEGRAM_API_ROOT,
            webhook: env.STAFF_TELEGRAM_WEBHOOK_URL
              ? { url: env.STAFF_TELEGRAM_WEBHOOK_URL, secret: env.STAFF_TELEGRAM_WEBHOOK_SECRET ?? '' }
              : undefined,
          }
        : undefined,
    runWorkers: env.RUN_WORKERS,
    staffGroupElsewhere: env.STAFF_BOT_ELSEWHERE,
    logger,
  });
  logger.info(
    {
      address: tawasul.address,
      database: tawasul.db.kind,
      channels: tawasul.channels.all.map((c) => c.name),
      workers: env.RUN_WORKERS,
      ms: Math.round(process.uptime() * 1000),
    },
    'Tawasul is running',
  );
  const { whatsapp, whatsappCloud } = tawasul.channels;
  if (whatsapp)
    logger.info({ whatsapp: whatsapp.status().state }, 'WhatsApp is starting; a QR code means: scan it');
  if (whatsappCloud)
    logger.info(
      { webhookPath: whatsappCloud.webhook.path },
      "WhatsApp Cloud API: Meta's callback URL is https://<your host> followed by this path",
    );
  if (terminal) {
    // The log goes to a file here: the setup link must reach the screen.
    const setup = tawasul.setupUrl ? `first administrator: ${tawasul.setupUrl}\n` : '';
    process.stdout.write(
      `Tawasul — ${tawasul.profile.association.name.ar}\nhttp: ${tawasul.address}  ·  logs: ${logFile}\n${setup}` +
        'اكتب رسالتك (مثلًا: السلام عليكم) · Type a message (e.g. hello) · Ctrl+C to quit\n> ',
    );
  }
  stopOnSignals(tawasul, logger);
}

/** The channels the environment enables for this process. */
function channelsFromEnv(
  env: Env,
  runs: (channel: RunnableChannel) => boolean,
  terminal: boolean,
): ChannelOptions {
  return {
    webchat: env.WEBCHAT_ENABLED && runs('webchat'),
    // Long polling unless a webhook URL is set (loadEnv then requires its secret; '' would refuse every call).
    telegram:
      env.TELEGRAM_BOT_TOKEN && runs('telegram')
        ? {
            token: env.TELEGRAM_BOT_TOKEN,
            apiRoot: env.TELEGRAM_API_ROOT,
            webhook: env.TELEGRAM_WEBHOOK_URL
              ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET ?? '' }
              : undefined,
          }
        : undefined,
    whatsappCloud:
      env.WHATSAPP_ENABLED && env.WHATSAPP_API === 'cloud' && runs('whatsapp')
        ? {
            graph: {
              baseUrl: env.WHATSAPP_CLOUD_BASE_URL,
              version: env.WHATSAPP_CLOUD_API_VERSION,
              // loadEnv requires these with WHATSAPP_API=cloud.
              phoneNumberId: env.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
              accessToken: env.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '',
            },
            appSecret: env.WHATSAPP_CLOUD_APP_SECRET ?? '',
            verifyToken: env.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
            webhookPath: env.WHATSAPP_CLOUD_WEBHOOK_PATH,
            maxPerSecond: env.WHATSAPP_CLOUD_MAX_PER_SECOND,
          }
        : undefined,
    whatsapp:
      env.WHATSAPP_ENABLED && env.WHATSAPP_API === 'web' && runs('whatsapp')
        ? {
            chromiumPath: env.CHROMIUM_PATH,
            pacing: {
              chatGapMs: env.WHATSAPP_CHAT_GAP_MS,
              jitterMs: env.WHATSAPP_JITTER_MS,
              perMinute: env.WHATSAPP_MAX_PER_MINUTE,
            },
          }
        : undefined,
    terminal,
  };
}

/** Many associations from this installation (PLATFORM=true): each with its channels in the associations table. */
async function startPlatformFromEnv(env: Env, logger: Logger): Promise<Platform> {
  return startPlatform({
    dataDir: env.DATA_DIR,
    database: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisServerBin: env.REDIS_SERVER_BIN,
    queuePrefix: env.QUEUE_PREFIX,
    encryption: { key: env.ENCRYPTION_KEY, oldKeys: env.ENCRYPTION_KEYS_OLD },
    defaultProfile: env.PROFILE_PATH,
    stepsPerSecond: env.PLATFORM_STEPS_PER_SECOND,
    http: {
      host: env.HTTP_HOST,
      port: env.HTTP_PORT,
      trustProxy: env.HTTP_TRUST_PROXY,
      cookieSecurity: env.CONSOLE_COOKIE_SECURE,
      metricsToken: env.METRICS_TOKEN,
      // loadEnv requires both with PLATFORM=true.
      operatorHost: env.PLATFORM_HOST ?? '',
      operatorToken: env.PLATFORM_TOKEN ?? '',
    },
    whatsappWeb: {
      chromiumPath: env.CHROMIUM_PATH,
      pacing: {
        chatGapMs: env.WHATSAPP_CHAT_GAP_MS,
        jitterMs: env.WHATSAPP_JITTER_MS,
        perMinute: env.WHATSAPP_MAX_PER_MINUTE,
      },
    },
    whatsappCloud: {
      baseUrl: env.WHATSAPP_CLOUD_BASE_URL,
      version: env.WHATSAPP_CLOUD_API_VERSION,
      webhookPath: env.WHATSAPP_CLOUD_WEBHOOK_PATH,
      maxPerSecond: env.WHATSAPP_CLOUD_MAX_PER_SECOND,
    },
    runs: (channel) => env.CHANNELS?.includes(channel) ?? true,
    runWorkers: env.RUN_WORKERS,
    logger,
  });
}

/** SIGINT and SIGTERM stop gracefully, within `SHUTDOWN_TIMEOUT_MS`. */
function stopOnSignals(running: { stop(): Promise<void> }, logger: Logger): void {
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
      await running.stop();
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
  const { text, exitCode } = startupFailure(err, process.env.LOG_LEVEL);
  process.stderr.write(text);
  process.exit(exitCode);
});
