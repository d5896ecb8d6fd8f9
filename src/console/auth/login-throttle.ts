import type { Database } from '../../store/database';
import { PgLoginAttemptRepository } from '../../store/console/login-attempt-repository';

export interface LockoutPolicy {
  /** How long a failure of one account name from one address counts towards its delay. */
  pairWindowMs: number;
  /** Failures of one name from one address (since its last success there) before each next try waits. */
  pairFreeFailures: number;
  /** The wait after the first failure beyond the free ones; each further failure doubles it… */
  pairBaseDelayMs: number;
  /** …up to this. */
  pairMaxDelayMs: number;
  /** How long a failure from one address counts towards the address's lock, whatever the name. */
  ipWindowMs: number;
  /**
   * Failures from one address within its window, across names (password spraying), that lock the
   * address. Higher than the free failures of a name: an office behind one address has many staff, and
   * one person's typos must not lock everyone out.
   */
  perIp: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  pairWindowMs: 60 * 60_000,
  pairFreeFailures: 3,
  pairBaseDelayMs: 30_000,
  pairMaxDelayMs: 15 * 60_000,
  ipWindowMs: 15 * 60_000,
  perIp: 20,
};

export type ThrottleVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/** How long one name must wait at one address after `failures` failures there (0 = not at all). */
export function pairDelayMs(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.pairFreeFailures) return 0;
  const doublings = Math.min(failures - policy.pairFreeFailures, 30);
  return Math.min(policy.pairMaxDelayMs, policy.pairBaseDelayMs * 2 ** doublings);
}

/**
 * Sign-in throttling, kept in the database so every app process counts the same attempts. Two limits,
 * neither of which one address can turn against someone signing in from another:
 * - per (address, account name): after `pairFreeFailures` failures each next try from that address for
 *   that name waits, the wait doubling with each failure up to `pairMaxDelayMs` (a success there clears
 *   it). Guessing one password from one address is slowed to a crawl, yet the real person at their own
 *   address is not locked out by it: an attacker can no longer lock the administrator out at will.
 * - per address, across names: `perIp` failures within `ipWindowMs` lock the address (spraying).
 * The name is counted as typed, account or not, so the answer tells nothing about which names exist.
 * Both the password and the Telegram-code sign-in count.
 */
export class LoginThrottle {
  private readonly attempts = new PgLoginAttemptRepository();

  constructor(
    private readonly db: Database,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(login: string, ip: string): Promise<ThrottleVerdict> {
    const now = this.now();
    const failures = await this.attempts.failures(this.db, {
      login: loginKey(login),
      ip,
      pairSince: new Date(now.getTime() - this.policy.pairWindowMs),
      ipSince: new Date(now.getTime() - this.policy.ipWindowMs),
      ipNth: this.policy.perIp,
    });
    const until: number[] = [];
    const delay = pairDelayMs(this.policy, failures.pairCount);
    if (delay > 0 && failures.pairLatest) until.push(failures.pairLatest.getTime() + delay);
    // The perIp-th most recent failure of the address: while it is in the window the lock holds.
    if (failures.ipNth) until.push(failures.ipNth.getTime() + this.policy.ipWindowMs);
    const latest = Math.max(0, ...until);
    if (latest <= now.getTime()) return { locked: false };
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((latest - now.getTime()) / 1000)) };
  }

  async record(login: string, ip: string, method: 'password' | 'code', success: boolean): Promise<void> {
    await this.attempts.record(this.db, { login: loginKey(login), ip, method, success, at: this.now() });
  }
}

/** The name as stored: at most 100 characters (a name is validated shorter; this is a backstop). */
const loginKey = (login: string) => Array.from(login).slice(0, 100).join('');
