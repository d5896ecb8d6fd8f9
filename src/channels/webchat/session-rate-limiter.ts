/**
 * A sliding-window limit per key (a web chat session): at most `max` hits in any `windowMs`. Kept in
 * memory: with several app processes behind a load balancer each counts its own share, which still
 * stops a runaway page or script; a shared limit would belong in Redis.
 */
export class SessionRateLimiter {
  private readonly hits = new Map<string, number[]>();
  private takes = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key`: 0 when allowed, otherwise how many ms until one more would be. */
  take(key: string): number {
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return (recent[0] ?? now) + this.windowMs - now;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (++this.takes % 1_000 === 0) this.forgetIdle(since);
    return 0;
  }

  /** Drops keys with no hit in the window, so the map holds only active sessions. */
  private forgetIdle(since: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => t > since)) this.hits.delete(key);
  }
}
