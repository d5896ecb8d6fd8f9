/** How many messages one sender may hand the spine: a burst, refilled at a steady rate. */
export interface InboundBudgetOptions {
  /** Messages at once (an album of photos, a quick typist): the bucket's size. */
  burst: number;
  /** Messages per minute after the burst: the refill rate. */
  perMinute: number;
}

/** 40 at once (WhatsApp shares up to 30 photos in one go), then one a second: no person types faster. */
export const DEFAULT_INBOUND_BUDGET: InboundBudgetOptions = { burst: 40, perMinute: 60 };

export type BudgetAnswer =
  | { ok: true }
  /** Over budget. `first`: the first refusal since the sender was last within budget (say so once). */
  | { ok: false; retryAfterMs: number; first: boolean };

interface Bucket {
  tokens: number;
  at: number;
  refusing: boolean;
}

/**
 * A token bucket per sender (channel and channel user id), in memory. It runs before anything is
 * written, so a flood from one sender costs no database work beyond its budget, fills no queue, and
 * leaves the other conversations their share of the store and the workers. With several app processes
 * each keeps its own count (a sender may get that many times the budget); a shared count would belong
 * in Redis. Full buckets are forgotten, so memory holds only the senders active in the last minute or so.
 */
export class InboundBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private takes = 0;

  constructor(
    private readonly options: InboundBudgetOptions = DEFAULT_INBOUND_BUDGET,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.burst >= 1 && options.perMinute > 0)) {
      throw new Error(`inbound budget needs burst >= 1 and perMinute > 0, got ${JSON.stringify(options)}`);
    }
    this.perMs = options.perMinute / 60_000;
  }

  /** Counts one message of `sender`. */
  take(sender: string): BudgetAnswer {
    const now = this.now();
    if (++this.takes % 1_000 === 0) this.forgetFull(now);
    const bucket = this.buckets.get(sender) ?? { tokens: this.options.burst, at: now, refusing: false };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(sender, bucket);
    if (bucket.tokens >= 1) {
      // A token trickling in mid-flood does not end the flood: only a sender quiet long enough for the
      // bucket to fill again is told once more if they flood again (one notice per flood).
      if (bucket.tokens >= this.options.burst) bucket.refusing = false;
      bucket.tokens -= 1;
      return { ok: true };
    }
    const first = !bucket.refusing;
    bucket.refusing = true;
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs), first };
  }

  private forgetFull(now: number): void {
    for (const [sender, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.options.burst) this.buckets.delete(sender);
    }
  }
}
