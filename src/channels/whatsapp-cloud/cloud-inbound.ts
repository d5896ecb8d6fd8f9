import type { Logger } from 'pino';
import type { DocumentStore } from '../../documents/document-store';
import { sniffMimeType } from '../../documents/sniff-mime';
import {
  MAX_INBOUND_TEXT,
  type InboundMessageInput,
  type MediaKind,
  type MediaNote,
} from '../../domain/inbound-message';
import { seconds, type CloudMessage } from './cloud-webhook-payload';
import type { GraphClient } from './graph-client';

export interface CloudInboundContext {
  graph: Pick<GraphClient, 'mediaInfo' | 'download'>;
  documents: DocumentStore;
  maxMediaBytes: number;
  logger: Logger;
  now: () => Date;
}

type MediaField = 'image' | 'document' | 'audio' | 'video' | 'sticker';

interface MediaRule {
  kind: MediaKind;
  /** Whether the bytes are worth keeping (a sticker is a reaction, not a document). */
  store: boolean;
  /** Whether the real (sniffed) type is one we keep for this kind; `declared` is what Meta said. */
  accepts: (sniffed: string, declared: string | undefined) => boolean;
}

const IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const OOXML = /^application\/vnd\.openxmlformats-officedocument\./;

/** The same kinds and checks as the whatsapp-web.js channel's, keyed by the Cloud API's types. */
const MEDIA: Readonly<Record<MediaField, MediaRule>> = {
  image: { kind: 'image', store: true, accepts: (t) => IMAGES.has(t) },
  document: {
    kind: 'document',
    store: true,
    // Word and Excel files are zip containers: kept only when Meta also calls them one.
    accepts: (t, declared) =>
      t === 'application/pdf' || IMAGES.has(t) || (t === 'application/zip' && OOXML.test(declared ?? '')),
  },
  // Voice notes are Ogg/Opus; an audio file may also be M4A (an MP4 container) or AAC/MP3 (not kept).
  audio: {
    kind: 'voice',
    store: true,
    accepts: (t, declared) => t === 'audio/ogg' || (t === 'video/mp4' && /^audio\//.test(declared ?? '')),
  },
  video: { kind: 'video', store: true, accepts: (t) => t === 'video/mp4' },
  sticker: { kind: 'sticker', store: false, accepts: () => false },
};

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

type Media = NonNullable<InboundMessageInput['media']>[number];

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
  const sniffed = sniffMimeType(bytes);
  if (!rule.accepts(sniffed, declared)) {
    return unkept({ ...described, mimeType: sniffed, sizeBytes: bytes.length }, 'unsupported-type');
  }
  const stored = await context.documents.put(bytes, {
    ...(fileName ? { fileName } : {}),
    ...(declared ? { declaredMimeType: declared } : {}),
  });
  return {
    ...described,
    // What the bytes really are; an M4A voice file is an MP4 container holding audio only.
    mimeType: stored.mimeType === 'video/mp4' && rule.kind === 'voice' ? 'audio/mp4' : stored.mimeType,
    sizeBytes: stored.sizeBytes,
    ref: stored.ref,
    sha256: stored.sha256,
  };
}

/** WhatsApp allows 4,096 characters and the spine stores 20,000; clipped all the same, and said so. */
function clip(text: string): string {
  return text.length <= MAX_INBOUND_TEXT ? text : `${text.slice(0, MAX_INBOUND_TEXT - 1)}…`;
}
