import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DocumentStore } from '../../documents/document-store';
import type { Notice, OutboundMessage } from '../../domain/outbound-message';
import type { DeliveryReport } from '../../store/delivery-report-repository';
import type { WhatsAppContactRepository } from '../../store/whatsapp-contact-repository';
import type { PgWhatsAppWindowRepository, WhatsAppWindowFacts } from '../../store/whatsapp-window-repository';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import {
  classifyGraphCode,
  classifyGraphError,
  type CloudAlertKind,
  type GraphFailure,
} from './classify-graph-error';
import { ignoreReason, toInboundMessage } from './cloud-inbound';
import { CloudPacer } from './cloud-pacer';
import { reopenDue, windowOpen } from './customer-service-window';
import { NotReceivingError } from './not-receiving-error';
import { readDelivery, seconds, type CloudStatus, type CloudWebhookBody } from './cloud-webhook-payload';
import { GraphClient, type GraphApiConfig } from './graph-client';
import { CLOUD_LIMITS, renderCloudMessage, type CloudPart } from './render-cloud-message';

/** A template to send: Meta's name, the language it was approved in, the body's parameters in order. */
export interface TemplateToSend {
  name: string;
  language: string;
  parameters: string[];
}

/** The profile's templates (`whatsappTemplates`), as the channel asks for them. */
export interface CloudTemplates {
  forNotice(notice: Notice, lang: 'ar' | 'en'): TemplateToSend | undefined;
  /** The generic "you have a new message, write to read it" template. */
  reopen(lang: 'ar' | 'en'): TemplateToSend | undefined;
}

/** Something a person at the association must act on (`alerts.whatsapp.<kind>`). */
export interface CloudAlert {
  kind: CloudAlertKind;
  error: string;
  /** What the alert is about (a message id, an outbox key), for one alert per cause. */
  about: string;
}

export interface WhatsAppCloudChannelOptions {
  graph: GraphApiConfig;
  /** The app secret, which signs every webhook delivery (`WHATSAPP_CLOUD_APP_SECRET`). */
  appSecret: string;
  /** What Meta presents when the webhook is verified (`WHATSAPP_CLOUD_VERIFY_TOKEN`). */
  verifyToken: string;
  /** The webhook route's path (`WHATSAPP_CLOUD_WEBHOOK_PATH`). */
  webhookPath: string;
  documents: DocumentStore;
  /** Who wrote to us first: the only people we write to. */
  contacts: WhatsAppContactRepository;
  window: Pick<PgWhatsAppWindowRepository, 'facts' | 'recordClosed' | 'recordReopenAsked'>;
  templates: CloudTemplates;
  /** The label of the button that opens a list of choices, per language (at most 20 characters). */
  listButton: { ar: string; en: string };
  logger: Logger;
  /** The runtime's clock: the 24-hour window is counted on it. */
  now?: () => Date;
  /** The number's throughput (default 80 messages a second). */
  maxPerSecond?: number;
  /** A send whose pacing slot is further away than this gives its worker back and comes again later. */
  maxPacingWaitMs?: number;
  maxMediaBytes?: number;
  /** What Meta reports about each message sent (statuses), for the outbox. */
  onReport?: (report: DeliveryReport) => Promise<void>;
  /** Something only a person can fix: a token, a template, an undeliverable message. */
  onAlert?: (alert: CloudAlert) => void;
  /** A person with held messages wrote: their window is open again, the held messages can go now. */
  onWindowReopened?: (recipient: string) => void;
}

const DAY_MS = 24 * 3600_000;
/** A held message (outside the window, no template of its own) is tried again this often… */
const HOLD_RETRY_MS = 5 * 60_000;
/** …and given up after this long without the person writing. */
const HOLD_MAX_MS = 7 * DAY_MS;
/** Message ids handed over lately: a delivery Meta repeats does not download its files again. */
const SEEN_MEMORY = 2_000;
const PROGRESS_MEMORY = 1_000;
export const DEFAULT_MAX_MEDIA_BYTES = 10 * 1024 * 1024;

const langOf = (text: string): 'ar' | 'en' => (/[\u0600-\u06ff]/.test(text) ? 'ar' : 'en');

/**
 * WhatsApp over Meta's official Cloud API (docs/channels/whatsapp-cloud.md): Meta posts what people send
 * to our webhook (`cloudWebhookRoutes`, signed with the app secret), and we send through the Graph API.
 *
 * - In: texts, button and list replies (their choice id), images, documents, voice notes, videos,
 *   stickers, locations; contact cards and unsupported types as an attachment the flow answers;
 *   reactions and system notices dropped. Files are downloaded by media id into the document store. The
 *   sender id is the person's WhatsApp number (Meta vouches for it). In order per person.
 * - Out: only to people who wrote first; choices as reply buttons (≤ 3), a list (≤ 10) or numbered text;
 *   documents uploaded then sent; paced to the number's throughput, waiting when Meta says so.
 * - The 24-hour window: past it, a notification goes as its template (profile `whatsappTemplates`);
 *   another message (a staff reply, a survey offer) is held, and the person gets the re-open template
 *   once a day until they write, for at most a week.
 * - Statuses (`sent`, `delivered`, `read`, `failed`) go to `onReport` for the outbox; a failure's code
 *   says whether to resend, resend as a template, or give up, and alerts staff where a person must act.
 */
export class WhatsAppCloudChannel implements ChannelAdapter {
  readonly name = 'whatsapp' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: false, maxTextLength: CLOUD_LIMITS.text };
  private readonly graph: GraphClient;
  private readonly pacer: CloudPacer;
  private readonly log: Logger;
  private readonly now: () => Date;
  private handler: InboundHandler | undefined;
  /** Per person, the tail of their inbound chain: one message at a time, in the order Meta gave them. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  /** idempotency key → parts already delivered, so a retried long message does not repeat its start. */
  private readonly progress = new Map<string, number>();
  /** idempotency key → when it was first held outside the window. */
  private readonly heldSince = new Map<string, number>();
  /** People with messages held for them: their next message releases them. */
  private readonly waiting = new Set<string>();

  private readonly options: WhatsAppCloudChannelOptions;

  constructor(options: WhatsAppCloudChannelOptions) {
    this.options = { ...options };
    this.log = options.logger.child({ channel: 'whatsapp', api: 'cloud' });
    this.now = options.now ?? (() => new Date());
    this.graph = new GraphClient(options.graph);
    this.pacer = new CloudPacer(options.maxPerSecond ?? 80);
  }

  /** Where statuses, alerts and a reopened window go (`connectWhatsAppCloud`, once the spine runs). */
  connect(hooks: Pick<WhatsAppCloudChannelOptions, 'onReport' | 'onAlert' | 'onWindowReopened'>): void {
    Object.assign(this.options, hooks);
  }

  /** The route's settings (`cloudWebhookRoutes`). */
  get webhook(): { path: string; appSecret: string; verifyToken: string } {
    return {
      path: this.options.webhookPath,
      appSecret: this.options.appSecret,
      verifyToken: this.options.verifyToken,
    };
  }

  get receiving(): boolean {
    return this.handler !== undefined;
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }

  /** Stops taking deliveries (the route answers 503, Meta delivers again later) and finishes the ones under way. */
  async stop(): Promise<void> {
    this.handler = undefined;
    while (this.chains.size > 0) await Promise.allSettled(this.chains.values());
  }

  /**
   * One verified webhook delivery. Resolves once every message in it was accepted by the spine (or
   * deliberately dropped) and every status recorded; rejects when one could not be, so the route answers
   * 5xx and Meta delivers it again (what was accepted is then a duplicate, dropped by id).
   */
  async handleDelivery(body: CloudWebhookBody): Promise<void> {
    const delivery = readDelivery(body, this.options.graph.phoneNumberId);
    if (delivery.unreadable > 0)
      this.log.warn({ count: delivery.unreadable }, 'WhatsApp webhook items not understood');
    const handing = delivery.messages.map(({ message, profileName }) => {
      const ignored = ignoreReason(message);
      if (ignored) {
        this.log.debug({ reason: ignored }, 'WhatsApp message ignored');
        return Promise.resolve();
      }
      return this.chain(message.from, async () => {
        if (this.seen.has(message.id)) return;
        const handler = this.handler;
        if (!handler) throw new NotReceivingError();
        const inbound = await toInboundMessage(message, profileName, {
          graph: this.graph,
          documents: this.options.documents,
          maxMediaBytes: this.options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES,
          logger: this.log,
          now: this.now,
        });
        const at = seconds(message.timestamp) > 0 ? new Date(seconds(message.timestamp) * 1000) : this.now();
        await this.options.contacts.recordInbound(message.from, at);
        const result = await handler(inbound);
        if (result.status === 'rejected')
          this.log.warn({ issues: result.issues }, 'WhatsApp message rejected');
        this.remember(this.seen, message.id, SEEN_MEMORY);
        if (this.waiting.delete(message.from)) this.options.onWindowReopened?.(message.from);
      });
    });
    const reporting = delivery.statuses.map((status) => this.report(status));
    const results = await Promise.allSettled([...handing, ...reporting]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
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
      const facts = await this.options.window.facts(recipient);
      if (windowOpen(facts, this.now())) {
        this.heldSince.delete(meta.idempotencyKey);
        return await this.sendParts(recipient, message, meta.idempotencyKey);
      }
      return await this.outsideWindow(recipient, message, meta.idempotencyKey, facts);
    } catch (error) {
      const failure = classifyGraphError(error);
      if (failure.outcome === 'template') {
        // Meta says the window is closed though we counted it open: the next try goes as a template.
        await this.options.window.recordClosed(recipient, this.now()).catch(() => undefined);
      }
      return this.failure(failure, meta.idempotencyKey);
    }
  }

  /** Past the 24-hour window: a notification as its template; anything else held for the person to write. */
  private async outsideWindow(
    recipient: string,
    message: OutboundMessage,
    key: string,
    facts: WhatsAppWindowFacts,
  ): Promise<SendResult> {
    const lang = langOf(message.kind === 'document' ? (message.caption ?? '') : message.text);
    if (message.kind === 'text' && message.notice) {
      const template = this.options.templates.forNotice(message.notice, message.notice.lang ?? lang);
      if (!template) {
        return this.failure(
          {
            outcome: 'give-up',
            alert: 'template',
            error: `outside the 24-hour window and no template for ${message.notice.key}`,
          },
          key,
        );
      }
      return this.sendTemplate(recipient, template);
    }
    const now = this.now().getTime();
    const since = this.heldSince.get(key) ?? now;
    if (now - since > HOLD_MAX_MS) {
      this.heldSince.delete(key);
      return {
        ok: false,
        retryable: false,
        error: 'outside the 24-hour window: the person did not write for a week',
      };
    }
    this.remember(this.heldSince, key, PROGRESS_MEMORY, since);
    this.waiting.add(recipient);
    if (reopenDue(facts, this.now())) {
      const template = this.options.templates.reopen(lang);
      if (!template) {
        return this.failure(
          {
            outcome: 'give-up',
            alert: 'template',
            error: 'outside the 24-hour window and no re-open template',
          },
          key,
        );
      }
      const sent = await this.sendTemplate(recipient, template);
      if (!sent.ok) return sent;
      await this.options.window.recordReopenAsked(recipient, this.now());
    }
    return {
      ok: false,
      retryable: true,
      error: 'held: outside the 24-hour window until the person writes',
      retryAfterMs: HOLD_RETRY_MS,
    };
  }

  private async sendTemplate(recipient: string, template: TemplateToSend): Promise<SendResult> {
    const components =
      template.parameters.length > 0
        ? [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }]
        : [];
    const slot = await this.slot();
    if ('retryAfterMs' in slot) return slot;
    const id = await this.graph.sendMessage({
      to: recipient,
      type: 'template',
      template: { name: template.name, language: { code: template.language }, components },
    });
    return { ok: true, platformMessageId: id };
  }

  private async sendParts(recipient: string, message: OutboundMessage, key: string): Promise<SendResult> {
    const text = message.kind === 'document' ? (message.caption ?? '') : message.text;
    const parts = renderCloudMessage(message, this.options.listButton[langOf(text)]);
    let platformMessageId: string | undefined;
    for (let i = this.progress.get(key) ?? 0; i < parts.length; i++) {
      const slot = await this.slot();
      if ('retryAfterMs' in slot) return slot;
      platformMessageId = await this.graph.sendMessage({ to: recipient, ...(await this.bodyOf(parts[i]!)) });
      this.remember(this.progress, key, PROGRESS_MEMORY, i + 1);
    }
    this.progress.delete(key);
    return { ok: true, ...(platformMessageId ? { platformMessageId } : {}) };
  }

  private async bodyOf(part: CloudPart): Promise<Record<string, unknown>> {
    if (part.kind === 'message') return part.body;
    const bytes = await this.options.documents.get(part.ref);
    const id = await this.graph.uploadMedia(bytes, part.mimeType, part.fileName);
    return {
      type: 'document',
      document: { id, filename: part.fileName, ...(part.caption ? { caption: part.caption } : {}) },
    };
  }

  /** Waits for this number's next sending slot, or says when to come back. */
  private async slot(): Promise<{ ok: true } | Extract<SendResult, { ok: false }>> {
    const slot = this.pacer.reserve(this.options.maxPacingWaitMs ?? 15_000);
    if ('retryAfterMs' in slot)
      return { ok: false, retryable: true, error: 'paced', retryAfterMs: slot.retryAfterMs };
    const wait = slot.at - Date.now();
    if (wait > 0) await sleep(wait);
    return { ok: true };
  }

  private failure(failure: GraphFailure, about: string): SendResult {
    if (failure.alert) this.options.onAlert?.({ kind: failure.alert, error: failure.error, about });
    this.log.warn({ error: failure.error, outcome: failure.outcome }, 'WhatsApp send failed');
    if (failure.outcome === 'give-up') return { ok: false, retryable: false, error: failure.error };
    if (failure.outcome === 'template')
      return { ok: false, retryable: true, error: failure.error, retryAfterMs: 0 };
    if (failure.retryAfterMs) this.pacer.pause(failure.retryAfterMs);
    return {
      ok: false,
      retryable: true,
      error: failure.error,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    };
  }

  /** One status: a failure classified (and the window marked closed on 131047), then reported. */
  private async report(status: CloudStatus): Promise<void> {
    const kind = status.status;
    if (kind !== 'sent' && kind !== 'delivered' && kind !== 'read' && kind !== 'failed') return;
    const at = seconds(status.timestamp) > 0 ? new Date(seconds(status.timestamp) * 1000) : this.now();
    const report: DeliveryReport = { channel: 'whatsapp', platformMessageId: status.id, status: kind, at };
    if (kind === 'failed') {
      const first = status.errors?.[0];
      const failure = classifyGraphCode(
        first?.code ?? 0,
        `${first?.code ?? ''} ${first?.title ?? first?.message ?? 'failed'}`.trim(),
      );
      report.error = failure.error;
      report.outcome = failure.outcome;
      if (failure.outcome === 'retry' && failure.retryAfterMs !== undefined)
        report.retryAfterMs = failure.retryAfterMs;
      if (failure.outcome === 'template' && status.recipient_id) {
        await this.options.window.recordClosed(status.recipient_id, at);
      }
      if (failure.alert)
        this.options.onAlert?.({ kind: failure.alert, error: failure.error, about: status.id });
    }
    await this.options.onReport?.(report);
  }

  private chain(sender: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(sender) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.chains.set(sender, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.chains.get(sender) === next) this.chains.delete(sender);
      });
    return next;
  }

  private remember<V>(memory: Map<string, V> | Set<string>, key: string, limit: number, value?: V): void {
    memory.delete(key);
    if (memory instanceof Set) memory.add(key);
    else memory.set(key, value as V);
    if (memory.size > limit) memory.delete(memory.keys().next().value!);
  }
}
