import type { Database } from '../../store/database';

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
  constructor(
    private readonly db: Database,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(login: string, ip: string): Promise<ThrottleVerdict> {
    const now = this.now();
    const since = new Date(now.getTime() - this.policy.windowMs).toISOString();
    // The n-th most recent failure inside the window: while it exists the lock holds, and it ends
    // one window after that failure.
    const found = await this.db.query<{ account_at: Date | null; ip_at: Date | null }>(
      `SELECT
         (SELECT at FROM staff_login_attempts
          WHERE login = $1 AND NOT success AND at > greatest($3::timestamptz, coalesce(
            (SELECT max(at) FROM staff_login_attempts WHERE login = $1 AND success), $3::timestamptz))
          ORDER BY at DESC OFFSET $4 LIMIT 1) AS account_at,
         (SELECT at FROM staff_login_attempts
          WHERE ip = $2 AND NOT success AND at > $3::timestamptz
          ORDER BY at DESC OFFSET $5 LIMIT 1) AS ip_at`,
      [login, ip, since, this.policy.perAccount - 1, this.policy.perIp - 1],
    );
    const row = found.rows[0];
    const until = [row?.account_at, row?.ip_at]
      .filter((at): at is Date => at !== null && at !== undefined)
      .map((at) => new Date(at).getTime() + this.policy.windowMs);
    if (until.length === 0) return { locked: false };
    return {
      locked: true,
      retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...until) - now.getTime()) / 1000)),
    };
  }

  async record(login: string, ip: string, method: 'password' | 'code', success: boolean): Promise<void> {
    await this.db.query(
      'INSERT INTO staff_login_attempts (login, ip, method, success, at) VALUES ($1, $2, $3, $4, $5)',
      [login.slice(0, 100), ip, method, success, this.now().toISOString()],
    );
  }
}
