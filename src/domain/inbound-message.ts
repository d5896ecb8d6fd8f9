import { z } from 'zod';
import { storableDeep } from './text/storable-text';

/** Channels Tawasul speaks on. `inprocess` serves tests and benchmarks, `terminal` the `npm run chat` console. */
export const ChannelName = z.enum(['whatsapp', 'telegram', 'webchat', 'terminal', 'inprocess']);
export type ChannelName = z.infer<typeof ChannelName>;

export const MediaKind = z.enum(['image', 'document', 'audio', 'voice', 'video', 'sticker', 'other']);
export type MediaKind = z.infer<typeof MediaKind>;

/** Why a file arrived without its bytes: over the size limit, a type not kept, or not downloadable. */
export const MediaNote = z.enum(['too-large', 'unsupported-type', 'download-failed']);
export type MediaNote = z.infer<typeof MediaNote>;

/** A file the person sent; `ref` points into the document store, never the bytes themselves. */
export const InboundMedia = z.object({
  kind: MediaKind,
  mimeType: z.string().max(200).optional(),
  fileName: z.string().max(500).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  ref: z.string().max(1000).optional(),
  /** SHA-256 of the stored bytes, when the adapter stored them. */
  sha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  /** Why there is no `ref`: the adapter did not keep the bytes, so the flow can say why. */
  note: MediaNote.optional(),
});
export type InboundMedia = z.infer<typeof InboundMedia>;

export const InboundLocation = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  label: z.string().max(500).optional(),
});

/**
 * Who sent it, as the channel knows them. `channelUserId` is opaque (a WhatsApp `@lid`, a Telegram
 * user id, a web-chat session): it is never assumed to be a phone number. `phone` is set only when the
 * platform itself tells us the number.
 */
export const SenderIdentity = z.object({
  channelUserId: z.string().min(1).max(200),
  displayName: z.string().max(200).optional(),
  phone: z.string().max(30).optional(),
  languageHint: z.string().max(20).optional(),
});

/** Upper bound on stored text: long enough for any real message, short enough to protect the store. */
export const MAX_INBOUND_TEXT = 20_000;

const InboundMessageFields = z.object({
  channel: ChannelName,
  channelMessageId: z.string().min(1).max(200),
  sender: SenderIdentity,
  text: z.string().max(MAX_INBOUND_TEXT).default(''),
  /** A button press (Telegram callback data, web-chat choice id): takes precedence over text. */
  choiceId: z.string().max(200).optional(),
  media: z.array(InboundMedia).max(20).default([]),
  location: InboundLocation.optional(),
  receivedAt: z.coerce.date(),
});

/**
 * One message from a person, as every channel adapter hands it to the spine. Parsing makes every string
 * in it storable text (`storableText`: NULs stripped, lone surrogates replaced by U+FFFD): a NUL kept in
 * an answer made the request's insert at the declaration fail at every retry, after the person had
 * been told their message would be handled, and no person types either.
 */
export const InboundMessage = z.preprocess((raw) => storableDeep(raw), InboundMessageFields);
export type InboundMessage = z.infer<typeof InboundMessageFields>;
export type InboundMessageInput = z.input<typeof InboundMessageFields>;
