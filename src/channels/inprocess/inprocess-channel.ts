import { randomUUID } from 'node:crypto';
import type { InboundMessageInput } from '../../domain/inbound-message';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { AcceptResult, ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { splitMessage } from '../../domain/text/split-text';

type Waiter = { resolve: (m: OutboundMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/**
 * A channel that lives inside the process, for tests and benchmarks. It goes through the same
 * spine as any platform: `say()` is a person sending a message, `nextReply()` is their phone
 * receiving one. Delivery is keyed by the idempotency key, like a platform that deduplicates.
 *
 * ```ts
 * const chat = new InProcessChannel();
 * await chat.say('user-1', 'hello');
 * const reply = await chat.nextReply('user-1'); // { kind: 'choices', text: 'Welcome…', choices: [...] }
 * ```
 */
export class InProcessChannel implements ChannelAdapter {
  readonly name = 'inprocess' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: true, maxTextLength: 100_000 };
  private handler: InboundHandler | undefined;
  private readonly delivered = new Set<string>();
  private readonly inboxes = new Map<string, OutboundMessage[]>();
  private readonly history = new Map<string, OutboundMessage[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly run = randomUUID().slice(0, 8);
  private counter = 0;
  private refuseNext: 'retryable' | 'permanent' | undefined;

  /** `now` stamps what people send: a test gives the runtime's clock, so messages and cases share one time. */
  constructor(private readonly now: () => Date = () => new Date()) {}

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    for (const list of this.waiters.values()) {
      for (const w of list) {
        clearTimeout(w.timer);
        w.reject(new Error('channel stopped'));
      }
    }
    this.waiters.clear();
  }

  /** The person `userId` sends a text (or any message fields: choiceId, media, location). */
  async say(userId: string, input: string | Partial<InboundMessageInput> = ''): Promise<AcceptResult> {
    if (!this.handler) throw new Error('InProcessChannel is not started');
    const fields = typeof input === 'string' ? { text: input } : input;
    return this.handler({
      channel: 'inprocess',
      channelMessageId: `${this.run}-${++this.counter}`,
      sender: { channelUserId: userId },
      receivedAt: this.now(),
      ...fields,
    });
  }

  async send(
    recipient: string,
    message: OutboundMessage,
    meta: { idempotencyKey: string },
  ): Promise<SendResult> {
    const refusal = this.refuseNext;
    if (refusal) {
      this.refuseNext = undefined;
      return refusal === 'retryable'
        ? { ok: false, retryable: true, error: 'in-process channel: refused (retryable)', retryAfterMs: 10 }
        : { ok: false, retryable: false, error: 'in-process channel: refused (permanent)' };
    }
    if (this.delivered.has(meta.idempotencyKey)) return { ok: true };
    this.delivered.add(meta.idempotencyKey);
    for (const part of splitMessage(message, this.capabilities.maxTextLength)) {
      push(this.history, recipient, part);
      const waiter = this.waiters.get(recipient)?.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(part);
      } else {
        push(this.inboxes, recipient, part);
      }
    }
    return { ok: true, platformMessageId: meta.idempotencyKey };
  }

  /** The next `send` is refused as a platform would (a rate limit, a blocked user): for failure tests. */
  failNextSend(mode: 'retryable' | 'permanent'): void {
    this.refuseNext = mode;
  }

  /** The next message `userId` receives (already arrived, or the next to arrive). */
  nextReply(userId: string, timeoutMs = 10_000): Promise<OutboundMessage> {
    const ready = this.inboxes.get(userId)?.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(userId) ?? [];
        this.waiters.set(
          userId,
          list.filter((w) => w.timer !== timer),
        );
        reject(new Error(`no reply for ${userId} within ${timeoutMs} ms`));
      }, timeoutMs);
      push(this.waiters, userId, { resolve, reject, timer });
    });
  }

  /** Everything `userId` has received so far, in order. */
  received(userId: string): OutboundMessage[] {
    return [...(this.history.get(userId) ?? [])];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
