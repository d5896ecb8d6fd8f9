/**
 * A local stand-in for the Telegram Bot API: a real HTTP server on 127.0.0.1 (random port) that
 * telegraf talks to through `apiRoot`, so the Telegram adapter is exercised over real HTTP.
 *
 * ```ts
 * const api = await FakeTelegramApi.start();
 * const channel = new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, documents });
 * api.sendText(1001, 'السلام عليكم');                  // the person writes
 * const [reply] = await api.waitForSent(1001, 1);      // what the bot sent them
 * api.pressButton(1001, reply.buttons[0].data);        // they press a button
 * ```
 *
 * Methods: getMe, getUpdates (offset confirmation, `timeout` long polling, 409 while a webhook is
 * set), setWebhook / deleteWebhook / getWebhookInfo, sendMessage, sendDocument / sendPhoto (multipart),
 * answerCallbackQuery (its text and alert flag are kept), getFile + `/file/bot<token>/<file_path>`,
 * sendChatAction, getChat, and for staff groups createForumTopic, `message_thread_id`,
 * `reply_parameters` / `reply_to_message_id`, editMessageText and editMessageReplyMarkup. With a
 * webhook set, updates are POSTed to its URL with `X-Telegram-Bot-Api-Secret-Token`, one at a time, in
 * order, and retried until the receiver answers 2xx.
 *
 * Staff groups (the staff bot): `addGroup(-100…, { forum })` makes a supergroup, with forum
 * topics or without (then createForumTopic answers 400 as Telegram does); `postInGroup` is a member
 * writing in it (in a topic, or as a reply), `pressButton(group, data, messageId, { from })` a member
 * pressing a button under a message the bot posted there.
 *
 * Flood control as Telegram documents it (1 message/s per chat, 20/min per group, 30/s overall), each
 * limit configurable or off (`limits: false`): a send over a limit gets HTTP 429
 * `{ ok: false, error_code: 429, parameters: { retry_after } }` and is not delivered.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimit {
  max: number;
  windowMs: number;
}
export interface FakeTelegramLimits {
  perChat: RateLimit;
  group: RateLimit;
  global: RateLimit;
}
export const TELEGRAM_LIMITS: Readonly<FakeTelegramLimits> = {
  perChat: { max: 1, windowMs: 1000 },
  group: { max: 20, windowMs: 60_000 },
  global: { max: 30, windowMs: 1000 },
};

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** Telegram's limits by default; `false` turns flood control off. */
  limits?: Partial<FakeTelegramLimits> | false;
}

export interface SentButton {
  text: string;
  data?: string;
  requestLocation?: boolean;
}

/** A message the bot delivered, as the person's app would show it. */
export interface SentMessage {
  method: 'sendMessage' | 'sendDocument' | 'sendPhoto';
  chatId: number;
  messageId: number;
  /** The text, or the document's caption. */
  text: string;
  /** Inline keyboard buttons (one per row flattened), or reply keyboard buttons. */
  buttons: SentButton[];
  replyMarkup?: Record<string, unknown>;
  document?: { fileName: string; bytes: Buffer };
  /** The forum topic it was posted in (`message_thread_id`), in a staff group with topics. */
  threadId?: number;
  /** The message it replies to (`reply_parameters.message_id` or `reply_to_message_id`). */
  replyTo?: number;
  /** When the request arrived (ms since epoch). */
  at: number;
}

/** How the bot answered a button press. */
export interface CallbackAnswer {
  id: string;
  text?: string;
  showAlert: boolean;
}

/** A supergroup the bot is in (a staff group): with forum topics or without. */
export interface FakeGroup {
  id: number;
  title: string;
  forum: boolean;
  /** Topics created so far: thread id → name. */
  topics: Map<number, string>;
}

/** What a group member posts: a text, or a photo or document with an optional caption. */
export type GroupContent =
  | { text: string }
  | { photo: Buffer; caption?: string }
  | { document: Buffer; fileName?: string; mimeType?: string; caption?: string };

export type FakeFailure =
  'retryable' | 'permanent' | { status?: number; code: number; description: string; retryAfter?: number };

interface StoredFile {
  bytes: Buffer;
  path: string;
  size: number;
}

interface PollWaiter {
  offset: number;
  limit: number;
  respond: (status: number, body: unknown) => void;
}

type Params = Record<string, unknown>;
type Update = Record<string, unknown> & { update_id: number };

const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'sendVoice', 'sendLocation']);
const MAX_GET_FILE_BYTES = 20 * 1024 * 1024;

export class FakeTelegramApi {
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;
  /** Every Bot API call, in arrival order (method and time), for assertions on what telegraf did. */
  readonly calls: { method: string; at: number; params: Params }[] = [];
  /** Callback query ids the bot answered. */
  readonly answeredCallbacks: string[] = [];
  /** Every answer to a button press, with the text shown to the person who pressed it. */
  readonly callbackAnswers: CallbackAnswer[] = [];
  /** Every accepted edit (editMessageText / editMessageReplyMarkup), in arrival order. */
  readonly edits: { chatId: number; messageId: number; method: string; at: number }[] = [];
  /** Sends refused with 429 by the flood control. */
  tooManyRequests = 0;
  /** Every refused send (flood control, `failNextSend`, blocked chats): chat and error code. */
  readonly refused: { chatId: number; code: number; at: number }[] = [];
  /** What each webhook POST got back: `{ updateId, status }`. */
  readonly webhookDeliveries: { updateId: number; status: number }[] = [];
  webhook: { url: string; secretToken?: string; allowedUpdates?: unknown } | undefined;

  private readonly server: http.Server;
  private readonly limits: FakeTelegramLimits | false;
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly pending: Update[] = [];
  private readonly sentByChat = new Map<number, SentMessage[]>();
  private readonly sendTimes = { all: [] as number[], byChat: new Map<number, number[]>() };
  private readonly files = new Map<string, StoredFile>();
  private readonly messageIds = new Map<number, number>();
  private readonly openCallbacks = new Set<string>();
  private readonly failures: { failure: FakeFailure; chatId?: number; after: number }[] = [];
  private readonly blocked = new Set<number>();
  private readonly groups = new Map<number, FakeGroup>();
  private waiter: PollWaiter | undefined;
  /** Settles when the send that arrived last has been judged (see `route`). */
  private sendTurn: Promise<void> = Promise.resolve();
  private nextUpdateId = 1;
  private nextFile = 1;
  private pumping = false;
  private closed = false;

  private constructor(options: FakeTelegramOptions) {
    this.botId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000);
    this.token = options.token ?? `${this.botId}:${randomBytes(18).toString('base64url')}`;
    this.botUsername = options.botUsername ?? 'tawasul_test_bot';
    this.limits = options.limits === false ? false : { ...TELEGRAM_LIMITS, ...options.limits };
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) reply(res, 500, { ok: false, error_code: 500, description: String(error) });
      });
    });
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramApi> {
    const api = new FakeTelegramApi(options);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The `apiRoot` to give telegraf. */
  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiter?.respond(200, { ok: true, result: [] });
    this.waiter = undefined;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── The person's side: updates ───────────────────────────────────────────────────────────────

  /** The person in private chat `chatId` sends a text (`/start <payload>` for a deep link). */
  sendText(chatId: number, text: string, from: Partial<TelegramUser> = {}): Update {
    return this.pushMessage(chatId, { text }, from);
  }

  /** A photo, listed in two sizes like Telegram does (a thumbnail and the full image). */
  sendPhoto(
    chatId: number,
    bytes: Buffer,
    options: { caption?: string; declaredSize?: number } = {},
  ): Update {
    const thumb = this.addFile(bytes.subarray(0, Math.min(64, bytes.length)), 'photos', '.jpg');
    const full = this.addFile(bytes, 'photos', '.jpg', options.declaredSize);
    return this.pushMessage(chatId, {
      caption: options.caption,
      photo: [
        { file_id: thumb.id, file_unique_id: `u${thumb.id}`, width: 90, height: 67, file_size: thumb.size },
        { file_id: full.id, file_unique_id: `u${full.id}`, width: 1280, height: 960, file_size: full.size },
      ],
    });
  }

  sendDocument(
    chatId: number,
    bytes: Buffer,
    options: { fileName?: string; mimeType?: string; caption?: string; declaredSize?: number } = {},
  ): Update {
    const file = this.addFile(bytes, 'documents', '', options.declaredSize);
    return this.pushMessage(chatId, {
      caption: options.caption,
      document: {
        file_id: file.id,
        file_unique_id: `u${file.id}`,
        file_name: options.fileName ?? 'file.pdf',
        mime_type: options.mimeType ?? 'application/pdf',
        file_size: file.size,
      },
    });
  }

  sendVoice(chatId: number, bytes: Buffer, durationSeconds = 3): Update {
    const file = this.addFile(bytes, 'voice', '.oga');
    return this.pushMessage(chatId, {
      voice: {
        file_id: file.id,
        file_unique_id: `u${file.id}`,
        duration: durationSeconds,
        mime_type: 'audio/ogg',
        file_size: file.size,
      },
    });
  }

  sendSticker(chatId: number, emoji = '👍'): Update {
    const id = `sticker${this.nextFile++}`;
    return this.pushMessage(chatId, {
      sticker: {
        file_id: id,
        file_unique_id: `u${id}`,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji,
        file_size: 12_000,
      },
    });
  }

  sendLocation(chatId: number, latitude: number, longitude: number): Update {
    return this.pushMessage(chatId, { location: { latitude, longitude } });
  }

  /** The person edits message `messageId` (an `edited_message` update). */
  editText(chatId: number, messageId: number, text: string): Update {
    const now = Math.floor(Date.now() / 1000);
    return this.push({
      edited_message: {
        message_id: messageId,
        date: now - 5,
        edit_date: now,
        chat: privateChat(chatId),
        from: user(chatId),
        text,
      },
    });
  }

  /** A message in a group (negative id) or a channel post: not for the beneficiary bot. */
  sendGroupText(groupId: number, fromId: number, text: string): Update {
    return this.push({
      message: {
        message_id: this.nextMessageId(groupId),
        date: Math.floor(Date.now() / 1000),
        chat: { id: groupId, type: 'group', title: 'Staff' },
        from: user(fromId),
        text,
      },
    });
  }

  /**
   * The person presses the button with callback data `data` under the bot's latest message that
   * has it (or under message `messageId`). Returns the callback query id.
   */
  pressButton(chatId: number, data: string, messageId?: number, options: { from?: number } = {}): string {
    const sent = [...(this.sentByChat.get(chatId) ?? [])]
      .reverse()
      .find(
        (m) =>
          (messageId === undefined || m.messageId === messageId) && m.buttons.some((b) => b.data === data),
      );
    const id = `${this.botId}${this.nextUpdateId}${randomBytes(3).toString('hex')}`;
    this.openCallbacks.add(id);
    this.push({
      callback_query: {
        id,
        from: user(options.from ?? chatId),
        chat_instance: `ci${chatId}`,
        data,
        message: {
          message_id: sent?.messageId ?? messageId ?? this.nextMessageId(chatId),
          date: Math.floor((sent?.at ?? Date.now()) / 1000),
          chat: this.chatObject(chatId),
          ...(sent?.threadId === undefined
            ? {}
            : { message_thread_id: sent.threadId, is_topic_message: true }),
          from: { id: this.botId, is_bot: true, first_name: 'Tawasul', username: this.botUsername },
          text: sent?.text ?? '',
          reply_markup: sent?.replyMarkup,
        },
      },
    });
    return id;
  }

  // ── Staff groups ─────────────────────────────────────────────────────────────────────────────

  /** Adds the bot to supergroup `groupId` (negative, e.g. -1001234567890), with forum topics or not. */
  addGroup(groupId: number, options: { forum?: boolean; title?: string } = {}): FakeGroup {
    const group: FakeGroup = {
      id: groupId,
      title: options.title ?? 'Staff',
      forum: options.forum ?? true,
      topics: new Map(),
    };
    this.groups.set(groupId, group);
    return group;
  }

  group(groupId: number): FakeGroup | undefined {
    return this.groups.get(groupId);
  }

  /**
   * Member `fromId` writes in group `groupId`: in forum topic `threadId`, and/or as a reply to
   * message `replyTo` (a message the bot sent there, or one a member posted).
   */
  postInGroup(
    groupId: number,
    fromId: number,
    content: GroupContent,
    options: { threadId?: number; replyTo?: number; firstName?: string } = {},
  ): Update {
    let body: Record<string, unknown>;
    if ('text' in content) {
      body = { text: content.text };
    } else if ('photo' in content) {
      const full = this.addFile(content.photo, 'photos', '.jpg');
      body = {
        caption: content.caption,
        photo: [
          { file_id: full.id, file_unique_id: `u${full.id}`, width: 1280, height: 960, file_size: full.size },
        ],
      };
    } else {
      const file = this.addFile(content.document, 'documents', '');
      body = {
        caption: content.caption,
        document: {
          file_id: file.id,
          file_unique_id: `u${file.id}`,
          file_name: content.fileName ?? 'file.pdf',
          mime_type: content.mimeType ?? 'application/pdf',
          file_size: file.size,
        },
      };
    }
    const repliedTo =
      options.replyTo === undefined
        ? undefined
        : this.sent(groupId).find((m) => m.messageId === options.replyTo);
    return this.push({
      message: {
        message_id: this.nextMessageId(groupId),
        date: Math.floor(Date.now() / 1000),
        chat: this.chatObject(groupId),
        from: { ...user(fromId), ...(options.firstName ? { first_name: options.firstName } : {}) },
        ...(options.threadId === undefined
          ? {}
          : { message_thread_id: options.threadId, is_topic_message: true }),
        ...(options.replyTo === undefined
          ? {}
          : {
              reply_to_message: {
                message_id: options.replyTo,
                date: Math.floor((repliedTo?.at ?? Date.now()) / 1000),
                chat: this.chatObject(groupId),
                ...(repliedTo
                  ? {
                      from: {
                        id: this.botId,
                        is_bot: true,
                        first_name: 'Tawasul',
                        username: this.botUsername,
                      },
                      text: repliedTo.text,
                    }
                  : {}),
              },
            }),
        ...body,
      },
    });
  }

  /** Resolves with what `check` returns once it returns something (after any change: a send, an edit…). */
  waitUntil<T>(check: () => T | undefined, timeoutMs = 15_000, why = 'condition'): Promise<T> {
    return this.waitFor(check, timeoutMs, () => `${why} not met within ${timeoutMs} ms`);
  }

  /** Any update, as given (an `update_id` is added). */
  injectUpdate(update: Record<string, unknown>): Update {
    return this.push(update);
  }

  // ── The bot's side: what it sent ─────────────────────────────────────────────────────────────

  sent(chatId: number): SentMessage[] {
    return [...(this.sentByChat.get(chatId) ?? [])];
  }

  /** Every delivered message, in arrival order. */
  allSent(): SentMessage[] {
    return [...this.sentByChat.values()].flat().sort((a, b) => a.at - b.at);
  }

  /** Resolves with the chat's messages once there are at least `count`. */
  waitForSent(chatId: number, count: number, timeoutMs = 15_000): Promise<SentMessage[]> {
    return this.waitFor(
      () => (this.sent(chatId).length >= count ? this.sent(chatId) : undefined),
      timeoutMs,
      () => `chat ${chatId} got ${this.sent(chatId).length} of ${count} messages within ${timeoutMs} ms`,
    );
  }

  /** Resolves once the bot answered callback query `id`. */
  waitForCallbackAnswer(id: string, timeoutMs = 15_000): Promise<void> {
    return this.waitFor(
      () => (this.answeredCallbacks.includes(id) ? true : undefined),
      timeoutMs,
      () => `callback query ${id} not answered within ${timeoutMs} ms`,
    ).then(() => undefined);
  }

  /** Resolves once no update is waiting for the bot (fetched by getUpdates, or delivered by webhook). */
  waitForDrained(timeoutMs = 15_000): Promise<void> {
    return this.waitFor(
      () => (this.pending.length === 0 ? true : undefined),
      timeoutMs,
      () => `${this.pending.length} updates still pending after ${timeoutMs} ms`,
    ).then(() => undefined);
  }

  /** The most sends that arrived within any window of `windowMs` (for one chat, or all). */
  peakSends(windowMs: number, chatId?: number): number {
    const times = (
      chatId === undefined ? this.sendTimes.all : (this.sendTimes.byChat.get(chatId) ?? [])
    ).slice();
    times.sort((a, b) => a - b);
    let peak = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }

  /**
   * Makes the next send (to `chatId`, or to anyone) fail: 'retryable' is a 500, 'permanent' a 403
   * block. `after` lets that many sends through first (to fail the second part of a split message).
   */
  failNextSend(failure: FakeFailure, chatId?: number, after = 0): void {
    this.failures.push({ failure, chatId, after });
  }

  /** The person blocks the bot: every send to them gets 403 from now on. */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────────────

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.download(res, file[1] ?? '', decodeURIComponent(file[2] ?? ''));
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!call) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (call[1] !== this.token)
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = call[2] ?? '';
    if (SEND_METHODS.has(method)) {
      // Sends are judged in the order they arrived, each against the sends before it, as Telegram
      // does: a body read faster must not let a later send be counted in an earlier one's second.
      const previous = this.sendTurn;
      let judged!: () => void;
      this.sendTurn = new Promise((resolve) => (judged = resolve));
      try {
        const params = await readParams(req, url);
        await previous;
        this.calls.push({ method, at, params });
        return this.send(res, method, params, at);
      } finally {
        judged();
      }
    }
    const params = await readParams(req, url);
    this.calls.push({ method, at, params });
    switch (method) {
      case 'getMe':
        return ok(res, {
          id: this.botId,
          is_bot: true,
          first_name: 'Tawasul Test',
          username: this.botUsername,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'getUpdates':
        return this.getUpdates(res, params);
      case 'setWebhook':
        this.webhook = {
          url: String(params.url ?? ''),
          secretToken: params.secret_token === undefined ? undefined : String(params.secret_token),
          allowedUpdates: params.allowed_updates,
        };
        this.waiter?.respond(409, conflict('terminated by setWebhook request'));
        this.waiter = undefined;
        void this.pump();
        return ok(res, true);
      case 'deleteWebhook':
        this.webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true')
          this.pending.length = 0;
        return ok(res, true);
      case 'getWebhookInfo':
        return ok(res, {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.pending.length,
        });
      case 'answerCallbackQuery': {
        const id = String(params.callback_query_id ?? '');
        if (!this.openCallbacks.delete(id)) {
          return reply(res, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
          });
        }
        this.answeredCallbacks.push(id);
        this.callbackAnswers.push({
          id,
          text: typeof params.text === 'string' ? params.text : undefined,
          showAlert: params.show_alert === true || params.show_alert === 'true',
        });
        this.events.emit('change');
        return ok(res, true);
      }
      case 'getChat': {
        const chatId = Number(params.chat_id);
        const group = this.groups.get(chatId);
        if (group) return ok(res, { ...this.chatObject(chatId), is_forum: group.forum || undefined });
        if (chatId > 0) return ok(res, privateChat(chatId));
        return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
      }
      case 'createForumTopic':
        return this.createForumTopic(res, params, at);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(res, method, params, at);
      case 'getFile': {
        const id = String(params.file_id ?? '');
        const stored = this.files.get(id);
        if (!stored)
          return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        if (stored.size > MAX_GET_FILE_BYTES)
          return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: file is too big' });
        return ok(res, {
          file_id: id,
          file_unique_id: `u${id}`,
          file_size: stored.size,
          file_path: stored.path,
        });
      }
      case 'sendChatAction':
        return ok(res, true);
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private send(res: http.ServerResponse, method: string, params: Params, at: number): void {
    const chatId = Number(params.chat_id);
    if (!Number.isSafeInteger(chatId))
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const planned = this.failures.find((f) => f.chatId === undefined || f.chatId === chatId);
    if (planned && planned.after-- <= 0) {
      this.failures.splice(this.failures.indexOf(planned), 1);
      return this.fail(res, planned.failure, chatId, at);
    }
    if (this.blocked.has(chatId)) return this.fail(res, 'permanent', chatId, at);
    const limited = this.overLimit(chatId, at);
    if (limited !== undefined) {
      this.tooManyRequests++;
      this.refused.push({ chatId, code: 429, at });
      return reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${limited}`,
        parameters: { retry_after: limited },
      });
    }

    const threadId = params.message_thread_id === undefined ? undefined : Number(params.message_thread_id);
    const group = this.groups.get(chatId);
    if (threadId !== undefined && (!group?.forum || !group.topics.has(threadId)))
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message thread not found',
      });
    const replyTo = replyTarget(params);
    if (replyTo !== undefined && !this.sent(chatId).some((m) => m.messageId === replyTo) && !group)
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message to be replied not found',
      });

    const replyMarkup = parseMarkup(params.reply_markup);
    const buttons = buttonsOf(replyMarkup);
    const tooLongData = buttons.find((b) => b.data !== undefined && Buffer.byteLength(b.data) > 64);
    if (tooLongData)
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
    let text: string;
    let document: SentMessage['document'];
    if (method === 'sendDocument' || method === 'sendPhoto') {
      const part = method === 'sendPhoto' ? params.photo : params.document;
      if (!(part instanceof FilePart))
        return reply(res, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: there is no document in the request',
        });
      document = { fileName: part.name, bytes: part.bytes };
      text = typeof params.caption === 'string' ? params.caption : '';
      if (text.length > 1024)
        return reply(res, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: message caption is too long',
        });
    } else {
      text = typeof params.text === 'string' ? params.text : '';
      if (text.trim() === '')
        return reply(res, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: message text is empty',
        });
      if (text.length > 4096)
        return reply(res, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: message is too long',
        });
    }

    const message: SentMessage = {
      method: method === 'sendDocument' || method === 'sendPhoto' ? method : 'sendMessage',
      chatId,
      messageId: this.nextMessageId(chatId),
      text,
      buttons,
      replyMarkup,
      document,
      threadId,
      replyTo,
      at,
    };
    this.record(message);
    return ok(res, {
      message_id: message.messageId,
      date: Math.floor(at / 1000),
      chat: this.chatObject(chatId),
      from: { id: this.botId, is_bot: true, first_name: 'Tawasul', username: this.botUsername },
      ...(threadId === undefined ? {} : { message_thread_id: threadId, is_topic_message: true }),
      ...(document
        ? {
            document: {
              file_id: `sent${message.messageId}`,
              file_unique_id: `us${message.messageId}`,
              file_name: document.fileName,
            },
            caption: text || undefined,
          }
        : { text }),
      reply_markup: replyMarkup && 'inline_keyboard' in replyMarkup ? replyMarkup : undefined,
    });
  }

  private createForumTopic(res: http.ServerResponse, params: Params, at: number): void {
    const chatId = Number(params.chat_id);
    const group = this.groups.get(chatId);
    const name = typeof params.name === 'string' ? params.name : '';
    if (!group)
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    if (!group.forum)
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: the chat is not a forum',
      });
    if (name.length < 1 || name.length > 128)
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: TOPIC_NAME_INVALID' });
    const limited = this.overLimit(chatId, at);
    if (limited !== undefined) {
      this.tooManyRequests++;
      this.refused.push({ chatId, code: 429, at });
      return reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${limited}`,
        parameters: { retry_after: limited },
      });
    }
    // Telegram numbers a topic by the id of the service message that opened it.
    const threadId = this.nextMessageId(chatId);
    group.topics.set(threadId, name);
    this.sendTimes.all.push(at);
    const times = this.sendTimes.byChat.get(chatId) ?? [];
    times.push(at);
    this.sendTimes.byChat.set(chatId, times);
    this.events.emit('change');
    return ok(res, { message_thread_id: threadId, name, icon_color: 7322096 });
  }

  private edit(res: http.ServerResponse, method: string, params: Params, at: number): void {
    const chatId = Number(params.chat_id);
    const messageId = Number(params.message_id);
    const message = this.sentByChat.get(chatId)?.find((m) => m.messageId === messageId);
    if (!message)
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message to edit not found',
      });
    const replyMarkup = parseMarkup(params.reply_markup);
    const text = method === 'editMessageText' && typeof params.text === 'string' ? params.text : message.text;
    if (method === 'editMessageText' && text.trim() === '')
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message text is empty',
      });
    if (text === message.text && JSON.stringify(replyMarkup) === JSON.stringify(message.replyMarkup))
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description:
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      });
    message.text = text;
    message.replyMarkup = replyMarkup;
    message.buttons = buttonsOf(replyMarkup);
    this.edits.push({ chatId, messageId, method, at });
    this.events.emit('change');
    return ok(res, {
      message_id: messageId,
      date: Math.floor(message.at / 1000),
      edit_date: Math.floor(at / 1000),
      chat: this.chatObject(chatId),
      text,
      reply_markup: replyMarkup,
    });
  }

  private chatObject(chatId: number): Record<string, unknown> {
    const group = this.groups.get(chatId);
    if (group)
      return {
        id: chatId,
        type: 'supergroup',
        title: group.title,
        ...(group.forum ? { is_forum: true } : {}),
      };
    return chatId < 0 ? { id: chatId, type: 'group', title: 'Staff' } : privateChat(chatId);
  }

  private fail(res: http.ServerResponse, failure: FakeFailure, chatId: number, at: number): void {
    const code = failure === 'retryable' ? 500 : failure === 'permanent' ? 403 : failure.code;
    this.refused.push({ chatId, code, at });
    if (failure === 'retryable')
      return reply(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    if (failure === 'permanent')
      return reply(res, 403, {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    return reply(res, failure.status ?? failure.code, {
      ok: false,
      error_code: failure.code,
      description: failure.description,
      parameters: failure.retryAfter === undefined ? undefined : { retry_after: failure.retryAfter },
    });
  }

  /** Seconds to wait when a send now would break a limit; undefined when it may go. */
  private overLimit(chatId: number, at: number): number | undefined {
    if (!this.limits) return undefined;
    const chatLimit = chatId < 0 ? this.limits.group : this.limits.perChat;
    const checks: [number[], RateLimit][] = [
      [this.sendTimes.byChat.get(chatId) ?? [], chatLimit],
      [this.sendTimes.all, this.limits.global],
    ];
    let wait = 0;
    for (const [times, limit] of checks) {
      const inWindow = times.filter((t) => t > at - limit.windowMs);
      if (inWindow.length >= limit.max) {
        const oldest = inWindow[inWindow.length - limit.max] as number;
        wait = Math.max(wait, oldest + limit.windowMs - at);
      }
    }
    return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : undefined;
  }

  private record(message: SentMessage): void {
    const list = this.sentByChat.get(message.chatId) ?? [];
    list.push(message);
    this.sentByChat.set(message.chatId, list);
    this.sendTimes.all.push(message.at);
    const times = this.sendTimes.byChat.get(message.chatId) ?? [];
    times.push(message.at);
    this.sendTimes.byChat.set(message.chatId, times);
    this.events.emit('change');
  }

  private getUpdates(res: http.ServerResponse, params: Params): void {
    if (this.webhook) {
      return reply(
        res,
        409,
        conflict(
          "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ),
      );
    }
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.max(0, Number(params.timeout ?? 0));
    // Asking from `offset` confirms every earlier update: Telegram forgets them.
    if (offset > 0) {
      while (this.pending.length > 0 && (this.pending[0] as Update).update_id < offset) this.pending.shift();
      this.events.emit('change');
    }
    const ready = this.pending.slice(0, limit);
    if (ready.length > 0 || timeout === 0) return ok(res, ready);
    this.waiter?.respond(
      409,
      conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
    let settled = false;
    const waiter: PollWaiter = {
      offset,
      limit,
      respond: (status, body) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = undefined;
        reply(res, status, body);
      },
    };
    const timer = setTimeout(() => waiter.respond(200, { ok: true, result: [] }), timeout * 1000);
    // The bot gave up waiting (telegraf aborts the request when it stops polling).
    res.once('close', () => {
      settled = true;
      clearTimeout(timer);
      if (this.waiter === waiter) this.waiter = undefined;
    });
    this.waiter = waiter;
  }

  private download(res: http.ServerResponse, token: string, path: string): void {
    if (token !== this.token)
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const stored = [...this.files.values()].find((f) => f.path === path);
    if (!stored) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stored.bytes.length });
    res.end(stored.bytes);
  }

  // ── Delivery of updates ──────────────────────────────────────────────────────────────────────

  private pushMessage(
    chatId: number,
    content: Record<string, unknown>,
    from: Partial<TelegramUser> = {},
  ): Update {
    return this.push({
      message: {
        message_id: this.nextMessageId(chatId),
        date: Math.floor(Date.now() / 1000),
        chat: privateChat(chatId),
        from: { ...user(chatId), ...from },
        ...content,
      },
    });
  }

  private push(update: Record<string, unknown>): Update {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.pending.push(full);
    if (this.webhook) {
      void this.pump();
    } else if (this.waiter) {
      const waiter = this.waiter;
      waiter.respond(200, {
        ok: true,
        result: this.pending.filter((u) => u.update_id >= waiter.offset).slice(0, waiter.limit),
      });
    }
    return full;
  }

  /** Webhook delivery: one update at a time, in order, retried until the receiver answers 2xx. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && this.webhook && this.pending.length > 0) {
        const update = this.pending[0] as Update;
        const hook = this.webhook;
        let status = 0;
        try {
          const response = await fetch(hook.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(hook.secretToken ? { 'x-telegram-bot-api-secret-token': hook.secretToken } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(60_000),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        this.webhookDeliveries.push({ updateId: update.update_id, status });
        if (status >= 200 && status < 300) {
          if (this.pending[0] === update) this.pending.shift();
          this.events.emit('change');
        } else {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────────

  private addFile(bytes: Buffer, folder: string, extension: string, declaredSize?: number) {
    const id = `file${this.nextFile++}${randomBytes(4).toString('hex')}`;
    const stored: StoredFile = {
      bytes,
      path: `${folder}/${id}${extension}`,
      size: declaredSize ?? bytes.length,
    };
    this.files.set(id, stored);
    return { id, size: stored.size };
  }

  private nextMessageId(chatId: number): number {
    const next = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, next);
    return next;
  }

  private waitFor<T>(check: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onChange = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(why()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', onChange);
      };
      this.events.on('change', onChange);
    });
  }
}

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

function user(id: number): TelegramUser {
  return { id, is_bot: false, first_name: 'Amal', last_name: 'Saleh', language_code: 'ar' };
}

function privateChat(id: number) {
  return { id, type: 'private', first_name: 'Amal', last_name: 'Saleh' };
}

function conflict(why: string) {
  return { ok: false, error_code: 409, description: `Conflict: ${why}` };
}

function ok(res: http.ServerResponse, result: unknown): void {
  reply(res, 200, { ok: true, result });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** An uploaded file in a multipart request. */
class FilePart {
  constructor(
    readonly name: string,
    readonly bytes: Buffer,
  ) {}
}

/** Bot API parameters from a query string, JSON, urlencoded or multipart body (all four are allowed). */
async function readParams(req: http.IncomingMessage, url: URL): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Params = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return params;
  if (type.startsWith('application/json'))
    return { ...params, ...(JSON.parse(body.toString('utf8')) as Params) };
  if (type.startsWith('application/x-www-form-urlencoded'))
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form.entries()) {
      params[key] =
        typeof value === 'string' ? value : new FilePart(value.name, Buffer.from(await value.arrayBuffer()));
    }
  }
  return params;
}

/** The message a send replies to: `reply_parameters.message_id` (Bot API 7) or `reply_to_message_id`. */
function replyTarget(params: Params): number | undefined {
  const parameters = parseMarkup(params.reply_parameters);
  const id = parameters?.message_id ?? params.reply_to_message_id;
  return id === undefined ? undefined : Number(id);
}

function parseMarkup(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function buttonsOf(markup: Record<string, unknown> | undefined): SentButton[] {
  const rows = markup?.inline_keyboard ?? markup?.keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.flat().map((button: { text?: string; callback_data?: string; request_location?: boolean }) => ({
    text: String(button.text ?? ''),
    data: button.callback_data,
    requestLocation: button.request_location,
  }));
}
