import type { ChannelName, InboundMessageInput } from '../domain/inbound-message';
import type { OutboundMessage } from '../domain/outbound-message';

/** What the spine answers when an adapter hands it a message. */
export type AcceptResult =
  | { status: 'accepted'; conversationId: string }
  | { status: 'duplicate'; conversationId: string }
  | { status: 'rejected'; issues: string[] }
  /**
   * Over the sender's inbound budget (a flood): not recorded, and the person was told once to slow
   * down. Adapters acknowledge it like an accepted message (no redelivery); HTTP answers 429.
   */
  | { status: 'limited'; retryAfterMs: number };

export type InboundHandler = (message: InboundMessageInput) => Promise<AcceptResult>;

/** A send that did not go through is data, not an exception: the worker records it and decides. */
export type SendResult =
  | { ok: true; platformMessageId?: string }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface ChannelCapabilities {
  /** Native buttons for choices (Telegram inline keyboards, web chat); otherwise numbered text. */
  buttons: boolean;
  /**
   * Delivery keyed by our idempotency key, so sending the same outbox row twice shows it once.
   * Without it, a send interrupted by a crash is marked uncertain rather than repeated.
   */
  idempotentDelivery: boolean;
  /** Longest text one platform message may carry. */
  maxTextLength: number;
}

/**
 * A channel is a thin transport: native updates in, neutral messages out. No business logic.
 * Implementations: `InProcessChannel`, `TerminalChannel`, `WebChatChannel` (and WhatsApp and
 * Telegram in their own folders).
 */
export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Begins receiving; every native update goes to `onMessage`. */
  start(onMessage: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  send(recipient: string, message: OutboundMessage, meta: { idempotencyKey: string }): Promise<SendResult>;
}
