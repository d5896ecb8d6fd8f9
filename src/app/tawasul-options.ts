import type { WebChatFloodLimits } from '../channels/webchat/webchat-flood-guard';
import type { WebChatStreamLimits } from '../channels/webchat/webchat-events';
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel-adapter';
import type { TelegramChannelOptions } from '../channels/telegram/telegram-channel';
import type { TerminalChannelOptions } from '../channels/terminal/terminal-channel';
import type { WhatsAppSetup } from '../channels/whatsapp/create-whatsapp-channel';
import type { WhatsAppCloudSetup } from '../channels/whatsapp-cloud/create-whatsapp-cloud-channel';
import type { Profile } from '../config/profile-schema';
import type { InboundBudgetOptions } from '../conversation/inbound-budget';
import type { Turns } from '../store/fair-turns';
import type { DocumentStore } from '../documents/document-store';
import type { FieldCipher } from '../security/field-cipher';
import type { Database } from '../store/database';
import type { TrustProxy } from '../config/trust-proxy';

/** Which channels to run; each one is built with the store, documents and logger of the instance. */
export interface ChannelOptions {
  /**
   * The in-process channel: a person's messages from code (`tawasul.channels.inprocess.say(user, text)`)
   * and their replies (`nextReply(user)`). For tests, benchmarks and scripts that embed Tawasul.
   */
  inprocess?: boolean;
  /** The web chat: its API and page under `/webchat` when `http` is set. */
  webchat?: boolean;
  /** The beneficiary bot on Telegram (long polling, or a webhook served under `http`). */
  telegram?: Omit<TelegramChannelOptions, 'documents' | 'logger'>;
  /** WhatsApp Web through whatsapp-web.js; its session is kept under `dataDir`. */
  whatsapp?: Omit<WhatsAppSetup, 'db' | 'documents' | 'logger' | 'dataDir'>;
  /**
   * WhatsApp through Meta's Cloud API (docs/channels/whatsapp-cloud.md); its webhook is served under
   * `http`. An installation runs this or `whatsapp`, not both: both are the channel `whatsapp`.
   */
  whatsappCloud?: WhatsAppCloudSetup;
  /** A person chatting in this terminal (`npm run chat`). */
  terminal?: boolean | Omit<TerminalChannelOptions, 'documents'>;
  /** Adapters built by the caller (a channel with test timings, say); they run beside the others. */
  extra?: ChannelAdapter[];
}

/** The staff web console and the HTTP endpoints. */
export interface HttpOptions {
  /** Listen on `host:port`; false builds the app without listening (tests use `app.inject`). Default true. */
  listen?: boolean;
  host?: string;
  port?: number;
  /** Behind a reverse proxy: which proxies may name the client in X-Forwarded-For (`TrustProxy`). */
  trustProxy?: TrustProxy;
  /** The console's session cookie: Secure always, never, or when the request came over HTTPS. */
  cookieSecurity?: 'always' | 'never' | 'auto';
  /** When set, `/metrics` wants `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
  /**
   * Where people reach this service (PUBLIC_URL, e.g. https://chat.example.org), for the links it prints:
   * the first-run setup link. Default: where it listens.
   */
  publicUrl?: string;
  /** Serve the staff web console (default true). */
  console?: boolean;
  /** The web chat's flood and stream limits (defaults: `DEFAULT_WEBCHAT_FLOOD_LIMITS`, `DEFAULT_WEBCHAT_STREAM_LIMITS`). */
  webchatLimits?: Partial<WebChatFloodLimits>;
  webchatStreams?: Partial<WebChatStreamLimits>;
}

/** The staff bot in the association's Telegram staff supergroup (docs/staff-bot.md). */
export interface StaffBotConnection {
  token: string;
  groupId: number;
  apiRoot?: string;
  /** Webhook mode (served under `http`); unset: long polling. */
  webhook?: { url: string; secret: string };
}

/** Knobs the defaults suit; tests turn them to see a behaviour sooner. */
export interface TuningOptions {
  /** How often unprocessed inbound messages are looked for (crash and outage recovery); default 10 s. */
  recoverIntervalMs?: number;
  /** Sends in flight at once per process; default the outbound worker's. */
  workerConcurrency?: number;
  /** How often the holiday table is read again for other processes' changes; default 30 s. */
  holidayRefreshMs?: number;
  /** How long `stop` waits for this process's last replies to be sent; default 10 s. */
  stopDrainMs?: number;
  /** One sender's message budget before a flood is refused; false: none. Default `DEFAULT_INBOUND_BUDGET`. */
  inboundBudget?: InboundBudgetOptions | false;
}

/**
 * Everything `startTawasul` needs. Only `profile` is required: the rest defaults to the embedded
 * installation (PGlite and documents under `dataDir`, a private redis-server, a generated encryption key).
 */
export interface TawasulOptions {
  /** The association's profile, or the path of its YAML file (a mistake stops the start with what to fix). */
  profile: Profile | string;
  /**
   * Where the embedded defaults keep their state: PGlite's data folder, documents, the generated
   * encryption key, the private redis-server's files, the WhatsApp session. Default `./data`.
   */
  dataDir?: string;
  /** An open database (left open by `stop`), or a PostgreSQL server URL. Default: PGlite in `dataDir`. */
  database?: Database | string;
  /**
   * The association this instance serves (its id in the `associations` table). Default `default`: the
   * one association of an installation without a platform.
   */
  association?: string;
  /** On a platform: this association's turns at running step batches, shared fairly (`FairTurns.lane`). */
  turns?: Turns;
  /** On a platform: the most database transactions this association has under way at once (its pool share). */
  maxTransactions?: number;
  /** On a platform: the most messages a second this association's steps take of the process (`StepRate`). */
  stepsPerSecond?: number;
  /** Redis for the queues. Default: a private `redis-server` (`redisServerBin`) with its files in `dataDir`. */
  redisUrl?: string;
  redisServerBin?: string;
  /** BullMQ's key prefix; tests give each run its own. */
  queuePrefix?: string;
  /**
   * How personal data is sealed at rest: the keys (`ENCRYPTION_KEY`, `ENCRYPTION_KEYS_OLD`; default a
   * key generated once into `dataDir`), a cipher made by the caller, or `'off'` (tests of plain storage).
   * With keys (not a cipher), the start refuses a database holding values sealed with a key not among
   * them, unless its id is in `lostKeyIds` (`ENCRYPTION_KEYS_LOST`).
   */
  encryption?:
    { key?: string; oldKeys?: readonly string[]; lostKeyIds?: readonly string[] } | FieldCipher | 'off';
  /** Where documents are kept. Default: sealed files under `dataDir/documents`. */
  documents?: DocumentStore;
  channels?: ChannelOptions;
  /** HTTP: health, web chat, console, metrics, webhooks. Absent: no HTTP app at all. */
  http?: HttpOptions;
  staffBot?: StaffBotConnection;
  /**
   * The staff bot runs in another process of this deployment (`STAFF_BOT_ELSEWHERE`): a Telegram staff
   * group sees every handoff, so the bot may say someone was told and start-up does not warn of it.
   */
  staffGroupElsewhere?: boolean;
  /** Run the BullMQ workers here (sending, timers); false: other processes send (docs/SCALING.md). */
  runWorkers?: boolean;
  /** The one clock of everything time-driven; tests pass a controllable one. Default: the real time. */
  now?: () => Date;
  /** Default: pino at `info`. */
  logger?: Logger;
  tuning?: TuningOptions;
}
