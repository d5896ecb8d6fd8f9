import { parseUpdate, type TelegramUser } from '../telegram/update-schema';

/** Who did something in the staff bot, as Telegram says. */
export interface TelegramActor {
  userId: number;
  name: string;
}

/** A file a staff member posted (the largest size of a photo). */
export interface StaffFile {
  fileId: string;
  kind: 'image' | 'document';
  fileName?: string;
  mimeType?: string;
  sizeBytes?: number;
}

export type StaffUpdate =
  | {
      kind: 'message';
      chatId: number;
      private: boolean;
      messageId: number;
      /** The forum topic, when the message was written in one. */
      threadId?: number;
      replyTo?: number;
      from: TelegramActor;
      /** The text, or a file's caption. */
      text: string;
      file?: StaffFile;
    }
  | {
      kind: 'button';
      callbackId: string;
      chatId?: number;
      messageId?: number;
      threadId?: number;
      from: TelegramActor;
      data: string;
    }
  | { kind: 'ignore'; callbackId?: string };

export type ButtonUpdate = Extract<StaffUpdate, { kind: 'button' }>;
export type MessageUpdate = Extract<StaffUpdate, { kind: 'message' }>;

/** Turns a Telegram update into what the console acts on; bots' own messages and service messages are ignored. */
export function parseStaffUpdate(raw: unknown): StaffUpdate {
  const update = parseUpdate(raw);
  if (!update) return { kind: 'ignore' };
  const { message, callback_query: query } = update;
  if (query) {
    if (!query.data) return { kind: 'ignore', callbackId: query.id };
    return {
      kind: 'button',
      callbackId: query.id,
      chatId: query.message?.chat.id,
      messageId: query.message?.message_id,
      threadId: query.message?.message_thread_id,
      from: actor(query.from),
      data: query.data,
    };
  }
  if (!message?.from || message.from.is_bot) return { kind: 'ignore' };
  const photo = message.photo?.at(-1);
  const staffFile: StaffFile | undefined = photo
    ? { fileId: photo.file_id, kind: 'image', sizeBytes: photo.file_size, mimeType: 'image/jpeg' }
    : message.document
      ? {
          fileId: message.document.file_id,
          kind: 'document',
          fileName: message.document.file_name,
          mimeType: message.document.mime_type,
          sizeBytes: message.document.file_size,
        }
      : undefined;
  const text = message.text ?? message.caption ?? '';
  if (text.trim() === '' && !staffFile) return { kind: 'ignore' };
  return {
    kind: 'message',
    chatId: message.chat.id,
    private: message.chat.type === 'private',
    messageId: message.message_id,
    // In a forum, a message outside any topic carries no thread id; `is_topic_message` tells them apart.
    threadId: message.is_topic_message ? message.message_thread_id : undefined,
    replyTo: message.reply_to_message?.message_id,
    from: actor(message.from),
    text,
    file: staffFile,
  };
}

/** A bot command at the start of a text (`/note …`, `/ack@tawasul_staff_bot`), lower-cased, and the rest. */
export function parseCommand(text: string): { command: string; rest: string } | undefined {
  const match = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!match) return undefined;
  return { command: (match[1] ?? '').toLowerCase(), rest: (match[2] ?? '').trim() };
}

function actor(user: TelegramUser): TelegramActor {
  return { userId: user.id, name: [user.first_name, user.last_name].filter(Boolean).join(' ') };
}
