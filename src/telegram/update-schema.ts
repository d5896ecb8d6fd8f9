import { z } from 'zod';
import { storableDeep } from '../domain/text/storable-text';

/*
 * The part of a Telegram update our bots read, parsed with zod at the edge (a webhook body or a
 * getUpdates answer): unknown fields are dropped, and a malformed update is reported as such, never
 * thrown. One schema for both bots; each reads its own part (`mapUpdate` for the beneficiary bot,
 * `parseStaffUpdate` for the staff bot).
 */

const TelegramUser = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});
const Chat = z.object({ id: z.number().int(), type: z.string() });
const file = {
  file_id: z.string().min(1),
  file_size: z.number().int().nonnegative().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
};
const TelegramFile = z.object(file);
const PhotoSize = z.object({ ...file, width: z.number(), height: z.number() });
const InlineKeyboard = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))),
});
const Location = z.object({ latitude: z.number(), longitude: z.number() });

const TelegramMessage = z.object({
  message_id: z.number().int(),
  date: z.number(),
  chat: Chat,
  from: TelegramUser.optional(),
  /** The forum topic; in a forum, `is_topic_message` says whether the message is in a topic at all. */
  message_thread_id: z.number().int().optional(),
  is_topic_message: z.boolean().optional(),
  reply_to_message: z.object({ message_id: z.number().int() }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  /** Telegram lists a photo in several sizes, smallest first. */
  photo: z.array(PhotoSize).optional(),
  document: TelegramFile.optional(),
  voice: TelegramFile.optional(),
  audio: TelegramFile.optional(),
  video: TelegramFile.optional(),
  video_note: TelegramFile.optional(),
  animation: TelegramFile.optional(),
  sticker: z
    .object({ ...file, is_animated: z.boolean().optional(), is_video: z.boolean().optional() })
    .optional(),
  location: Location.optional(),
  venue: z.object({ location: Location, title: z.string(), address: z.string().optional() }).optional(),
  contact: z
    .object({ phone_number: z.string(), first_name: z.string().optional(), user_id: z.number().optional() })
    .optional(),
  poll: z.unknown().optional(),
  dice: z.unknown().optional(),
  game: z.unknown().optional(),
  story: z.unknown().optional(),
});

const TelegramCallbackQuery = z.object({
  id: z.string().min(1),
  from: TelegramUser,
  /** The message the button was under; absent for a button of an inline-mode message. */
  message: z
    .object({
      message_id: z.number().int(),
      chat: Chat,
      message_thread_id: z.number().int().optional(),
      reply_markup: InlineKeyboard.optional(),
    })
    .optional(),
  data: z.string().optional(),
});

const TelegramUpdate = z.object({
  update_id: z.number().int(),
  message: TelegramMessage.optional(),
  edited_message: z.unknown().optional(),
  channel_post: z.unknown().optional(),
  edited_channel_post: z.unknown().optional(),
  callback_query: TelegramCallbackQuery.optional(),
});

export type TelegramUser = z.infer<typeof TelegramUser>;
export type TelegramFile = z.infer<typeof TelegramFile>;
export type TelegramMessage = z.infer<typeof TelegramMessage>;
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

/**
 * The update as our bots read it, or undefined when it is not a well-formed update. Every string in it
 * (text, names, callback data) is storable text: NULs stripped, lone surrogates replaced by U+FFFD.
 * Telegram forwards whatever a client sends, and a NUL reaching PostgreSQL fails the write; the webhook
 * would then answer 500 and Telegram redeliver the update for ever.
 */
export function parseUpdate(raw: unknown): TelegramUpdate | undefined {
  const parsed = TelegramUpdate.safeParse(raw);
  return parsed.success ? storableDeep(parsed.data) : undefined;
}

/** The update kinds both bots ask Telegram for; everything else is never even sent to us. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
