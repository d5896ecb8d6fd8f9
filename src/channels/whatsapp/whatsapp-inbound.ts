import type { Logger } from 'pino';
import { MessageTypes } from 'whatsapp-web.js';
import type { DocumentStore } from '../../documents/document-store';
import { MAX_INBOUND_TEXT, type InboundMessageInput, type MediaNote } from '../../domain/inbound-message';
import type { WhatsAppMessage } from './whatsapp-client-port';
import { keepMedia, WHATSAPP_MEDIA, type Media, type MediaRule } from '../whatsapp-media';
import { isPersonChat, senderIdentity } from './whatsapp-sender';

/** The most we download and keep of one attachment. */
export const DEFAULT_MAX_MEDIA_BYTES = 10 * 1024 * 1024;

export interface InboundContext {
  documents: DocumentStore;
  maxMediaBytes: number;
  logger: Logger;
}

/** What WhatsApp Web reports about a chat rather than what a person says: never handed over. */
const SYSTEM_TYPES: ReadonlySet<string> = new Set<string>([
  MessageTypes.REVOKED,
  MessageTypes.BROADCAST_NOTIFICATION,
  MessageTypes.CALL_LOG,
  MessageTypes.CIPHERTEXT,
  MessageTypes.DEBUG,
  MessageTypes.E2E_NOTIFICATION,
  MessageTypes.GP2,
  MessageTypes.GROUP_NOTIFICATION,
  MessageTypes.NOTIFICATION,
  MessageTypes.NOTIFICATION_TEMPLATE,
  MessageTypes.PROTOCOL,
  MessageTypes.REACTION,
]);

/** The shared rules, by whatsapp-web.js's message types. */
const MEDIA: Readonly<Partial<Record<string, MediaRule>>> = {
  [MessageTypes.IMAGE]: WHATSAPP_MEDIA.image,
  [MessageTypes.DOCUMENT]: WHATSAPP_MEDIA.document,
  [MessageTypes.VOICE]: WHATSAPP_MEDIA.voice,
  [MessageTypes.AUDIO]: WHATSAPP_MEDIA.audio,
  [MessageTypes.VIDEO]: WHATSAPP_MEDIA.video,
  [MessageTypes.STICKER]: WHATSAPP_MEDIA.sticker,
};

/**
 * Why a WhatsApp message is not for the spine, or `undefined` when it is: our own messages, status
 * updates, groups, broadcast lists and channels, and WhatsApp's system notices.
 */
export function ignoreReason(message: WhatsAppMessage): string | undefined {
  if (message.fromMe) return 'own message';
  if (message.isStatus || message.from === 'status@broadcast') return 'status update';
  if (message.from.endsWith('@g.us')) return 'group';
  if (!isPersonChat(message.from)) return 'not a person chat';
  if (SYSTEM_TYPES.has(message.type)) return `system message (${message.type})`;
  return undefined;
}

/**
 * One WhatsApp message as an `InboundMessage`. Attachments are downloaded into the document store
 * after a size check (before and after downloading) and a type check on the bytes themselves; one
 * that is too big, of a type we do not keep, or that cannot be downloaded is still handed over,
 * without a `ref` and with a `note` saying why, so the flow can answer it.
 */
export async function toInboundMessage(
  message: WhatsAppMessage,
  context: InboundContext,
): Promise<InboundMessageInput> {
  const base = {
    channel: 'whatsapp' as const,
    channelMessageId: message.id._serialized,
    sender: senderIdentity(message.from, message._data?.notifyName),
    receivedAt: message.timestamp > 0 ? new Date(message.timestamp * 1000) : new Date(),
  };
  if (message.type === MessageTypes.LOCATION && message.location) {
    // A location's `body` is a map thumbnail (base64 JPEG), not words: leave the text empty.
    const { latitude, longitude, description, name, address } = message.location;
    const label = (description || name || address || '').trim().slice(0, 500);
    return {
      ...base,
      location: { latitude: Number(latitude), longitude: Number(longitude), ...(label ? { label } : {}) },
    };
  }
  const rule = MEDIA[message.type];
  if (rule) {
    return { ...base, text: clip(message.body), media: [await readMedia(message, rule, context)] };
  }
  if (message.type === MessageTypes.TEXT) return { ...base, text: clip(message.body) };
  // A contact card, a poll, a product…: something a person sent that no flow reads; the flow answers it.
  return { ...base, media: [{ kind: 'other' }] };
}

async function readMedia(message: WhatsAppMessage, rule: MediaRule, context: InboundContext): Promise<Media> {
  const declared = message._data?.mimetype;
  const described: Media = {
    kind: rule.kind,
    ...(declared ? { mimeType: declared } : {}),
    ...(message._data?.filename ? { fileName: message._data.filename.slice(0, 500) } : {}),
  };
  if (!rule.store) return described;
  const unkept = (media: Media, note: MediaNote): Media => {
    context.logger.info(
      { messageId: message.id._serialized, note, sizeBytes: media.sizeBytes },
      'WhatsApp attachment not kept',
    );
    return { ...media, note };
  };
  const knownSize = message._data?.size;
  if (typeof knownSize === 'number' && knownSize > context.maxMediaBytes) {
    return unkept({ ...described, sizeBytes: knownSize }, 'too-large');
  }
  let payload;
  try {
    payload = message.hasMedia ? await message.downloadMedia() : undefined;
  } catch (err) {
    context.logger.warn({ err, type: message.type }, 'WhatsApp media download failed');
  }
  if (!payload) return unkept(described, 'download-failed');

  const bytes = Buffer.from(payload.data, 'base64');
  const fileName = (payload.filename ?? described.fileName)?.slice(0, 500);
  const named = {
    ...described,
    ...(payload.mimetype ? { mimeType: payload.mimetype } : {}),
    ...(fileName ? { fileName } : {}),
  };
  if (bytes.length > context.maxMediaBytes) {
    return unkept({ ...named, sizeBytes: bytes.length }, 'too-large');
  }
  const kept = await keepMedia(bytes, named, payload.mimetype || declared, rule, context.documents);
  return kept.note ? unkept(kept, kept.note) : kept;
}

/** WhatsApp allows 65,536 characters, the spine stores 20,000: keep the start, say it was cut. */
function clip(text: string): string {
  return text.length <= MAX_INBOUND_TEXT ? text : `${text.slice(0, MAX_INBOUND_TEXT - 1)}…`;
}
