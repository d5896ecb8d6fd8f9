import type { DocumentStore } from '../documents/document-store';
import { sniffMimeType } from '../documents/sniff-mime';
import type { InboundMessageInput, MediaKind } from '../domain/inbound-message';

/*
 * What both WhatsApp transports (whatsapp-web.js and the Cloud API) keep of the files people send:
 * the same kinds, the same checks on the bytes themselves, the same store.
 */

export type Media = NonNullable<InboundMessageInput['media']>[number];

export interface MediaRule {
  kind: MediaKind;
  /** Whether the bytes are worth keeping (a sticker is a reaction, not a document). */
  store: boolean;
  /** Whether the real (sniffed) type is one we keep for this kind; `declared` is what WhatsApp said. */
  accepts: (sniffed: string, declared: string | undefined) => boolean;
}

const IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const OOXML = /^application\/vnd\.openxmlformats-officedocument\./;

/** The rules by WhatsApp's kind of message. */
export const WHATSAPP_MEDIA = {
  image: { kind: 'image', store: true, accepts: (t) => IMAGES.has(t) },
  document: {
    kind: 'document',
    store: true,
    // Word and Excel files are zip containers: kept only when WhatsApp also calls them one.
    accepts: (t, declared) =>
      t === 'application/pdf' || IMAGES.has(t) || (t === 'application/zip' && OOXML.test(declared ?? '')),
  },
  // Voice notes are Ogg/Opus; an audio file may also be M4A (an MP4 container). Both are kind 'voice'.
  voice: { kind: 'voice', store: true, accepts: (t) => t === 'audio/ogg' },
  audio: {
    kind: 'voice',
    store: true,
    accepts: (t, declared) => t === 'audio/ogg' || (t === 'video/mp4' && /^audio\//.test(declared ?? '')),
  },
  video: { kind: 'video', store: true, accepts: (t) => t === 'video/mp4' },
  sticker: { kind: 'sticker', store: false, accepts: () => false },
} as const satisfies Record<string, MediaRule>;

/**
 * Downloaded bytes as the media entry the spine gets: stored (with what the bytes really are) when the
 * rule accepts their sniffed type, else described with `note: 'unsupported-type'` and not stored.
 */
export async function keepMedia(
  bytes: Buffer,
  described: Media,
  declared: string | undefined,
  rule: MediaRule,
  documents: DocumentStore,
): Promise<Media> {
  const sniffed = sniffMimeType(bytes);
  if (!rule.accepts(sniffed, declared)) {
    return { ...described, mimeType: sniffed, sizeBytes: bytes.length, note: 'unsupported-type' };
  }
  const stored = await documents.put(bytes, {
    ...(described.fileName ? { fileName: described.fileName } : {}),
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
