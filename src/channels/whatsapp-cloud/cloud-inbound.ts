import type { Logger } from 'pino';
import type { DocumentStore } from '../../documents/document-store';
import { MAX_INBOUND_TEXT, type InboundMessageInput, type MediaNote } from '../../domain/inbound-message';
import { keepMedia, WHATSAPP_MEDIA, type Media, type MediaRule } from '../whatsapp-media';
import { seconds, type CloudMessage } from './cloud-webhook-payload';
import type { GraphClient } from './graph-client';

export interface CloudInboundContext {
  graph: Pick<GraphClient, 'mediaInfo' | 'download'>;
  documents: DocumentStore;
  maxMediaBytes: number;
  logger: Logger;
  now: () => Date;
}

/** The shared rules, by the Cloud API's message types. */
const MEDIA = {
  image: WHATSAPP_MEDIA.image,
  document: WHATSAPP_MEDIA.document,
  audio: WHATSAPP_MEDIA.audio,
  video: WHATSAPP_MEDIA.video,
  sticker: WHATSAPP_MEDIA.sticker,
} as const satisfies Record<string, MediaRule>;

/**
 * Why a Cloud API message is not for the spine, or `undefined` when it is. Reactions (an emoji on one
 * of our messages) and Meta's system notices (the person changed their number) say nothing to answer.
 */
export function ignoreReason(message: CloudMessage): string | undefined {
  if (message.type === 'reaction') return 'reaction';
  if (message.type === 'system') return 'system notice';
  if (message.type === 'ephemeral') return 'disappearing message';
  return undefined;
}

/**
 * One Cloud API message as an `InboundMessage`. The sender is the person's WhatsApp id, which Meta
 * says is their number: kept as the phone the platform vouches for. Button and list replies carry the
 * choice id we sent. Attachments are downloaded by media id into the document store after the same size
 * and type checks as on the other channels; one not kept is still handed over with a `note` saying why.
 * A contact card, an order or a type Meta does not support becomes an `other` attachment the flow answers.
 */
export async function toInboundMessage(
  message: CloudMessage,
  profileName: string | undefined,
  context: CloudInboundContext,
): Promise<InboundMessageInput> {
  const at = seconds(message.timestamp);
  const base = {
    channel: 'whatsapp' as const,
    channelMessageId: message.id,
    sender: {
      channelUserId: message.from,
      ...(profileName ? { displayName: profileName.slice(0, 200) } : {}),
      ...(/^\d{6,15}$/.test(message.from) ? { phone: `+${message.from}` } : {}),
    },
    receivedAt: at > 0 ? new Date(at * 1000) : context.now(),
  };
  switch (message.type) {
    case 'text':
      return { ...base, text: clip(message.text?.body ?? '') };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? { ...base, text: clip(reply.title), choiceId: reply.id.slice(0, 200) } : other(base);
    }
    case 'button':
      // A quick reply under a template: its text is what the person pressed.
      return { ...base, text: clip(message.button?.text ?? message.button?.payload ?? '') };
    case 'location': {
      const place = message.location;
      if (!place) return other(base);
      const label = (place.name || place.address || '').trim().slice(0, 500);
      return {
        ...base,
        location: { latitude: place.latitude, longitude: place.longitude, ...(label ? { label } : {}) },
      };
    }
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const media = message[message.type];
      if (!media) return other(base);
      return {
        ...base,
        text: clip(media.caption ?? ''),
        media: [await readMedia(message.id, media, MEDIA[message.type], context)],
      };
    }
    default:
      return other(base);
  }
}

type Base = Omit<InboundMessageInput, 'text' | 'media'>;
const other = (base: Base): InboundMessageInput => ({ ...base, media: [{ kind: 'other' }] });

async function readMedia(
  messageId: string,
  media: { id: string; mime_type?: string | undefined; filename?: string | undefined },
  rule: MediaRule,
  context: CloudInboundContext,
): Promise<Media> {
  const declared = media.mime_type?.split(';')[0]?.trim();
  const fileName = media.filename?.slice(0, 500);
  const described: Media = {
    kind: rule.kind,
    ...(declared ? { mimeType: declared } : {}),
    ...(fileName ? { fileName } : {}),
  };
  if (!rule.store) return described;
  const unkept = (found: Media, note: MediaNote): Media => {
    context.logger.info({ messageId, note, sizeBytes: found.sizeBytes }, 'WhatsApp attachment not kept');
    return { ...found, note };
  };
  let bytes: Buffer | 'too-large';
  try {
    const info = await context.graph.mediaInfo(media.id);
    if (info.sizeBytes !== undefined && info.sizeBytes > context.maxMediaBytes) {
      return unkept({ ...described, sizeBytes: info.sizeBytes }, 'too-large');
    }
    bytes = await context.graph.download(info.url, context.maxMediaBytes);
  } catch (err) {
    context.logger.warn({ err, messageId }, 'WhatsApp media download failed');
    return unkept(described, 'download-failed');
  }
  if (bytes === 'too-large') return unkept(described, 'too-large');
  const kept = await keepMedia(bytes, described, declared, rule, context.documents);
  return kept.note ? unkept(kept, kept.note) : kept;
}

/** WhatsApp allows 4,096 characters and the spine stores 20,000; clipped all the same, and said so. */
function clip(text: string): string {
  return text.length <= MAX_INBOUND_TEXT ? text : `${text.slice(0, MAX_INBOUND_TEXT - 1)}…`;
}
