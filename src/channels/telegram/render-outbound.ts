import type {
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from '../../telegram/bot-api-types';
import type { OutboundMessage } from '../../domain/outbound-message';
import { toNumberedText } from '../numbered-text';
import { splitText } from '../../domain/text/split-text';

/** Telegram's limits on what one message may carry. */
export const TELEGRAM_MAX_TEXT = 4096;
export const TELEGRAM_MAX_CAPTION = 1024;
export const TELEGRAM_MAX_CALLBACK_DATA_BYTES = 64;

export type TelegramReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/** One Bot API call the adapter makes for an outgoing message. */
export type TelegramCall =
  | { method: 'sendMessage'; text: string; replyMarkup?: TelegramReplyMarkup }
  | { method: 'sendDocument'; ref: string; fileName: string; caption?: string };

export interface RenderOptions {
  /** The label of the "share my location" button (the adapter does not know the person's language). */
  locationButtonLabel: string;
}

/**
 * Renders a neutral message as Telegram calls: long texts split on paragraph or line boundaries,
 * choices as an inline keyboard (one button per row, the choice id as callback data) on the last
 * piece, a location request as a one-time reply keyboard with a `request_location` button.
 * Choices whose ids do not fit Telegram's 64-byte callback data fall back to numbered text, which
 * the engine understands as well as a button press.
 */
export function renderOutbound(message: OutboundMessage, options: RenderOptions): TelegramCall[] {
  switch (message.kind) {
    case 'text':
      return texts(message.text);
    case 'choices': {
      if (!message.choices.every((c) => fitsCallbackData(c.id))) return texts(toNumberedText(message));
      return withMarkupOnLast(texts(message.text), {
        inline_keyboard: message.choices.map((c) => [{ text: c.label, callback_data: c.id }]),
      });
    }
    case 'location-request':
      return withMarkupOnLast(texts(message.text), {
        keyboard: [[{ text: options.locationButtonLabel, request_location: true }]],
        resize_keyboard: true,
        one_time_keyboard: true,
      });
    case 'document': {
      const caption = message.caption?.trim() ?? '';
      const document = { method: 'sendDocument', ref: message.ref, fileName: message.fileName } as const;
      if (caption === '') return [document];
      // A caption too long for the document goes before it as its own message.
      if (caption.length > TELEGRAM_MAX_CAPTION) return [...texts(caption), document];
      return [{ ...document, caption }];
    }
  }
}

/** True when `id` can travel as callback data (1 to 64 bytes in UTF-8). */
export function fitsCallbackData(id: string): boolean {
  const bytes = Buffer.byteLength(id, 'utf8');
  return bytes >= 1 && bytes <= TELEGRAM_MAX_CALLBACK_DATA_BYTES;
}

function texts(text: string): TelegramCall[] {
  return splitText(text, TELEGRAM_MAX_TEXT).map((piece) => ({ method: 'sendMessage', text: piece }));
}

function withMarkupOnLast(calls: TelegramCall[], replyMarkup: TelegramReplyMarkup): TelegramCall[] {
  const last = calls.at(-1);
  if (last?.method !== 'sendMessage') return calls;
  return [...calls.slice(0, -1), { ...last, replyMarkup }];
}
