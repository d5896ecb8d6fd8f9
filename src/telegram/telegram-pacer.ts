/** Telegram's broadcast limits, as its FAQ states them; every field can be changed. */
export interface PacingOptions {
  /** Least time between two messages to one person (Telegram: about one message per second). */
  perChatIntervalMs: number;
  /** Least time between two messages to one group (Telegram: 20 per minute). */
  groupIntervalMs: number;
  /** Most messages started in any one second over all chats (Telegram: about 30). */
  globalPerSecond: number;
}

export const TELEGRAM_PACING: Readonly<PacingOptions> = {
  perChatIntervalMs: 1000,
  groupIntervalMs: 3000,
  globalPerSecond: 30,
};

/** A paced call that had not started when the pacer closed (the bot is stopping). */
export class PacerClosedError extends Error {
  override readonly name = 'PacerClosedError';
  constructor() {
    super('the Telegram bot is stopping; the message was not sent');
  }
}

interface Lane {
  /** Settles when the previous call to this chat has finished. */
  tail: Promise<void>;
  /** No call to this chat starts before this time. */
  notBefore: number;
  waiting: number;
}

const WINDOW_MS = 1000;
const PRUNE_AT = 1000;

/**
 * Delays Bot API sends so they stay within Telegram's limits: bursts wait, they are never refused.
 * Calls to one chat run one after another in the order they came, each starting at least the chat's
 * interval after the previous one *finished* (so however the network delays a request, Telegram
 * never sees two closer than the interval). Over all chats, call k starts at least a second after
 * call k−30 finished, which keeps any one-second window at 30 or fewer. After a 429, `hold` keeps
 * the chat quiet for the `retry_after` Telegram asked for.
 */
export class TelegramPacer {
  private readonly options: PacingOptions;
  private readonly lanes = new Map<string, Lane>();
  private readonly finished = new Map<number, Promise<number>>();
  private issued = 0;
  /** The latest finish time among calls at least `globalPerSecond` places back. */
  private floor = 0;
  private globalTail: Promise<void> = Promise.resolve();
  private readonly closing = new AbortController();

  constructor(options: Partial<PacingOptions> = {}) {
    this.options = { ...TELEGRAM_PACING, ...options };
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Runs `call` when `chatId` and the bot may send again. Rejects with PacerClosedError after `close`. */
  async run<T>(chatId: string, call: () => Promise<T>): Promise<T> {
    if (this.closed) throw new PacerClosedError();
    const lane = this.lane(chatId);
    const previous = lane.tail;
    let done!: () => void;
    lane.tail = new Promise((resolve) => (done = resolve));
    lane.waiting++;
    try {
      await previous;
      await this.sleepUntil(lane.notBefore);
      const finish = await this.globalSlot();
      try {
        return await call();
      } finally {
        const endedAt = Date.now();
        finish(endedAt);
        const interval = chatId.startsWith('-')
          ? this.options.groupIntervalMs
          : this.options.perChatIntervalMs;
        lane.notBefore = Math.max(lane.notBefore, endedAt + interval);
      }
    } finally {
      lane.waiting--;
      done();
    }
  }

  /** Keeps `chatId` quiet for `ms` from now (Telegram's `retry_after`). */
  hold(chatId: string, ms: number): void {
    const lane = this.lane(chatId);
    lane.notBefore = Math.max(lane.notBefore, Date.now() + ms);
  }

  /** Calls still waiting for their turn give up with PacerClosedError; calls under way finish. */
  close(): void {
    this.closing.abort();
  }

  /** Waits for the bot-wide turn; the returned function records when the call finished. */
  private async globalSlot(): Promise<(endedAt: number) => void> {
    const index = this.issued++;
    let record!: (endedAt: number) => void;
    this.finished.set(index, new Promise<number>((resolve) => (record = resolve)));
    const previous = this.globalTail;
    let release!: () => void;
    this.globalTail = new Promise((resolve) => (release = resolve));
    try {
      await previous;
      if (this.closed) throw new PacerClosedError();
      const back = index - this.options.globalPerSecond;
      const earlier = this.finished.get(back);
      if (earlier) {
        this.floor = Math.max(this.floor, await earlier);
        this.finished.delete(back);
      }
      if (back >= 0) await this.sleepUntil(this.floor + WINDOW_MS);
      return record;
    } catch (error) {
      // Not sending after all: later calls must not wait on this one.
      record(0);
      throw error;
    } finally {
      release();
    }
  }

  private lane(chatId: string): Lane {
    let lane = this.lanes.get(chatId);
    if (!lane) {
      if (this.lanes.size >= PRUNE_AT) this.prune();
      lane = { tail: Promise.resolve(), notBefore: 0, waiting: 0 };
      this.lanes.set(chatId, lane);
    }
    return lane;
  }

  /** Forgets chats with nothing waiting whose quiet time is over: they may send at once anyway. */
  private prune(): void {
    const now = Date.now();
    for (const [chatId, lane] of this.lanes) {
      if (lane.waiting === 0 && lane.notBefore <= now) this.lanes.delete(chatId);
    }
  }

  /**
   * Resolves once `Date.now()` has reached `time`. A timer can fire a millisecond before the wall
   * clock says its time has come (timers run on a monotonic clock), and a call started 999 ms after the
   * one 30 places back is the 31st in Telegram's second: the benchmark saw about one 429 per thousand
   * sends until this checked the clock again (issue #8).
   */
  private async sleepUntil(time: number): Promise<void> {
    for (;;) {
      const signal = this.closing.signal;
      if (signal.aborted) throw new PacerClosedError();
      const ms = time - Date.now();
      if (ms <= 0) return;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(new PacerClosedError());
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}
