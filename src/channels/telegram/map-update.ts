import type { InboundMedia, InboundMessageInput, MediaKind } from '../../domain/inbound-message';
import {
  parseUpdate,
  type TelegramFile,
  type TelegramMessage,
  type TelegramUser,
} from '../../telegram/update-schema';
import { clipText } from '../../domain/text/storable-text';

/** Why an update produced no inbound message (logged at debug level). */
export type IgnoreReason =
  'malformed' | 'edited' | 'not-private' | 'service-message' | 'no-callback-data' | 'not-for-this-bot';

/** A file to download into the document store before the message goes to the spine. */
export interface FileToFetch {
  fileId: string;
  /** The media entry as the message declares it; `ref` (and the real type) come after the download. */
  media: InboundMedia;
}

export type MappedUpdate =
  | { kind: 'ignore'; reason: IgnoreReason; callbackQueryId?: string }
  | {
      kind: 'inbound';
      message: InboundMessageInput & { media: InboundMedia[] };
      /** Set when the message carries a file we keep (photo, document, voice) within the size limit. */
      file?: FileToFetch;
      /** A button press to acknowledge with answerCallbackQuery, whatever becomes of the message. */
      callbackQueryId?: string;
    };

export interface MapOptions {
  /** Files above this size are not downloaded; their media entry arrives without `ref`. */
  maxFileBytes: number;
  /** The time of a button press (callback queries carry no date). */
  now: Date;
}

/**
 * Turns a Telegram update into what the spine takes, without any I/O. Only private chats are the
 * beneficiary bot's business: group, supergroup and channel updates are ignored (the staff groups
 * are a separate bot role). Edited messages are ignored too: the original was already accepted and
 * answered, and a conversation is a sequence of answers, so treating an edit as a new message
 * would answer twice or silently change an answer already acted on (a national ID already checked).
 * Live-location updates also arrive as edits: the first position is the one that counts.
 *
 * - `channelUserId` is the chat id; `channelMessageId` is `<chat_id>-<message_id>`, or
 *   `cb-<callback query id>` for a button press, so a redelivered update is dropped as a duplicate.
 * - `/start <payload>` (a `t.me/<bot>?start=<payload>` deep link) arrives as the text
 *   `/start <payload>`, for the flows to read.
 * - A button press carries the button's callback data as `choiceId` and its label as `text`.
 * - Photos (largest size within the limit), documents and voice notes are fetched and stored;
 *   stickers, audio, video and other content arrive as a media entry without `ref`.
 */
export function mapUpdate(raw: unknown, options: MapOptions): MappedUpdate {
  const update = parseUpdate(raw);
  if (!update) return { kind: 'ignore', reason: 'malformed' };
  if (update.message) return mapMessage(update.message, options);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    // Without the message (inline mode) the press did not happen in a chat with this bot.
    if (!chat) return { kind: 'ignore', reason: 'not-for-this-bot', callbackQueryId: query.id };
    if (chat.type !== 'private') return { kind: 'ignore', reason: 'not-private', callbackQueryId: query.id };
    if (query.data === undefined || query.data === '')
      return { kind: 'ignore', reason: 'no-callback-data', callbackQueryId: query.id };
    const label = query.message?.reply_markup?.inline_keyboard
      .flat()
      .find((button) => button.callback_data === query.data)?.text;
    return {
      kind: 'inbound',
      callbackQueryId: query.id,
      message: {
        channel: 'telegram',
        channelMessageId: `cb-${query.id}`,
        sender: sender(chat.id, query.from),
        text: label ?? '',
        choiceId: query.data,
        media: [],
        receivedAt: options.now,
      },
    };
  }
  if (update.edited_message) return { kind: 'ignore', reason: 'edited' };
  if (update.channel_post || update.edited_channel_post) return { kind: 'ignore', reason: 'not-private' };
  return { kind: 'ignore', reason: 'not-for-this-bot' };
}

function mapMessage(message: TelegramMessage, options: MapOptions): MappedUpdate {
  if (message.chat.type !== 'private') return { kind: 'ignore', reason: 'not-private' };
  const content = contentOf(message, options.maxFileBytes);
  if (!content) return { kind: 'ignore', reason: 'service-message' };
  const identity = sender(message.chat.id, message.from);
  const contact = message.contact;
  // A contact is the person's own number only when Telegram says it belongs to the sender.
  if (contact && message.from && contact.user_id === message.from.id) identity.phone = contact.phone_number;
  return {
    kind: 'inbound',
    file: content.file,
    message: {
      channel: 'telegram',
      channelMessageId: `${message.chat.id}-${message.message_id}`,
      sender: identity,
      text: content.text,
      media: content.media,
      location: content.location,
      receivedAt: new Date(message.date * 1000),
    },
  };
}

interface Content {
  text: string;
  media: InboundMedia[];
  file?: FileToFetch;
  location?: { latitude: number; longitude: number; label?: string };
}

function contentOf(message: TelegramMessage, maxFileBytes: number): Content | undefined {
  const text = message.text ?? message.caption ?? '';
  const kept = (kind: MediaKind, f: TelegramFile, mimeType = f.mime_type): Content => {
    const media: InboundMedia = {
      kind,
      mimeType,
      fileName: f.file_name,
      sizeBytes: f.file_size,
    };
    const fits = f.file_size === undefined || f.file_size <= maxFileBytes;
    return { text, media: [media], file: fits ? { fileId: f.file_id, media } : undefined };
  };
  const listed = (kind: MediaKind, f?: TelegramFile): Content => ({
    text,
    media: [{ kind, mimeType: f?.mime_type, fileName: f?.file_name, sizeBytes: f?.file_size }],
  });

  if (message.photo && message.photo.length > 0) return kept('image', pickPhoto(message.photo, maxFileBytes));
  if (message.document) return kept('document', message.document);
  if (message.voice) return kept('voice', message.voice, message.voice.mime_type ?? 'audio/ogg');
  if (message.sticker) {
    // Telegram does not give a sticker's type; its flags say which of the three formats it is.
    const { is_animated, is_video } = message.sticker;
    const mimeType = is_animated ? 'application/x-tgsticker' : is_video ? 'video/webm' : 'image/webp';
    return listed('sticker', { ...message.sticker, mime_type: mimeType });
  }
  if (message.audio) return listed('audio', message.audio);
  if (message.video) return listed('video', message.video);
  if (message.video_note) return listed('video', message.video_note);
  if (message.animation) return listed('video', message.animation);
  if (message.venue) {
    const { location, title } = message.venue;
    return { text, media: [], location: { ...location, label: clipText(title, 500) } };
  }
  if (message.location) return { text, media: [], location: message.location };
  if (message.contact) return { text: message.contact.phone_number, media: [] };
  if (message.poll !== undefined || message.dice !== undefined || message.game !== undefined)
    return listed('other');
  if (message.story !== undefined) return listed('other');
  if (message.text !== undefined) return { text, media: [] };
  return undefined;
}

/** Telegram lists a photo in several sizes, smallest first: take the largest within the limit. */
function pickPhoto<P extends { file_size?: number }>(sizes: readonly P[], maxBytes: number): P {
  const fitting = sizes.filter((s) => s.file_size === undefined || s.file_size <= maxBytes);
  // None fits: the smallest is listed (without download) so the person learns it is too large.
  return (fitting.at(-1) ?? sizes[0]) as P;
}

function sender(chatId: number, from: TelegramUser | undefined) {
  const name = clipText([from?.first_name, from?.last_name].filter(Boolean).join(' ').trim(), 200);
  return {
    channelUserId: String(chatId),
    displayName: name === '' ? undefined : name,
    phone: undefined as string | undefined,
    languageHint: from?.language_code?.slice(0, 20),
  };
}
