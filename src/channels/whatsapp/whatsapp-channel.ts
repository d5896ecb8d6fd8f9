import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { MessageMedia } from 'whatsapp-web.js';
import type { DocumentStore } from '../../documents/document-store';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { WhatsAppContactRepository } from '../../store/whatsapp-contact-repository';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { toNumberedText } from '../numbered-text';
import { classifySendError } from './classify-send-error';
import { SendPacer, type PacingOptions } from './send-pacer';
import { splitText } from '../../domain/text/split-text';
import type {
  WhatsAppClientPort,
  WhatsAppContent,
  WhatsAppMessage,
  WhatsAppSendOptions,
} from './whatsapp-client-port';
import { DEFAULT_MAX_MEDIA_BYTES, ignoreReason, toInboundMessage } from './whatsapp-inbound';
import {
  WhatsAppSession,
  type ReconnectOptions,
  type WhatsAppAlert,
  type WhatsAppStatus,
} from './whatsapp-session';

export interface WhatsAppChannelOptions {
  client: WhatsAppClientPort;
  documents: DocumentStore;
  /** Who wrote to us first or opted in: the only people we write to. */
  contacts: WhatsAppContactRepository;
  logger: Logger;
  pacing?: Partial<PacingOptions>;
  /** A send whose pacing slot is further away than this gives its worker back and comes again later. */
  maxPacingWaitMs?: number;
  maxMediaBytes?: number;
  /** How long one `sendMessage` may take before it counts as failed (retryable). */
  sendTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
  watchdogIntervalMs?: number;
  startTimeoutMs?: number;
  /** Every new QR code to scan (main prints it in the terminal). */
  onQr?: (qr: string) => void;
}

/** Texts longer than this go out in several messages: WhatsApp takes more, people read less. */
const MAX_TEXT = 4_000;
/** WhatsApp shows about this much of a document caption; a longer one follows as text. */
const MAX_CAPTION = 1_000;
/** Parts already sent of a message being retried, remembered for this many messages. */
const PROGRESS_MEMORY = 1_000;
/** A message the spine could not take (a database hiccup) is offered again this many times. */
const HAND_OVER_ATTEMPTS = 3;

type Part = { content: WhatsAppContent; options?: WhatsAppSendOptions };

/**
 * WhatsApp over whatsapp-web.js: WhatsApp Web driven in a headless Chromium, linked to the
 * association's phone by a QR scan (docs/channels/whatsapp.md).
 *
 * - In: texts, images, documents, voice notes (and audio), videos, stickers and locations from one
 *   person's chat, in order per chat; attachments go to the document store. Own messages, status
 *   updates, groups and system notices are dropped. The sender id is kept as WhatsApp gives it
 *   (`…@lid` or `…@c.us`) and is never read as a phone number (see `senderIdentity`).
 * - Out: only to chats that wrote first or opted in (`not opted in` otherwise, permanent); choices as
 *   a numbered list; long texts split at paragraphs; documents as files; paced per chat and overall.
 *   While the session is down every send is refused as retryable, to go out once it is back.
 * - Session: {@link WhatsAppSession} (status, QR, reconnection with backoff, `alerts`).
 */
export class WhatsAppChannel implements ChannelAdapter {
  readonly name = 'whatsapp' as const;
  readonly capabilities = { buttons: false, idempotentDelivery: false, maxTextLength: MAX_TEXT };
  private readonly session: WhatsAppSession;
  private readonly pacer: SendPacer;
  private readonly log: Logger;
  private handler: InboundHandler | undefined;
  /** Per chat, the tail of its inbound chain: one message at a time, in the order WhatsApp gave them. */
  private readonly chains = new Map<string, Promise<void>>();
  /** idempotency key → parts already delivered, so a retried long message does not repeat its start. */
  private readonly progress = new Map<string, number>();

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.log = options.logger.child({ channel: 'whatsapp' });
    this.pacer = new SendPacer(options.pacing);
    this.session = new WhatsAppSession({
      client: options.client,
      logger: this.log,
      onMessage: (message) => this.receive(message),
      onQr: options.onQr,
      reconnect: options.reconnect,
      watchdogIntervalMs: options.watchdogIntervalMs,
      startTimeoutMs: options.startTimeoutMs,
    });
  }

  /** Staff alerts: `alerts.on('alert', (a) => …)` with `whatsapp.scan-needed | disconnected | ready`. */
  get alerts(): WhatsAppSession['alerts'] {
    return this.session.alerts;
  }

  /** The session's state, with the QR code to scan while one is needed (for the web console). */
  status(): WhatsAppStatus {
    return this.session.status();
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
    this.session.start();
  }

  /** Stops receiving, hands over what was already received, then closes the browser. */
  async stop(): Promise<void> {
    await this.session.stop();
    await this.idle();
    this.handler = undefined;
  }

  /** Resolves when every message received so far has been handed to the spine (or given up). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  async send(
    recipient: string,
    message: OutboundMessage,
    meta: { idempotencyKey: string },
  ): Promise<SendResult> {
    try {
      if (!(await this.options.contacts.mayMessage(recipient))) {
        return { ok: false, retryable: false, error: 'not opted in' };
      }
      if (!this.session.isReady()) return this.notConnected();
      const parts = await this.render(message);
      if ('error' in parts) return parts.error;
      let platformMessageId: string | undefined;
      for (let i = this.progress.get(meta.idempotencyKey) ?? 0; i < parts.length; i++) {
        const slot = this.pacer.reserve(recipient, this.options.maxPacingWaitMs ?? 15_000);
        if (!slot.ok) return { ok: false, retryable: true, error: 'paced', retryAfterMs: slot.retryAfterMs };
        const wait = slot.at - Date.now();
        if (wait > 0) await sleep(wait);
        if (!this.session.isReady()) return this.notConnected();
        const part = parts[i]!;
        const sent = await this.withTimeout(
          this.options.client.sendMessage(recipient, part.content, part.options),
        );
        if (!sent) return { ok: false, retryable: false, error: 'chat not found' };
        platformMessageId = sent.id._serialized;
        this.remember(meta.idempotencyKey, i + 1);
      }
      this.progress.delete(meta.idempotencyKey);
      return { ok: true, ...(platformMessageId ? { platformMessageId } : {}) };
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.connectionLost) void this.session.checkHealth();
      this.log.warn({ error: failure.error, retryable: failure.retryable }, 'WhatsApp send failed');
      const { connectionLost: _connectionLost, ...result } = failure;
      return result;
    }
  }

  private notConnected(): SendResult {
    const { state } = this.session.status();
    return {
      ok: false,
      retryable: true,
      error: `WhatsApp is not connected (${state})`,
      retryAfterMs: this.session.retryAfterMs(),
    };
  }

  /** One neutral message as the WhatsApp messages that carry it. */
  private async render(message: OutboundMessage): Promise<Part[] | { error: SendResult }> {
    if (message.kind !== 'document') {
      return splitText(toNumberedText(message), MAX_TEXT).map((text) => ({ content: text }));
    }
    let bytes: Buffer;
    try {
      bytes = await this.options.documents.get(message.ref);
    } catch (err) {
      return {
        error: { ok: false, retryable: false, error: `document not in the store: ${(err as Error).message}` },
      };
    }
    const media = new MessageMedia(
      message.mimeType,
      bytes.toString('base64'),
      message.fileName,
      bytes.length,
    );
    const caption = message.caption?.trim() ?? '';
    if (caption.length <= MAX_CAPTION) {
      return [{ content: media, options: { sendMediaAsDocument: true, ...(caption ? { caption } : {}) } }];
    }
    return [
      { content: media, options: { sendMediaAsDocument: true } },
      ...splitText(caption, MAX_TEXT).map((text) => ({ content: text })),
    ];
  }

  private async withTimeout<T>(sending: Promise<T>): Promise<T> {
    const ms = this.options.sendTimeoutMs ?? 60_000;
    const timeout = new AbortController();
    try {
      return await Promise.race([
        sending,
        sleep(ms, undefined, { signal: timeout.signal }).then(() => {
          throw new Error(`send timed out after ${ms} ms`);
        }),
      ]);
    } finally {
      timeout.abort();
    }
  }

  private remember(key: string, partsSent: number): void {
    this.progress.delete(key);
    this.progress.set(key, partsSent);
    if (this.progress.size > PROGRESS_MEMORY) this.progress.delete(this.progress.keys().next().value!);
  }

  /** Entry point of every native message: filter, then queue it behind the chat's previous one. */
  private receive(message: WhatsAppMessage): void {
    const ignored = ignoreReason(message);
    if (ignored) {
      this.log.debug({ reason: ignored, type: message.type }, 'WhatsApp message ignored');
      return;
    }
    const chat = message.from;
    const previous = this.chains.get(chat) ?? Promise.resolve();
    const next = previous.then(() => this.handOver(message));
    this.chains.set(chat, next);
    void next.finally(() => {
      if (this.chains.get(chat) === next) this.chains.delete(chat);
    });
  }

  /** Converts, records the chat as one we may answer, and gives the message to the spine. Never throws. */
  private async handOver(message: WhatsAppMessage): Promise<void> {
    const messageId = message.id._serialized;
    try {
      const inbound = await toInboundMessage(message, {
        documents: this.options.documents,
        maxMediaBytes: this.options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES,
        logger: this.log,
      });
      for (let attempt = 1; ; attempt++) {
        const handler = this.handler;
        if (!handler) {
          this.log.warn({ messageId }, 'WhatsApp message arrived while the channel is stopped: dropped');
          return;
        }
        try {
          await this.options.contacts.recordInbound(message.from, new Date());
          const result = await handler(inbound);
          if (result.status === 'rejected') this.log.warn({ messageId, issues: result.issues }, 'rejected');
          return;
        } catch (err) {
          if (attempt >= HAND_OVER_ATTEMPTS) throw err;
          await sleep(500 * 2 ** attempt);
        }
      }
    } catch (err) {
      this.log.error({ err, messageId }, 'WhatsApp message lost: could not hand it to the spine');
    }
  }
}

export type { WhatsAppAlert, WhatsAppStatus };
