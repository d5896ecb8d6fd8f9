import type http from 'node:http';
import { newConversationId, statusObject, type StatusName } from './statuses';
import type { StatusDelivery } from './types';
import { postToWebhook, signature, webhookEnvelope, type EnvelopeIdentity } from './webhook-envelope';

type Answer = { status: number; body: string };

/**
 * The stand-in's outgoing side: signed webhook POSTs, one at a time and in order (each waits for the
 * app's answer to the previous one), and a log of the statuses sent.
 */
export class WebhookSender {
  url: string | undefined;
  readonly statusLog: StatusDelivery[] = [];
  private readonly conversations = new Map<string, string>();
  private outbox: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly appSecret: string,
    readonly identity: EnvelopeIdentity,
    private readonly now: () => number,
    url: string | undefined,
  ) {
    this.url = url;
  }

  /** Runs `task` after every webhook queued before it has been answered. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.outbox.then(task);
    this.outbox = result.catch(() => undefined);
    return result;
  }

  /** Statuses go out once the adapter has its answer (the response closed), as Meta's come later. */
  afterResponse(res: http.ServerResponse, task: () => Promise<unknown>): void {
    const answered = new Promise<void>((resolve) => {
      if (res.closed) setTimeout(resolve, 5);
      else res.once('close', () => setTimeout(resolve, 5));
    });
    void this.enqueue(() => answered.then(task));
  }

  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.outbox;
      await seen;
    } while (seen !== this.outbox);
  }

  /** After the stand-in closes, queued statuses are dropped rather than posted to an app shutting down. */
  stop(): void {
    this.stopped = true;
  }

  /** POSTs a raw body; `signatureHeader` undefined signs it, null sends no header. */
  postRaw(rawBody: string | Buffer, signatureHeader?: string | null): Promise<Answer> {
    if (this.stopped) return Promise.resolve({ status: 0, body: 'the stand-in is closed' });
    const header = signatureHeader === undefined ? signature(this.appSecret, rawBody) : signatureHeader;
    return postToWebhook(this.requireUrl(), rawBody, header);
  }

  /** The whole envelope around `value` (`contacts` + `messages`, or `statuses`), signed. */
  postValue(value: Record<string, unknown>): Promise<Answer> {
    return this.postRaw(JSON.stringify(webhookEnvelope(this.identity, value)));
  }

  async postStatus(input: {
    wamid: string;
    status: StatusName;
    recipientId: string;
    category: 'service' | 'utility';
    errors?: Record<string, unknown>[];
  }): Promise<Answer> {
    // One conversation per person, as a service conversation lasts 24 h (the stand-in never rolls it).
    let conversationId = this.conversations.get(input.recipientId);
    if (!conversationId) this.conversations.set(input.recipientId, (conversationId = newConversationId()));
    const status = statusObject({
      ...input,
      conversationId,
      timestampSeconds: Math.floor(this.now() / 1000),
    });
    const answer = await this.postValue({ statuses: [status] });
    this.statusLog.push({ wamid: input.wamid, status: input.status, httpStatus: answer.status });
    return answer;
  }

  requireUrl(): string {
    if (!this.url) throw new Error('FakeGraphApi: no webhook URL (pass webhookUrl or call setWebhook)');
    return this.url;
  }
}
