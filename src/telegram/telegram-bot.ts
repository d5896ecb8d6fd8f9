import { setTimeout as sleep } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { Telegraf } from 'telegraf';
import type { Opts, Telegram as BotApi, Update, UserFromGetMe } from 'telegraf/types';
import type { DocumentStore } from '../documents/document-store';
import { apiSignal } from './api-signal';
import { NotReceivingError } from './not-receiving-error';
import { backoffMs, describeError, floodWaitMs, hintFor, type BotVariables } from './telegram-errors';
import { TelegramFiles, type FetchedFile } from './telegram-files';
import { TelegramPacer, type PacingOptions } from './telegram-pacer';
import { UpdatePoller } from './update-poller';
import { ALLOWED_UPDATES } from './update-schema';

/*
 * src/telegram/ is the one Telegram client both bots use: the beneficiary channel
 * (src/channels/telegram/) and the staff bot (src/staff-bot/). It sits beside them, not inside either,
 * so each imports it inward and neither imports the other (a client under channels/ would make the
 * staff bot import from a channel adapter's folder). It knows nothing of people, cases or the spine,
 * and it is the only folder that imports telegraf.
 */

const OFFICIAL_BOT_API = 'https://api.telegram.org';

/**
 * Takes one update as Telegram sent it (each bot parses it with `update-schema.ts`). Resolves once the
 * update was accepted — handed over durably — or deliberately dropped; rejects when it could not be,
 * and Telegram delivers it again (the next poll starts from it; the webhook answers an error).
 */
export type UpdateReceiver = (update: unknown) => Promise<void>;

export interface TelegramBotOptions {
  /** The token from @BotFather. */
  token: string;
  /** Bot API server root (`TELEGRAM_API_ROOT`): the official one, a self-hosted one, or a test stand-in. */
  apiRoot?: string;
  /**
   * Webhook mode: Telegram posts updates to `url` with `secret` in a header; the bot's route (see
   * `webhook-route.ts`) listens on `url`'s path. Unset: long polling, which needs no public address.
   */
  webhook?: { url: string; secret: string };
  /**
   * Hand updates over one at a time, in Telegram's order, in webhook mode too (Telegram is asked for
   * one connection at a time, and calls arriving together wait their turn here). Polling always does.
   */
  inOrder?: boolean;
  /** How the log lines name the bot ("Telegram connected", "staff bot polling failed"). */
  name: string;
  /** The variables an operator fixes this bot's token and webhook with, for the hints in the log. */
  variables: BotVariables;
  logger?: Logger;
  /** Telegram's rate limits by default; see {@link PacingOptions}. */
  pacing?: Partial<PacingOptions>;
  /** How many times `paced` waits out a 429 and tries again before it throws (default 0: at once). */
  floodRetries?: number;
  /** How long one getUpdates call waits for news, in seconds (default 50, as telegraf). */
  pollTimeoutSeconds?: number;
  /** How long one Bot API call may take before it counts as failed, in ms (default 30 s). */
  callTimeoutMs?: number;
  /** Where `fetchFile` keeps what people send. */
  documents: DocumentStore;
  /** Larger files are not downloaded (`fetchFile` says `tooLarge`). Default 10 MB. */
  maxFileBytes?: number;
  /**
   * A bot's own checks once Telegram answered getMe, before the webhook is set up (the staff bot: its
   * group). Returns fields for the "connected" log line.
   */
  onConnect?: (me: UserFromGetMe) => Promise<Record<string, unknown>>;
  /**
   * Whether a failure to connect at start is a configuration mistake (return the error to throw, e.g. a
   * ConfigError naming the variable) or Telegram being away (return undefined: keep trying behind).
   */
  fatal?: (error: unknown) => Error | undefined;
}

/**
 * A bot on telegraf: receives its updates by long polling or by webhook, makes Bot API calls with a
 * time limit, paces what it posts to Telegram's limits (waiting out a 429's `retry_after`), and
 * fetches the files people send into the document store.
 *
 * - `start(receiver)` connects (getMe; setWebhook or deleteWebhook) and, in polling mode, polls in the
 *   background. Telegram out of reach does not fail the start: connecting is retried behind.
 * - An update counts as handled only once the receiver resolved: the poll offset moves past it only
 *   then, and the webhook route answers 200 only then.
 */
export class TelegramBot {
  private readonly bot: Telegraf;
  private readonly files: TelegramFiles;
  private readonly poller: UpdatePoller;
  private readonly logger: Logger;
  private pacer: TelegramPacer;
  private receiver: UpdateReceiver | undefined;
  private stopping = new AbortController();
  private loop: Promise<void> | undefined;
  /** The webhook update being handled, when updates go one at a time. */
  private webhookTurn: Promise<unknown> = Promise.resolve();
  private me: UserFromGetMe | undefined;

  constructor(private readonly options: TelegramBotOptions) {
    // telegraf resolves `./bot<token>/<method>` against the root: without a final `/`, a root with
    // a path (a self-hosted server behind a prefix) would lose its last segment.
    const apiRoot = `${(options.apiRoot ?? OFFICIAL_BOT_API).replace(/\/+$/, '')}/`;
    this.bot = new Telegraf(options.token, {
      telegram: { apiRoot, webhookReply: false },
      handlerTimeout: 5 * 60_000,
    });
    this.bot.use((ctx) => this.receive(ctx.update));
    // telegraf's default handler prints the update and sets the exit code; ours lets the caller decide.
    this.bot.catch((error) => {
      throw error;
    });
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.files = new TelegramFiles({
      telegram: this.bot.telegram,
      token: options.token,
      apiRoot,
      documents: options.documents,
      maxBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
    });
    this.poller = new UpdatePoller(this.bot.telegram, options.pollTimeoutSeconds ?? 50);
    this.pacer = new TelegramPacer(options.pacing);
  }

  /** In webhook mode, what the route must check: its path and the secret Telegram presents. */
  get webhook(): { path: string; secret: string } | undefined {
    const hook = this.options.webhook;
    return hook ? { path: new URL(hook.url).pathname, secret: hook.secret } : undefined;
  }

  /** The bot's @username once connected (deep links, hints to open the bot). */
  get username(): string | undefined {
    return this.me?.username;
  }

  /**
   * Starts receiving. Throws what `fatal` makes of a failure to connect; any other failure is logged
   * and connecting goes on in the background.
   */
  async start(receiver: UpdateReceiver): Promise<void> {
    this.receiver = receiver;
    this.stopping = new AbortController();
    if (this.pacer.closed) this.pacer = new TelegramPacer(this.options.pacing);
    let connected = true;
    try {
      await this.connect();
    } catch (error) {
      const fatal = this.options.fatal?.(error);
      if (fatal) {
        this.receiver = undefined;
        throw fatal;
      }
      // Telegram out of reach must not keep the rest of Tawasul from starting: keep trying behind.
      this.logger.warn(
        { err: describeError(error) },
        'Telegram is unreachable at start; retrying in the background',
      );
      connected = false;
    }
    if (!this.options.webhook || !connected) this.loop = this.run(connected);
  }

  /**
   * Stops receiving: the update being handled finishes, polling ends (telling Telegram which updates
   * are done), webhook calls are answered 503. Paced calls still waiting give up; a webhook stays set,
   * so other processes behind a load balancer keep receiving.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = undefined;
    this.receiver = undefined;
    this.pacer.close();
  }

  /**
   * One update from the webhook route. Resolves once it was accepted (or deliberately ignored);
   * rejects when it could not be (NotReceivingError when the bot is not started), so the route answers
   * an error and Telegram delivers it again.
   */
  handleWebhookUpdate(update: unknown): Promise<void> {
    if (!this.receiver) return Promise.reject(new NotReceivingError());
    if (!this.options.inOrder) return this.bot.handleUpdate(update as Update);
    const handled = this.webhookTurn.then(() => this.bot.handleUpdate(update as Update));
    this.webhookTurn = handled.catch(() => undefined);
    return handled;
  }

  /** One Bot API call through telegraf, failing after `timeoutMs` (telegraf's own limit is minutes). */
  call<M extends keyof BotApi>(
    method: M,
    payload: Opts<M>,
    timeoutMs = this.options.callTimeoutMs ?? 30_000,
  ): Promise<ReturnType<BotApi[M]>> {
    return this.bot.telegram.callApi(method, payload, { signal: apiSignal(AbortSignal.timeout(timeoutMs)) });
  }

  /**
   * Runs `send` (a call that posts to `chatId`) when Telegram's limits allow it: after the previous
   * post to that chat, at the chat's pace, within the bot-wide rate. A 429 keeps the chat quiet for
   * the `retry_after` Telegram asked, and the call is tried again up to `floodRetries` times; then
   * the TelegramError is thrown. After `stop`, calls still waiting throw PacerClosedError.
   */
  async paced<T>(chatId: number | string, send: () => Promise<T>): Promise<T> {
    const lane = String(chatId);
    const retries = this.options.floodRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pacer.run(lane, send);
      } catch (error) {
        const wait = floodWaitMs(error);
        if (wait === undefined) throw error;
        this.pacer.hold(lane, wait);
        if (attempt >= retries) throw error;
      }
    }
  }

  /** Downloads a file someone sent into the document store (see TelegramFiles). */
  fetchFile(fileId: string, meta: { fileName?: string; declaredMimeType?: string }): Promise<FetchedFile> {
    return this.files.fetch(fileId, meta);
  }

  /** Checks the token, runs the bot's own checks, and sets up the mode: a webhook, or none (polling). */
  private async connect(): Promise<void> {
    const me = await this.call('getMe', {});
    this.bot.botInfo = me;
    this.me = me;
    const fields = (await this.options.onConnect?.(me)) ?? {};
    const hook = this.options.webhook;
    if (hook) {
      await this.call('setWebhook', {
        url: hook.url,
        secret_token: hook.secret,
        allowed_updates: ALLOWED_UPDATES,
        drop_pending_updates: false,
        ...(this.options.inOrder ? { max_connections: 1 } : {}),
      });
    } else {
      // getUpdates refuses to work while a webhook is set; pending updates are kept.
      await this.call('deleteWebhook', { drop_pending_updates: false });
    }
    this.logger.info(
      { bot: me.username, mode: hook ? 'webhook' : 'polling', ...fields },
      `${this.options.name} connected`,
    );
  }

  /**
   * The background loop: connects if start could not, then (polling mode) fetches updates and hands
   * them over one at a time, in order. A failure backs off (Telegram's `retry_after` when it gave
   * one) and fetches again from the first update not yet accepted.
   */
  private async run(connected: boolean): Promise<void> {
    const signal = this.stopping.signal;
    const { name, variables } = this.options;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!connected) {
          await this.connect();
          connected = true;
        }
        if (this.options.webhook) return;
        await this.poller.pollOnce(signal, (update) => this.bot.handleUpdate(update));
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const wait = backoffMs(error, failures);
        this.logger[failures >= 3 ? 'error' : 'warn'](
          { err: describeError(error), failures, retryInMs: wait, hint: hintFor(error, variables) },
          connected ? `${name} polling failed` : `${name} connection failed`,
        );
        await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    }
    if (!this.options.webhook) await this.poller.confirm();
  }

  /** telegraf middleware: the update goes to whoever receives now. */
  private async receive(update: unknown): Promise<void> {
    const receiver = this.receiver;
    if (!receiver) throw new NotReceivingError();
    await receiver(update);
  }
}
