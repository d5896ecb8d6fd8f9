import { setTimeout as sleep } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { ConfigError } from '../../config/config-error';
import type { DocumentStore } from '../../documents/document-store';
import type { InboundMedia } from '../../domain/inbound-message';
import type { OutboundMessage } from '../../domain/outbound-message';
import { describeError, TelegramError } from '../../telegram/telegram-errors';
import { TelegramBot } from '../../telegram/telegram-bot';
import { PacerClosedError, type PacingOptions } from '../../telegram/telegram-pacer';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { mapUpdate, type FileToFetch } from './map-update';
import { renderOutbound, TELEGRAM_MAX_TEXT, type TelegramCall } from './render-outbound';
import { toSendFailure } from './send-failure';

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
  /**
   * How long one Bot API call may take before it counts as failed, in ms (a send is then retried).
   * Default 30 s.
   */
  sendTimeoutMs?: number;
  /**
   * The label of the "share my location" button. A pin by default: the adapter does not know the
   * person's language, and the message above the button already says what to do.
   */
  locationButtonLabel?: string;
}

type Sent = { ok: true; messageId: number };
type Failed = Extract<SendResult, { ok: false }>;

/** Parts of a split message already delivered, per idempotency key: a retry sends only the rest. */
const MAX_PARTIAL_SENDS = 10_000;

/**
 * The beneficiary-facing Telegram bot, over the shared Telegram client (`src/telegram/`). Long
 * polling by default, a webhook with a secret when configured. Updates from private chats become
 * `InboundMessage`s (see `mapUpdate`); files are fetched into the document store first. Outgoing
 * messages are rendered for Telegram (inline keyboards for choices) and paced to Telegram's limits.
 *
 * An update counts as handled only once the spine has accepted it: in polling mode the offset moves
 * past an update only after that, and in webhook mode the route answers 200 only after that, so a
 * crash or a database outage makes Telegram deliver it again (the spine drops duplicates by id).
 */
export class TelegramChannel implements ChannelAdapter {
  readonly name = 'telegram' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: false, maxTextLength: TELEGRAM_MAX_TEXT };
  private readonly bot: TelegramBot;
  private readonly logger: Logger;
  private readonly maxFileBytes: number;
  private stopping = new AbortController();
  private readonly partsSent = new Map<string, number>();
  /** Chats shown a reply keyboard (location request): the next plain message takes it away. */
  private readonly replyKeyboards = new Set<string>();

  constructor(private readonly options: TelegramChannelOptions) {
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ channel: 'telegram' });
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.bot = new TelegramBot({
      token: options.token,
      apiRoot: options.apiRoot,
      webhook: options.webhook,
      name: 'Telegram',
      variables: { token: 'TELEGRAM_BOT_TOKEN', webhookUrl: 'TELEGRAM_WEBHOOK_URL' },
      logger: this.logger,
      pacing: options.pacing,
      // A 429 goes back to the outbound worker with its retry_after: the outbox retries the message.
      floodRetries: 0,
      pollTimeoutSeconds: options.pollTimeoutSeconds,
      callTimeoutMs: options.sendTimeoutMs,
      documents: options.documents,
      maxFileBytes: this.maxFileBytes,
      fatal: (error) =>
        error instanceof TelegramError && (error.code === 401 || error.code === 404)
          ? new ConfigError(
              `TELEGRAM_BOT_TOKEN (value hidden): Telegram refused the token (${error.code} ${error.description}). ` +
                'Copy it again from @BotFather (/mybots → your bot → API Token), or unset it to run without Telegram.',
              { cause: error },
            )
          : undefined,
    });
  }

  /** In webhook mode, what the route must check: its path and the secret Telegram presents. */
  get webhook(): { path: string; secret: string } | undefined {
    return this.bot.webhook;
  }

  /** The bot's @username once connected (deep links are `https://t.me/<username>?start=<payload>`). */
  get username(): string | undefined {
    return this.bot.username;
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.stopping = new AbortController();
    await this.bot.start((update) => this.process(update, onMessage));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.bot.stop();
  }

  /**
   * One update from the webhook route. Resolves once it was accepted (or deliberately ignored);
   * rejects when it could not be, so the route answers an error and Telegram delivers it again.
   */
  handleWebhookUpdate(update: unknown): Promise<void> {
    return this.bot.handleWebhookUpdate(update);
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
        const result = await this.deliver(recipient, call, bytes);
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
      return toSendFailure(error);
    }
  }

  /** One Bot API call, paced, with its outcome as data (a 429 has already quieted the chat). */
  private async deliver(chatId: string, call: TelegramCall, bytes?: Buffer): Promise<Sent | Failed> {
    try {
      return { ok: true, messageId: await this.bot.paced(chatId, () => this.perform(chatId, call, bytes)) };
    } catch (error) {
      if (error instanceof PacerClosedError) return { ok: false, retryable: true, error: error.message };
      const failure = toSendFailure(error);
      if (!failure.retryable || failure.retryAfterMs !== undefined)
        this.logger.info({ error: failure.error, method: call.method }, 'telegram send refused');
      return failure;
    }
  }

  /** Sends one rendered call; returns the message id Telegram gave it. */
  private async perform(chatId: string, call: TelegramCall, bytes?: Buffer): Promise<number> {
    if (call.method === 'sendDocument') {
      const sent = await this.bot.call('sendDocument', {
        chat_id: chatId,
        document: { source: bytes ?? Buffer.alloc(0), filename: call.fileName },
        caption: call.caption,
      });
      return sent.message_id;
    }
    const removeKeyboard = call.replyMarkup === undefined && this.replyKeyboards.has(chatId);
    const sent = await this.bot.call('sendMessage', {
      chat_id: chatId,
      text: call.text,
      reply_markup: removeKeyboard ? { remove_keyboard: true } : call.replyMarkup,
    });
    if (call.replyMarkup && 'keyboard' in call.replyMarkup) this.replyKeyboards.add(chatId);
    else if (removeKeyboard) this.replyKeyboards.delete(chatId);
    return sent.message_id;
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

  /** One update: mapped, its file fetched, handed to the spine; resolves once the spine accepted it. */
  private async process(update: unknown, handler: InboundHandler): Promise<void> {
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
        const got = await this.bot.fetchFile(file.fileId, {
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
        await sleep(500 * attempt, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async answerCallback(id: string): Promise<void> {
    try {
      await this.bot.call('answerCallbackQuery', { callback_query_id: id }, 10_000);
    } catch (error) {
      // A redelivered press is too old to answer; nothing is lost.
      this.logger.debug({ err: describeError(error) }, 'callback query not answered');
    }
  }
}
