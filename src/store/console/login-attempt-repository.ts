import type { SqlExecutor } from '../database';

/** A sign-in attempt, counted towards the lock-out. */
export interface LoginAttempt {
  /** The account name as typed (account or not). */
  login: string;
  ip: string;
  method: 'password' | 'code';
  success: boolean;
  at: Date;
}

/**
 * Sign-in attempts (`staff_login_attempts`, migration 011), which every app process counts alike. Times
 * are the app's clock: attempts are written with it and the window is counted with it.
 */
export class PgLoginAttemptRepository {
  async record(tx: SqlExecutor, attempt: LoginAttempt): Promise<void> {
    await tx.query(
      'INSERT INTO staff_login_attempts (login, ip, method, success, at) VALUES ($1, $2, $3, $4, $5)',
      [attempt.login, attempt.ip, attempt.method, attempt.success, attempt.at.toISOString()],
    );
  }

  /**
   * When the `accountNth` most recent failure of `login` happened (after `since`, and after its last
   * success), and the `ipNth` most recent failure from `ip` (after `since`); `null` where there are fewer.
   */
  async nthLatestFailures(
    tx: SqlExecutor,
    q: { login: string; ip: string; since: Date; accountNth: number; ipNth: number },
  ): Promise<{ account: Date | null; ip: Date | null }> {
    const found = await tx.query<{ account_at: Date | null; ip_at: Date | null }>(
      `SELECT
         (SELECT at FROM staff_login_attempts
          WHERE login = $1 AND NOT success AND at > greatest($3::timestamptz, coalesce(
            (SELECT max(at) FROM staff_login_attempts WHERE login = $1 AND success), $3::timestamptz))
          ORDER BY at DESC OFFSET $4 LIMIT 1) AS account_at,
         (SELECT at FROM staff_login_attempts
          WHERE ip = $2 AND NOT success AND at > $3::timestamptz
          ORDER BY at DESC OFFSET $5 LIMIT 1) AS ip_at`,
      [q.login, q.ip, q.since.toISOString(), q.accountNth - 1, q.ipNth - 1],
    );
    const row = found.rows[0];
    const at = (value: Date | null | undefined) =>
      value === null || value === undefined ? null : new Date(value);
    return { account: at(row?.account_at), ip: at(row?.ip_at) };
  }
}
