import type { FastifyInstance } from 'fastify';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { telegramWebhookRoutes } from '../channels/telegram/telegram-webhook-routes';
import { cloudWebhookRoutes } from '../channels/whatsapp-cloud/cloud-webhook-routes';
import { uploadLimitsFromProfile } from '../documents/upload-limits';
import type { Profile } from '../config/profile-schema';
import type { DocumentStore } from '../documents/document-store';
import { buildApp } from '../http/app';
import { listenError } from '../http/check-port';
import { isLoopback, metricsRoutes } from '../http/metrics-routes';
import type { PromMetrics } from '../metrics/prom-metrics';
import type { FieldCipher } from '../security/field-cipher';
import type { StaffBot } from '../staff-bot/staff-bot';
import { staffBotWebhookRoutes } from '../staff-bot/staff-bot-webhook-routes';
import type { Database } from '../store/database';
import { pingDatabase } from '../store/ping';
import type { Channels } from './build-channels';
import type { HttpOptions } from './tawasul-options';
import type { Spine } from './wire-spine';

/**
 * The HTTP app: health and readiness, the web chat, the staff web console and its API, the Telegram
 * webhook, `/metrics`. Listens unless `options.listen` is false (tests inject requests instead).
 */
export async function startHttp(
  options: HttpOptions,
  deps: {
    logger: Logger;
    db: Database;
    redis: Redis;
    /** The profile file's (the console shows and exports it as written). */
    profile: Profile;
    spine: Spine;
    channels: Channels;
    documents: DocumentStore;
    cipher?: FieldCipher;
    staffBot?: StaffBot;
    /** A Telegram staff group sees every handoff (here or in another process). */
    staffGroup: boolean;
    metrics: PromMetrics;
    /** The instance's clock (tests set one): sessions, sign-in codes, the inbox's times. */
    now?: () => Date;
  },
): Promise<{ app: FastifyInstance; address?: string }> {
  const { spine, channels, profile } = deps;
  const app = await buildApp({
    logger: deps.logger,
    webchat: channels.webchat,
    webchatOptions: {
      documents: deps.documents,
      uploads: uploadLimitsFromProfile(profile),
      association: profile.association.name,
      limits: options.webchatLimits,
      streams: options.webchatStreams,
    },
    readiness: {
      database: () => pingDatabase(deps.db),
      redis: async () => void (await deps.redis.ping()),
    },
    trustProxy: options.trustProxy,
    requestMetrics: deps.metrics,
    // The staff web console and its API (docs/console.md). Sign-in codes go out as private messages
    // from the staff bot; without a staff bot the console does not offer them.
    console:
      options.console === false
        ? undefined
        : {
            db: deps.db,
            profile,
            caseActions: spine.caseActions,
            handoffs: spine.handoffs,
            clock: spine.clock,
            // A holiday added or removed counts for the chat's new deadlines at once (other processes follow).
            onHolidaysChanged: () => spine.holidays.refresh().then(() => undefined),
            translator: spine.translator,
            defaultLang: spine.engine.defaultLang,
            queues: [spine.dispatcher.queue, spine.scheduler.queue],
            cipher: deps.cipher,
            whatsapp: channels.whatsapp,
            whatsappCloud: channels.whatsappCloud !== undefined,
            telegram: deps.staffBot,
            staffGroup: deps.staffGroup,
            cookieSecurity: options.cookieSecurity,
            now: deps.now,
          },
  });
  if (channels.telegram?.webhook) await app.register(telegramWebhookRoutes, { channel: channels.telegram });
  if (channels.whatsappCloud) await app.register(cloudWebhookRoutes, { channel: channels.whatsappCloud });
  if (deps.staffBot?.webhook) await app.register(staffBotWebhookRoutes, { staffBot: deps.staffBot });
  // Off this machine /metrics wants METRICS_TOKEN; without one it is closed there (docs/OPERATIONS.md).
  const host = options.listen === false ? undefined : options.host;
  await app.register(metricsRoutes, { metrics: deps.metrics, token: options.metricsToken, host });
  if (!options.metricsToken && !isLoopback(host)) {
    deps.logger.warn(
      { host },
      'GET /metrics answers 401: the server listens beyond this machine and METRICS_TOKEN is not set',
    );
  }
  if (options.listen === false) {
    await app.ready();
    return { app };
  }
  const listenOn = { host: options.host ?? '127.0.0.1', port: options.port ?? 3000 };
  try {
    return { app, address: await app.listen(listenOn) };
  } catch (error) {
    await app.close();
    throw listenError(error, listenOn.host, listenOn.port);
  }
}
