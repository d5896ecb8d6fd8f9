import { SessionRateLimiter } from './session-rate-limiter';

/** A sliding window: at most `max` in any `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/**
 * The web chat's flood limits. A session id is chosen by the client, so a limit per session alone is
 * no limit: posts are also counted per client address and for the whole web chat, and an address may
 * start only so many sessions. The defaults leave room for a family or an office behind one address.
 */
export interface WebChatFloodLimits {
  /** Posts (messages and uploads) per session: default 20 in any 10 s. */
  perSession: WindowLimit;
  /** Posts per client address, whatever the session: default 120 a minute. */
  perAddress: WindowLimit;
  /** Posts of the whole web chat (this process): default 600 a minute. */
  global: WindowLimit;
  /** Sessions one address may start (a session id it has not used in the window): default 30 an hour. */
  newSessionsPerAddress: WindowLimit;
}

export const DEFAULT_WEBCHAT_FLOOD_LIMITS: WebChatFloodLimits = {
  perSession: { max: 20, windowMs: 10_000 },
  perAddress: { max: 120, windowMs: 60_000 },
  global: { max: 600, windowMs: 60_000 },
  newSessionsPerAddress: { max: 30, windowMs: 3_600_000 },
};

/** Which limit refused, and how long until one more would pass. */
export type FloodAnswer =
  { ok: true } | { ok: false; limit: 'session' | 'address' | 'global' | 'sessions'; retryAfterMs: number };

/**
 * Counts the web chat's posts against every limit, cheapest refusal first; a post refused by one limit
 * is not counted by the later ones. Kept in memory: with several app processes each counts its own
 * share (a client may get that many times the limit), which still bounds a flood; a shared count would
 * belong in Redis.
 */
export class WebChatFloodGuard {
  private readonly session: SessionRateLimiter;
  private readonly address: SessionRateLimiter;
  private readonly global: SessionRateLimiter;
  /** Per address: the sessions it used, with when it last did. */
  private readonly sessionsOf = new Map<string, Map<string, number>>();
  private checks = 0;

  constructor(
    private readonly limits: WebChatFloodLimits = DEFAULT_WEBCHAT_FLOOD_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    for (const [name, limit] of Object.entries(limits) as [string, WindowLimit][]) {
      if (!(Number.isInteger(limit.max) && limit.max >= 1 && limit.windowMs > 0))
        throw new Error(
          `web chat limit ${name} needs max >= 1 and windowMs > 0, got ${JSON.stringify(limit)}`,
        );
    }
    this.session = new SessionRateLimiter(limits.perSession.max, limits.perSession.windowMs, now);
    this.address = new SessionRateLimiter(limits.perAddress.max, limits.perAddress.windowMs, now);
    this.global = new SessionRateLimiter(limits.global.max, limits.global.windowMs, now);
  }

  /** Counts one post (a message or an upload) of `sessionId` from `address`. */
  post(address: string, sessionId: string): FloodAnswer {
    const opened = this.useSession(address, sessionId);
    if (!opened.ok) return opened;
    const bySession = this.session.take(sessionId);
    if (bySession > 0) return { ok: false, limit: 'session', retryAfterMs: bySession };
    const byAddress = this.address.take(address);
    if (byAddress > 0) return { ok: false, limit: 'address', retryAfterMs: byAddress };
    const byAll = this.global.take('webchat');
    if (byAll > 0) return { ok: false, limit: 'global', retryAfterMs: byAll };
    return { ok: true };
  }

  /**
   * Counts `sessionId` as one of the sessions of `address`; refused when it is new there and the address
   * started its allowance of sessions in the window. `POST /webchat/api/sessions` counts too.
   */
  useSession(address: string, sessionId: string): FloodAnswer {
    const now = this.now();
    const since = now - this.limits.newSessionsPerAddress.windowMs;
    if (++this.checks % 1_000 === 0) this.forgetIdle(since);
    const sessions = this.sessionsOf.get(address) ?? new Map<string, number>();
    for (const [id, at] of sessions) if (at <= since) sessions.delete(id);
    if (!sessions.has(sessionId) && sessions.size >= this.limits.newSessionsPerAddress.max) {
      const oldest = Math.min(...sessions.values());
      return {
        ok: false,
        limit: 'sessions',
        retryAfterMs: oldest + this.limits.newSessionsPerAddress.windowMs - now,
      };
    }
    sessions.set(sessionId, now);
    this.sessionsOf.set(address, sessions);
    return { ok: true };
  }

  private forgetIdle(since: number): void {
    for (const [address, sessions] of this.sessionsOf) {
      if (![...sessions.values()].some((at) => at > since)) this.sessionsOf.delete(address);
    }
  }
}
