import type { Logger } from 'pino';
import type { ChannelOptions, HttpOptions, TuningOptions } from '../app/tawasul-options';
import type { WhatsAppCloudSetup } from '../channels/whatsapp-cloud/create-whatsapp-cloud-channel';
import type { RunnableChannel } from '../config/env';
import type { Profile } from '../config/profile-schema';
import type { Database } from '../store/database';

/** Everything `startPlatform` needs (`PLATFORM=true`, docs/PLATFORM.md). */
export interface PlatformOptions {
  /** The platform's folder: its key, the private Redis, and a folder per association under `associations/`. */
  dataDir?: string;
  /** An open database (left open by `stop`), or a PostgreSQL server URL. Default: PGlite in `dataDir`. */
  database?: Database | string;
  /** Default: a private `redis-server` with its files in `dataDir`. */
  redisUrl?: string;
  redisServerBin?: string;
  /** BullMQ's key prefix; each association's queues get `<prefix>-<id>`. Default `tawasul`. */
  queuePrefix?: string;
  /**
   * The platform's own key (`ENCRYPTION_KEY`): it seals each association's key and channel tokens. Default:
   * a key generated once into `dataDir` (embedded database only).
   */
  encryption?: { key?: string; oldKeys?: readonly string[] };
  /** The profile of `default` (the installation's own association, when it has none of its own). */
  defaultProfile: Profile | string;
  http: Pick<
    HttpOptions,
    'host' | 'port' | 'trustProxy' | 'cookieSecurity' | 'metricsToken' | 'webchatLimits' | 'webchatStreams'
  > & {
    /** False builds the server without listening (tests). Default true. */
    listen?: boolean;
    /** The host name of the operator's API (`PLATFORM_HOST`); it serves no association. */
    operatorHost: string;
    /** The operator's bearer token (`PLATFORM_TOKEN`), at least 32 characters. */
    operatorToken: string;
    /** The scheme of the associations' public addresses (their setup links). Default `https`. */
    scheme?: 'http' | 'https';
  };
  /** How associations on WhatsApp Web run it: the system Chromium and the sending pace (from the environment). */
  whatsappWeb?: ChannelOptions['whatsapp'];
  /** The Cloud API's root, version, webhook path (on each association's host) and pace (from the environment). */
  whatsappCloud?: Pick<WhatsAppCloudSetup, 'webhookPath' | 'maxPerSecond'> & {
    baseUrl: string;
    version: string;
  };
  /**
   * The channels this process runs for every association (`CHANNELS`, docs/SCALING.md): with several
   * processes, Telegram's long polling (and each staff bot) and each WhatsApp session belong to one of them.
   * Default: every channel an association has.
   */
  runs?: (channel: RunnableChannel) => boolean;
  /** Run the BullMQ workers here (docs/SCALING.md). */
  runWorkers?: boolean;
  /**
   * Batches of steps running at once in this process, over all associations; when more wait, turns go round
   * the associations (`FairTurns`). Default 4.
   */
  stepTurns?: number;
  /** Database transactions one association may have under way at once: its share of the pool. Default 3. */
  transactionsPerAssociation?: number;
  /**
   * Messages a second one association's steps may take of the process, on average (`StepRate`): beyond
   * it they wait in that association's own backlog, so a flood cannot fill the thread and the database
   * that the others share (`PLATFORM_STEPS_PER_SECOND`). Default `DEFAULT_STEPS_PER_SECOND`
   * (src/config/platform-defaults.ts).
   */
  stepsPerSecond?: number;
  /** How often the associations table is read again (created, suspended, resumed elsewhere). Default 10 s. */
  syncIntervalMs?: number;
  now?: () => Date;
  logger?: Logger;
  tuning?: TuningOptions;
}
