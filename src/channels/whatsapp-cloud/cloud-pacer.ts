/**
 * Hands out send times for one Cloud API number: at most `perSecond` messages a second all together
 * (the number's throughput, 80 by default), and nothing while Meta asked us to wait (a rate-limit
 * error). Synchronous, so two concurrent sends never get the same slot.
 */
export class CloudPacer {
  private next = 0;
  private pausedUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be above 0');
  }

  /** When the next message may go, or, when that is more than `maxWaitMs` away, when to come back. */
  reserve(maxWaitMs: number): { at: number } | { retryAfterMs: number } {
    const now = this.now();
    const at = Math.max(now, this.next, this.pausedUntil);
    if (at - now > maxWaitMs) return { retryAfterMs: at - now };
    this.next = at + 1000 / this.perSecond;
    return { at };
  }

  /** Meta said we are over a limit: nothing goes for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}
