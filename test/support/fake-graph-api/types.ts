import type { StoredMedia } from './media-store';
import type { Shown } from './shown';
import type { StatusName } from './statuses';

/** The stand-in's public shapes (kept apart from the server so the entry file stays readable). */
export interface FakeGraphApiOptions {
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  businessAccountId: string;
  /** Where signed deliveries are POSTed (can be set later with `setWebhook`). */
  webhookUrl?: string;
  /** The business number as shown in `metadata.display_phone_number`. */
  displayPhoneNumber?: string;
  /** ms clock for timestamps, the 24 h window and the rate limit; tests pass a controllable one. */
  now?: () => number;
  /** Default true: after each accepted send, deliver 'sent' then 'delivered' status webhooks. */
  autoStatuses?: boolean;
  /** Default true: a free-form send outside the 24 h window is accepted, then fails with 131047. */
  enforceWindow?: boolean;
  /** When given, a template send not listed fails 132001, a wrong body parameter count 132000. */
  templates?: { name: string; language: string; bodyParams: number }[];
}

export type DeliverOptions = {
  id?: string;
  timestamp?: number /* unix s */;
  name?: string; /* profile name */
};
export type Delivery = { status: number; body: string; messageId: string };
export type SentMessage = { wamid: string; to: string; at: number; body: Record<string, unknown> };
export type PlannedError = {
  httpStatus: number;
  code: number;
  message?: string;
  subcode?: number;
  details?: string;
};
export type MediaFile = {
  bytes: Buffer;
  mimeType: string;
  filename?: string;
  caption?: string;
  voice?: boolean;
};
/** A status webhook the stand-in POSTed, with the app's HTTP answer (0: no answer). */
export type StatusDelivery = { wamid: string; status: StatusName; httpStatus: number };

export interface FakeGraphApi {
  /** Base URL like http://127.0.0.1:PORT (the adapter appends /v21.0/…). */
  readonly url: string;
  setWebhook(url: string): void;
  deliverText(waId: string, text: string, opts?: DeliverOptions): Promise<Delivery>;
  deliverButtonReply(waId: string, id: string, title: string, opts?: DeliverOptions): Promise<Delivery>;
  deliverListReply(
    waId: string,
    id: string,
    title: string,
    opts?: DeliverOptions & { description?: string },
  ): Promise<Delivery>;
  deliverMedia(
    waId: string,
    kind: 'image' | 'document' | 'audio' | 'video' | 'sticker',
    file: MediaFile,
    opts?: DeliverOptions,
  ): Promise<Delivery & { mediaId: string }>;
  deliverLocation(
    waId: string,
    latitude: number,
    longitude: number,
    opts?: DeliverOptions & { name?: string; address?: string },
  ): Promise<Delivery>;
  deliverReaction(waId: string, messageId: string, emoji: string, opts?: DeliverOptions): Promise<Delivery>;
  deliverContacts(waId: string, opts?: DeliverOptions): Promise<Delivery>;
  deliverUnsupported(waId: string, opts?: DeliverOptions): Promise<Delivery>;
  /** Any raw message object; `from`, `id` and `timestamp` are filled in unless given. */
  deliverMessage(waId: string, message: Record<string, unknown>, opts?: DeliverOptions): Promise<Delivery>;
  deliverStatus(
    wamid: string,
    status: StatusName,
    opts?: { errors?: { code: number; title: string }[]; recipientId?: string },
  ): Promise<Delivery>;
  /** A raw POST to the webhook: `signature` undefined signs it properly, null sends no header. */
  postWebhook(
    rawBody: string | Buffer,
    opts?: { signature?: string | null },
  ): Promise<{ status: number; body: string }>;
  /** Meta's verification call: GET the webhook with hub.mode, hub.verify_token and hub.challenge. */
  verifyWebhook(verifyToken: string, challenge?: string): Promise<{ status: number; body: string }>;
  /** Every accepted send (POST /messages), with its wamid and time, for one wa_id or all. */
  sent(waId?: string): SentMessage[];
  /** Returns and forgets the sends to `waId` (so `shown` forgets them too). */
  takeSent(waId: string): SentMessage[];
  /** What the person sees: accepted sends to `waId` that did not fail (see shown.ts). */
  shown(waId: string): Shown[];
  uploads(): Map<string, StoredMedia>;
  requests(): { method: string; path: string; authorization?: string }[];
  /** Inbound wamids the adapter marked as read (`{ status: 'read', message_id }`), in order. */
  markedRead(): string[];
  /** Status webhooks sent so far (automatic and `deliverStatus`). */
  statuses(): StatusDelivery[];
  /** The next `count` POSTs (messages or media) fail with this error after auth. */
  failNext(error: PlannedError, count?: number): void;
  /** Accepted sends per second of `now()`; beyond it, 130429. `undefined` lifts it. */
  rateLimit(limit: { perSecond: number } | undefined): void;
  /** Resolves when every webhook scheduled so far (statuses after sends) has been answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}
