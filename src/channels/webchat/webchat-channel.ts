import { EventEmitter } from 'node:events';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { Database } from '../../store/database';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';

export interface WebChatDelivery {
  seq: number;
  /** The channel message id of the visitor's message this answers, when it answers one. */
  inReplyTo: string | null;
  message: OutboundMessage;
}

/**
 * The association website's chat. Delivering is storing: a reply is inserted keyed by its outbox
 * id (so a resend after a crash is a no-op), and the browser reads it by polling or server-sent events.
 */
export class WebChatChannel implements ChannelAdapter {
  readonly name = 'webchat' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: true, maxTextLength: 20_000 };
  /** Emits `delivered:<sessionId>` after each stored reply. */
  readonly events = new EventEmitter().setMaxListeners(0);
  private handler: InboundHandler | undefined;

  constructor(private readonly db: Database) {}

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  get inbound(): InboundHandler {
    if (!this.handler) throw new Error('web chat is not started');
    return this.handler;
  }

  async send(
    recipient: string,
    message: OutboundMessage,
    meta: { idempotencyKey: string },
  ): Promise<SendResult> {
    const outboxId = meta.idempotencyKey.replace(/^outbox-/, '');
    await this.db.query(
      `INSERT INTO webchat_deliveries (outbox_id, session_id, payload) VALUES ($1, $2, $3)
       ON CONFLICT (outbox_id) DO NOTHING`,
      [outboxId, recipient, JSON.stringify(message)],
    );
    this.events.emit(`delivered:${recipient}`);
    return { ok: true, platformMessageId: meta.idempotencyKey };
  }

  /** Replies for a session after `afterSeq`, oldest first. */
  async deliveries(sessionId: string, afterSeq: number, limit = 100): Promise<WebChatDelivery[]> {
    const found = await this.db.query<{ seq: string; payload: OutboundMessage; in_reply_to: string | null }>(
      `SELECT d.seq::text AS seq, d.payload, i.channel_message_id AS in_reply_to
       FROM webchat_deliveries d
       LEFT JOIN outbox o ON o.id = d.outbox_id
       LEFT JOIN inbound_messages i ON i.id = o.inbound_id
       WHERE d.session_id = $1 AND d.seq > $2 ORDER BY d.seq LIMIT $3`,
      [sessionId, afterSeq, limit],
    );
    return found.rows.map((r) => ({ seq: Number(r.seq), inReplyTo: r.in_reply_to, message: r.payload }));
  }
}
