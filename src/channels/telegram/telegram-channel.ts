import pino, { type Logger } from 'pino';
import { Telegraf, TelegramError, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { ConfigError } from '../../config/config-error';
import type { DocumentStore } from '../../documents/document-store';
import type { InboundMedia } from '../../domain/inbound-message';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { ChannelNotReceivingError } from './channel-not-receiving-error';
import { mapUpdate, type FileToFetch } from './map-update';
import { renderOutbound, TELEGRAM_MAX_TEXT, type TelegramCall } from './render-outbound';
import { backoffMs, describeError, hintFor, toSendFailure } from './telegram-errors';
import { TelegramFiles } from './telegram-files';
import { PacerClosedError, TelegramPacer, type PacingOptions } from './telegram-pacer';

export const OFFICIAL_BOT_API = 'https://api.telegram.org';

/** The updates the beneficiary bot asks Telegram for; everything else is never even sent to us. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface TelegramChannelOptions {
  /** The token from @BotFather (`TELEGRAM_BOT_TOKEN`). */
  token: string;
  /** Bot API server root (`TELEGRAM_API_ROOT`): the official one, a self-hosted one, or a test stand-in. */
  apiRoot?: string;
  /**
   * Webhook mode (`TELEGRAM_WEBHOOK_URL`, `TELEGRAM_WEBHOOK_SECRET`): Telegram posts updates to `url`,
   * which must reach the route `telegramWebhookRoutes` registers (its path is `url`'s path). Unset:
   * long polling, which needs no public address.
   */
  webhook?: { url: string; secret: string };
  /** Where the photos, documents and voice notes people send are kept. */
  documents: DocumentStore;
  logger?: Logger;
  /** Telegram's rate limits by default; see {@link PacingOptions}. */
  pacing?: Partial<PacingOptions>;
  /** Larger files are not downloaded; their media entry arrives without `ref`. Default 10 MB. */
  maxFileBytes?: number;
  /** How long one getUpdates call waits for news, in seconds (default 50, as telegraf). */
  pollTimeoutSeconds?: number;
  /** How long one send may take before it counts as failed (and is retried), in ms. Default 30 s. */
  sendTimeoutMs?: number;
  /**
   * The label of the "share my location" button. A pin by default: the adapter does not know the
   * person's language, and the message above the button already says what to do.
   */
  locationButtonLabel?: string;
}

type Sent = { ok: true; messageId: number };
type Failed = Extract<SendResult, { ok: false }>;
type ApiSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];
/** telegraf types its signal with the `abort-controller` polyfill; Node's own is what it gets at runtime. */
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

/** Parts of a split message already delivered, per idempotency key: a retry sends only the rest. */
const MAX_PARTIAL_SENDS = 10_000;

/**
 * The beneficiary-facing Telegram bot, over telegraf. Long polling by default, a webhook with a
 * secret when configured. Updates from private chats become `InboundMessage`s (see `mapUpdate`);
 * files are fetched into the document store first. Outgoing messages are rendered for Telegram
 * (inline keyboards for choices) and paced to Telegram's limits inside the adapter.
 *
 * An update counts as handled only once the spine has accepted it: in polling mode the offset moves
 * past an update only after that, and in webhook mode the route answers 200 only after that, so a
 * crash or a database outage makes Telegram deliver it again (the spine drops duplicates by id).
 */
export class TelegramChannel implements ChannelAdapter {
  readonly name = 'telegram' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: false, maxTextLength: TELEGRAM_MAX_TEXT };
  private readonly bot: Telegraf;
  private readonly files: TelegramFiles;
  private readonly logger: Logger;
  private readonly maxFileBytes: number;
  private handler: InboundHandler | undefined;
  private pacer: TelegramPacer;
  private stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private offset = 0;
  private readonly partsSent = new Map<string, number>();
  /** Chats shown a reply keyboard (location request): the next plain message takes it away. */
  private readonly replyKeyboards = new Set<string>();
  private botUsername: string | undefined;

  constructor(private readonly options: TelegramChannelOptions) {
    // telegraf resolves `./bot<token>/<method>` against the root: without a final `/`, a root with
    // a path (a self-hosted server behind a prefix) would lose its last segment.
    const apiRoot = `${(options.apiRoot ?? OFFICIAL_BOT_API).replace(/\/+$/, '')}/`;
    this.bot = new Telegraf(options.token, {
      telegram: { apiRoot, webhookReply: false },
      handlerTimeout: 5 * 60_000,
    });
    this.bot.use((ctx) => this.process(ctx.update));
    // telegraf's default handler prints the update and sets the exit code; ours lets the caller decide.
    this.bot.catch((error) => {
      throw error;
    });
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ channel: 'telegram' });
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.files = new TelegramFiles({
      telegram: this.bot.telegram,
      token: options.token,
      apiRoot,
      documents: options.documents,
      maxBytes: this.maxFileBytes,
    });
    this.pacer = new TelegramPacer(options.pacing);
  }

  /** In webhook mode, what the route must check: its path and the secret Telegram presents. */
  get webhook(): { path: string; secret: string } | undefined {
    const hook = this.options.webhook;
    return hook ? { path: new URL(hook.url).pathname, secret: hook.secret } : undefined;
  }

  /** The bot's @username once connected (deep links are `https://t.me/<username>?start=<payload>`). */
  get username(): string | undefined {
    return this.botUsername;
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
    this.stopping = new AbortController();
    if (this.pacer.closed) this.pacer = new TelegramPacer(this.options.pacing);
    let connected = true;
    try {
      await this.connect();
    } catch (error) {
      if (error instanceof TelegramError && (error.code === 401 || error.code === 404)) {
        throw new ConfigError(
          `TELEGRAM_BOT_TOKEN (value hidden): Telegram refused the token (${error.code} ${error.description}). ` +
            'Copy it again from @BotFather (/mybots → your bot → API Token), or unset it to run without Telegram.',
          { cause: error },
        );
      }
      // Telegram out of reach must not keep the other channels from starting: keep trying behind.
      this.logger.warn(
        { err: describeError(error) },
        'Telegram is unreachable at start; retrying in the background',
      );
      connected = false;
    }
    if (!this.options.webhook || !connected) this.loop = this.run(connected);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = undefined;
    this.handler = undefined;
    this.pacer.close();
  }

  /**
   * One update from the webhook route. Resolves once it was accepted (or deliberately ignored);
   * rejects when it could not be, so the route answers an error and Telegram delivers it again.
   */
  async handleWebhookUpdate(update: unknown): Promise<void> {
    await this.bot.handleUpdate(update as Update);
  }

  async send(
    recipient: string,
    message: OutboundMessage,
    meta: { idempotencyKey: string },
  ): Promise<SendResult> {
    try {
      if (!/^-?\d{1,20}$/.test(recipient))
        return { ok: false, retryable: false, error: 'the recipient is not a Telegram chat id' };
      const calls = renderOutbound(message, {
        locationButtonLabel: this.options.locationButtonLabel ?? '📍',
      });
      const key = meta.idempotencyKey;
      let last: number | undefined;
      for (let part = this.partsSent.get(key) ?? 0; part < calls.length; part++) {
        const call = calls[part] as TelegramCall;
        const bytes = call.method === 'sendDocument' ? await this.documentBytes(call.ref) : undefined;
        if (bytes && !Buffer.isBuffer(bytes)) return bytes;
        const result = await this.pacer.run(recipient, () => this.perform(recipient, call, bytes));
        if (!result.ok) {
          if (!result.retryable) this.partsSent.delete(key);
          return result;
        }
        last = result.messageId;
        if (part + 1 < calls.length) this.rememberParts(key, part + 1);
      }
      this.partsSent.delete(key);
      return { ok: true, platformMessageId: last === undefined ? undefined : String(last) };
    } catch (error) {
      if (error instanceof PacerClosedError) return { ok: false, retryable: true, error: error.message };
      return toSendFailure(error);
    }
  }

  /** One Bot API call, with its outcome as data; a 429 also quiets the chat for `retry_after`. */
  private async perform(chatId: string, call: TelegramCall, bytes?: Buffer): Promise<Sent | Failed> {
    const signal = apiSignal(AbortSignal.timeout(this.options.sendTimeoutMs ?? 30_000));
    try {
      if (call.method === 'sendDocument') {
        const sent = await this.bot.telegram.callApi(
          'sendDocument',
          {
            chat_id: chatId,
            document: { source: bytes ?? Buffer.alloc(0), filename: call.fileName },
            caption: call.caption,
          },
          { signal },
        );
        return { ok: true, messageId: sent.message_id };
      }
      const removeKeyboard = call.replyMarkup === undefined && this.replyKeyboards.has(chatId);
      const sent = await this.bot.telegram.callApi(
        'sendMessage',
        {
          chat_id: chatId,
          text: call.text,
          reply_markup: removeKeyboard ? { remove_keyboard: true } : call.replyMarkup,
        },
        { signal },
      );
      if (call.replyMarkup && 'keyboard' in call.replyMarkup) this.replyKeyboards.add(chatId);
      else if (removeKeyboard) this.replyKeyboards.delete(chatId);
      return { ok: true, messageId: sent.message_id };
    } catch (error) {
      const failure = toSendFailure(error);
      if (failure.retryAfterMs !== undefined) this.pacer.hold(chatId, failure.retryAfterMs);
      if (!failure.retryable || failure.retryAfterMs !== undefined)
        this.logger.info({ error: failure.error, method: call.method }, 'telegram send refused');
      return failure;
    }
  }

  private async documentBytes(ref: string): Promise<Buffer | Failed> {
    try {
      return await this.options.documents.get(ref);
    } catch (error) {
      return {
        ok: false,
        retryable: false,
        error: `document ${ref.slice(0, 12)}… is not in the document store: ${(error as Error).message}`,
      };
    }
  }

  private rememberParts(key: string, count: number): void {
    if (!this.partsSent.has(key) && this.partsSent.size >= MAX_PARTIAL_SENDS) {
      const oldest = this.partsSent.keys().next();
      if (!oldest.done) this.partsSent.delete(oldest.value);
    }
    this.partsSent.set(key, count);
  }

  /** Checks the token and sets up the mode: a webhook with its secret, or none (for getUpdates). */
  private async connect(): Promise<void> {
    const telegram = this.bot.telegram;
    const me = await telegram.getMe();
    this.bot.botInfo = me;
    this.botUsername = me.username;
    const hook = this.options.webhook;
    if (hook) {
      await telegram.setWebhook(hook.url, {
        secret_token: hook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      });
    } else {
      // getUpdates refuses to work while a webhook is set; pending updates are kept.
      await telegram.deleteWebhook({ drop_pending_updates: false });
    }
    this.logger.info({ bot: me.username, mode: hook ? 'webhook' : 'polling' }, 'Telegram connected');
  }

  /**
   * The background loop: connects if start could not, then (polling mode) fetches updates and hands
   * them over one at a time, in order. The offset moves past an update only once it was handled;
   * a failure backs off and fetches again from the same update.
   */
  private async run(connected: boolean): Promise<void> {
    const signal = this.stopping.signal;
    const timeout = this.options.pollTimeoutSeconds ?? 50;
    let failures = 0;
    let fetched = false;
    while (!signal.aborted) {
      try {
        if (!connected) {
          await this.connect();
          connected = true;
        }
        if (this.options.webhook) return;
        const updates = await this.bot.telegram.callApi(
          'getUpdates',
          { offset: this.offset, timeout, allowed_updates: [...ALLOWED_UPDATES] },
          { signal: apiSignal(AbortSignal.any([signal, AbortSignal.timeout((timeout + 15) * 1000)])) },
        );
        fetched = true;
        for (const update of updates) {
          await this.bot.handleUpdate(update);
          this.offset = update.update_id + 1;
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const wait = backoffMs(error, failures);
        const level = failures >= 3 ? 'error' : 'warn';
        this.logger[level](
          { err: describeError(error), failures, retryInMs: wait, hint: hintFor(error) },
          connected ? 'Telegram polling failed' : 'Telegram connection failed',
        );
        await sleep(wait, signal);
      }
    }
    // Tell Telegram which updates are done, so a restart does not fetch them again.
    if (fetched && this.options.webhook === undefined) {
      await this.bot.telegram
        .callApi(
          'getUpdates',
          { offset: this.offset, limit: 1, timeout: 0 },
          { signal: apiSignal(AbortSignal.timeout(2000)) },
        )
        .catch(() => undefined);
    }
  }

  /** telegraf middleware: one update, mapped, its file fetched, handed to the spine. */
  private async process(update: unknown): Promise<void> {
    const handler = this.handler;
    if (!handler) throw new ChannelNotReceivingError();
    const mapped = mapUpdate(update, { maxFileBytes: this.maxFileBytes, now: new Date() });
    try {
      if (mapped.kind === 'ignore') {
        this.logger.debug({ reason: mapped.reason }, 'telegram update ignored');
        return;
      }
      const message = mapped.file
        ? { ...mapped.message, media: [await this.fetchFile(mapped.file)] }
        : mapped.message;
      const result = await handler(message);
      if (result.status === 'rejected')
        this.logger.warn({ issues: result.issues }, 'telegram message rejected');
    } finally {
      // Always answered: otherwise the person's app shows a spinner on the button for a while.
      if (mapped.callbackQueryId) await this.answerCallback(mapped.callbackQueryId);
    }
  }

  /**
   * Stores a file the person sent. A file over the limit, or one that cannot be fetched after three
   * tries, still reaches the spine as a media entry without `ref`, so the flow can ask again.
   */
  private async fetchFile(file: FileToFetch): Promise<InboundMedia> {
    for (let attempt = 1; ; attempt++) {
      try {
        const got = await this.files.fetch(file.fileId, {
          fileName: file.media.fileName,
          declaredMimeType: file.media.mimeType,
        });
        if ('tooLarge' in got) return { ...file.media, sizeBytes: got.sizeBytes ?? file.media.sizeBytes };
        const { ref, mimeType, sizeBytes } = got.stored;
        return { ...file.media, ref, mimeType, sizeBytes };
      } catch (error) {
        if (attempt >= 3) {
          this.logger.warn(
            { err: describeError(error) },
            'could not fetch a file from Telegram; passing the message on without it',
          );
          return file.media;
        }
        await sleep(500 * attempt, this.stopping.signal);
      }
    }
  }

  private async answerCallback(id: string): Promise<void> {
    try {
      await this.bot.telegram.callApi(
        'answerCallbackQuery',
        { callback_query_id: id },
        { signal: apiSignal(AbortSignal.timeout(10_000)) },
      );
    } catch (error) {
      // A redelivered press is too old to answer; nothing is lost.
      this.logger.debug({ err: describeError(error) }, 'callback query not answered');
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
