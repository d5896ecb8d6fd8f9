/** How fast Tawasul may write on WhatsApp. Conservative by default: an unofficial client is easy to ban. */
export interface PacingOptions {
  /** Least pause between two messages to the same chat. */
  chatGapMs: number;
  /** Up to this much is added at random to each pause, so the rhythm is not machine-regular. */
  jitterMs: number;
  /** Most messages in any 60 seconds, all chats together. */
  perMinute: number;
}

export const DEFAULT_PACING: PacingOptions = { chatGapMs: 2_000, jitterMs: 1_000, perMinute: 20 };

const WINDOW_MS = 60_000;

export type Reservation = { ok: true; at: number } | { ok: false; retryAfterMs: number };

/**
 * Hands out send times: at least `chatGapMs` (+ jitter) after the previous message to the same chat,
 * and never more than `perMinute` in any sliding minute. A reservation is final (a failed send still
 * counts), which errs on the slow side. Synchronous, so two concurrent sends never get the same slot.
 */
export class SendPacer {
  private readonly options: PacingOptions;
  private readonly nextForChat = new Map<string, number>();
  /** Reserved send times, ascending. */
  private reserved: number[] = [];

  constructor(
    options: Partial<PacingOptions> = {},
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...DEFAULT_PACING, ...options };
    if (this.options.perMinute < 1) throw new RangeError('perMinute must be at least 1');
  }

  /**
   * The earliest time a message to `chatId` may go. When that is more than `maxWaitMs` away nothing is
   * reserved and the caller is told when to come back instead (so a worker slot is not held idle).
   */
  reserve(chatId: string, maxWaitMs: number): Reservation {
    const now = this.now();
    this.forget(now);
    const earliest = Math.max(now, this.nextForChat.get(chatId) ?? now);
    const at = this.firstFreeSlot(earliest);
    if (at - now > maxWaitMs) return { ok: false, retryAfterMs: at - now };
    const gap = this.options.chatGapMs + Math.round(this.random() * this.options.jitterMs);
    this.nextForChat.set(chatId, at + gap);
    this.insert(at);
    return { ok: true, at };
  }

  /** The earliest t ≥ from with fewer than perMinute reservations in every minute containing t. */
  private firstFreeSlot(from: number): number {
    if (this.fits(from)) return from;
    // The answer is always "from" or the moment some reservation leaves a window; the last one works.
    for (const t of this.reserved.map((r) => r + WINDOW_MS)) {
      if (t > from && this.fits(t)) return t;
    }
    return (this.reserved.at(-1) ?? from) + WINDOW_MS;
  }

  private fits(t: number): boolean {
    const limit = this.options.perMinute;
    const times = [...this.reserved, t].sort((a, b) => a - b);
    const index = times.indexOf(t);
    // Every run of limit + 1 consecutive sends that includes t must span a full minute.
    for (let start = Math.max(0, index - limit); start <= index && start + limit < times.length; start++) {
      if (times[start + limit]! - times[start]! < WINDOW_MS) return false;
    }
    return true;
  }

  private insert(t: number): void {
    this.reserved.push(t);
    this.reserved.sort((a, b) => a - b);
  }

  /** Drops what no longer constrains anything: sends over a minute old, chats whose pause has passed. */
  private forget(now: number): void {
    this.reserved = this.reserved.filter((t) => t > now - WINDOW_MS);
    for (const [chat, next] of this.nextForChat) if (next <= now) this.nextForChat.delete(chat);
  }
}
