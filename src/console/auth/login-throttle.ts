import type { Database } from '../../store/database';
import { PgLoginAttemptRepository } from '../../store/console/login-attempt-repository';

export interface LockoutPolicy {
  windowMs: number;
  /** Failed attempts on one account name within the window before it is locked. */
  perAccount: number;
  /**
   * Failed attempts from one address within the window. Higher than per account: an office behind one
   * address has many staff, and one person's typos must not lock everyone out.
   */
  perIp: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 };

export type ThrottleVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/**
 * Sign-in lock-out, kept in the database so every app process counts the same attempts. An account
 * name is locked after `perAccount` failures in the window (a success clears its count), an address
 * after `perIp`. The name is counted as typed, account or not, so a lock-out tells nothing about which
 * names exist. Both the password and the Telegram-code sign-in count.
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
    // The n-th most recent failure inside the window: while it exists the lock holds, and it ends
    // one window after that failure.
    const failures = await this.attempts.nthLatestFailures(this.db, {
      login,
      ip,
      since: new Date(now.getTime() - this.policy.windowMs),
      accountNth: this.policy.perAccount,
      ipNth: this.policy.perIp,
    });
    const until = [failures.account, failures.ip]
      .filter((at): at is Date => at !== null)
      .map((at) => at.getTime() + this.policy.windowMs);
    if (until.length === 0) return { locked: false };
    return {
      locked: true,
      retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...until) - now.getTime()) / 1000)),
    };
  }

  async record(login: string, ip: string, method: 'password' | 'code', success: boolean): Promise<void> {
    await this.attempts.record(this.db, {
      login: login.slice(0, 100),
      ip,
      method,
      success,
      at: this.now(),
    });
  }
}
