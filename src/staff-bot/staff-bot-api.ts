import type { InlineKeyboardButton } from '../telegram/bot-api-types';
import type { TelegramBot } from '../telegram/telegram-bot';
import { TelegramError } from '../telegram/telegram-errors';
import type { FetchedFile } from '../telegram/telegram-files';

export type InlineKeyboard = InlineKeyboardButton.CallbackButton[][];

/** Where a post goes in the staff group: a forum topic, and/or as a reply to a message. */
export interface PostOptions {
  threadId?: number | null;
  replyTo?: number | null;
  keyboard?: InlineKeyboard;
}

/**
 * The Bot API calls the staff bot makes, over the shared Telegram client. Every call that posts to a
 * chat (messages, documents, edits, new topics) is paced, so the group stays within 20 posts a minute
 * and a private chat within one a second; a 429 holds the chat for `retry_after` and the call is tried
 * again (the client is set up for three tries). Failures other than flood control are thrown as
 * `TelegramError`.
 */
export class StaffBotApi {
  constructor(private readonly bot: TelegramBot) {}

  /** Whether the group has forum topics (`is_forum`). */
  async isForum(chatId: number): Promise<boolean> {
    const chat = await this.bot.call('getChat', { chat_id: chatId });
    return 'is_forum' in chat && chat.is_forum === true;
  }

  async createForumTopic(chatId: number, name: string): Promise<number> {
    const topic = await this.bot.paced(chatId, () =>
      this.bot.call('createForumTopic', { chat_id: chatId, name: name.slice(0, 128) }),
    );
    return topic.message_thread_id;
  }

  /** Posts a text; returns its message id. */
  async sendText(chatId: number, text: string, options: PostOptions = {}): Promise<number> {
    const sent = await this.bot.paced(chatId, () =>
      this.bot.call('sendMessage', {
        chat_id: chatId,
        text,
        ...placement(options),
        ...(options.keyboard ? { reply_markup: { inline_keyboard: options.keyboard } } : {}),
      }),
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
    const sent = await this.bot.paced(chatId, () =>
      this.bot.call('sendDocument', {
        chat_id: chatId,
        document: { source: file.bytes, filename: file.fileName },
        caption: file.caption?.slice(0, 1024),
        ...placement(options),
      }),
    );
    return sent.message_id;
  }

  /** Rewrites a card (text and buttons). "Not modified" is not an error: the card already says it. */
  async editCard(chatId: number, messageId: number, text: string, keyboard: InlineKeyboard): Promise<void> {
    try {
      await this.bot.paced(chatId, () =>
        this.bot.call('editMessageText', {
          chat_id: chatId,
          message_id: messageId,
          text,
          reply_markup: { inline_keyboard: keyboard },
        }),
      );
    } catch (error) {
      if (error instanceof TelegramError && /not modified/i.test(error.description)) return;
      throw error;
    }
  }

  /** Answers a button press (the text pops up for the person who pressed it). Never throws. */
  async answerCallback(id: string, text?: string, alert = false): Promise<void> {
    try {
      await this.bot.call('answerCallbackQuery', {
        callback_query_id: id,
        ...(text ? { text: text.slice(0, 200), show_alert: alert } : {}),
      });
    } catch {
      // A press answered too late (a redelivered update) has nothing left to answer.
    }
  }

  /** Downloads a file staff sent into the document store. */
  fetchFile(fileId: string, meta: { fileName?: string; declaredMimeType?: string }): Promise<FetchedFile> {
    return this.bot.fetchFile(fileId, meta);
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
