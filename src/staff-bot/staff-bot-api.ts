import { Telegram, TelegramError } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
// The beneficiary adapter's pacer and file fetcher serve any bot: reused rather than copied, so one
// place knows Telegram's limits and how to download a file safely.
import { TelegramFiles, type FetchedFile } from '../channels/telegram/telegram-files';
import { TelegramPacer, type PacingOptions } from '../channels/telegram/telegram-pacer';
import type { DocumentStore } from '../documents/document-store';

export type InlineKeyboard = InlineKeyboardButton.CallbackButton[][];

/** Where a post goes in the staff group: a forum topic, and/or as a reply to a message. */
export interface PostOptions {
  threadId?: number | null;
  replyTo?: number | null;
  keyboard?: InlineKeyboard;
}

export interface StaffBotApiOptions {
  token: string;
  apiRoot: string;
  documents: DocumentStore;
  /** Telegram's limits by default (20 messages a minute in a group). */
  pacing?: Partial<PacingOptions>;
  maxFileBytes?: number;
  /** How long one call may take, in ms (default 30 s). */
  timeoutMs?: number;
}

type ApiSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];
/** telegraf types its signal with the `abort-controller` polyfill; Node's own is what it gets at runtime. */
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

/** How many times a call refused with 429 is tried again (after Telegram's `retry_after`). */
const FLOOD_RETRIES = 3;

/**
 * The Bot API calls the staff bot makes, over telegraf's client. Every call that posts to a chat
 * (messages, documents, edits, new topics) goes through the pacer, so the group stays within 20 posts a
 * minute and a private chat within one a second; a 429 holds the chat for `retry_after` and the call is
 * tried again. Failures other than flood control are thrown as telegraf's `TelegramError`.
 */
export class StaffBotApi {
  readonly telegram: Telegram;
  private readonly pacer: TelegramPacer;
  private readonly files: TelegramFiles;
  private readonly timeoutMs: number;

  constructor(options: StaffBotApiOptions) {
    const apiRoot = `${options.apiRoot.replace(/\/+$/, '')}/`;
    this.telegram = new Telegram(options.token, { apiRoot, webhookReply: false });
    this.pacer = new TelegramPacer(options.pacing);
    this.files = new TelegramFiles({
      telegram: this.telegram,
      token: options.token,
      apiRoot,
      documents: options.documents,
      maxBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  close(): void {
    this.pacer.close();
  }

  private signal(): ApiSignal {
    return apiSignal(AbortSignal.timeout(this.timeoutMs));
  }

  getMe() {
    return this.telegram.callApi('getMe', {}, { signal: this.signal() });
  }

  /** Whether the group has forum topics (`is_forum`). */
  async isForum(chatId: number): Promise<boolean> {
    const chat = await this.telegram.callApi('getChat', { chat_id: chatId }, { signal: this.signal() });
    return 'is_forum' in chat && chat.is_forum === true;
  }

  /** getUpdates cannot run while a webhook is set; pending updates are kept. */
  deleteWebhook() {
    return this.telegram.callApi('deleteWebhook', { drop_pending_updates: false }, { signal: this.signal() });
  }

  getUpdates(offset: number, timeoutSeconds: number, signal: AbortSignal) {
    return this.telegram.callApi(
      'getUpdates',
      { offset, timeout: timeoutSeconds, allowed_updates: ['message', 'callback_query'] },
      { signal: apiSignal(AbortSignal.any([signal, AbortSignal.timeout((timeoutSeconds + 15) * 1000)])) },
    );
  }

  async createForumTopic(chatId: number, name: string): Promise<number> {
    const topic = await this.paced(chatId, () =>
      this.telegram.callApi(
        'createForumTopic',
        { chat_id: chatId, name: name.slice(0, 128) },
        { signal: this.signal() },
      ),
    );
    return topic.message_thread_id;
  }

  /** Posts a text; returns its message id. */
  async sendText(chatId: number, text: string, options: PostOptions = {}): Promise<number> {
    const sent = await this.paced(chatId, () =>
      this.telegram.callApi(
        'sendMessage',
        {
          chat_id: chatId,
          text,
          ...placement(options),
          ...(options.keyboard ? { reply_markup: { inline_keyboard: options.keyboard } } : {}),
        },
        { signal: this.signal() },
      ),
    );
    return sent.message_id;
  }

  /**
   * A private message to a staff member (their Telegram user id is their private chat's id). Telegram
   * refuses it (403 "bot can't initiate conversation", or 400 "chat not found") until the person has
   * opened the bot and pressed Start: see `isChatNotStarted`.
   */
  async sendPrivate(userId: number, text: string): Promise<number> {
    return this.sendText(userId, text);
  }

  /** Posts a file as a document (kept as sent, not recompressed); returns its message id. */
  async sendDocument(
    chatId: number,
    file: { bytes: Buffer; fileName: string; caption?: string },
    options: PostOptions = {},
  ): Promise<number> {
    const sent = await this.paced(chatId, () =>
      this.telegram.callApi(
        'sendDocument',
        {
          chat_id: chatId,
          document: { source: file.bytes, filename: file.fileName },
          caption: file.caption?.slice(0, 1024),
          ...placement(options),
        },
        { signal: this.signal() },
      ),
    );
    return sent.message_id;
  }

  /** Rewrites a card (text and buttons). "Not modified" is not an error: the card already says it. */
  async editCard(chatId: number, messageId: number, text: string, keyboard: InlineKeyboard): Promise<void> {
    try {
      await this.paced(chatId, () =>
        this.telegram.callApi(
          'editMessageText',
          { chat_id: chatId, message_id: messageId, text, reply_markup: { inline_keyboard: keyboard } },
          { signal: this.signal() },
        ),
      );
    } catch (error) {
      if (error instanceof TelegramError && /not modified/i.test(error.description)) return;
      throw error;
    }
  }

  /** Answers a button press (the text pops up for the person who pressed it). Never throws. */
  async answerCallback(id: string, text?: string, alert = false): Promise<void> {
    try {
      await this.telegram.callApi(
        'answerCallbackQuery',
        { callback_query_id: id, ...(text ? { text: text.slice(0, 200), show_alert: alert } : {}) },
        { signal: this.signal() },
      );
    } catch {
      // A press answered too late (a redelivered update) has nothing left to answer.
    }
  }

  /** Downloads a file staff sent into the document store. */
  fetchFile(fileId: string, meta: { fileName?: string; declaredMimeType?: string }): Promise<FetchedFile> {
    return this.files.fetch(fileId, meta);
  }

  private async paced<T>(chatId: number, call: () => Promise<T>): Promise<T> {
    const lane = String(chatId);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pacer.run(lane, call);
      } catch (error) {
        const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        if (error instanceof TelegramError && error.code === 429 && attempt < FLOOD_RETRIES) {
          this.pacer.hold(lane, Math.max(1, retryAfter ?? 1) * 1000);
          continue;
        }
        throw error;
      }
    }
  }
}

function placement(options: PostOptions) {
  return {
    ...(options.threadId ? { message_thread_id: options.threadId } : {}),
    ...(options.replyTo
      ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
      : {}),
  };
}

/**
 * Whether Telegram refused a private message because the person never started the bot (or blocked
 * it): only they can fix it, by opening the bot and pressing Start.
 */
export function isChatNotStarted(error: unknown): boolean {
  if (!(error instanceof TelegramError)) return false;
  if (error.code === 403) return true;
  return error.code === 400 && /chat not found/i.test(error.description);
}
