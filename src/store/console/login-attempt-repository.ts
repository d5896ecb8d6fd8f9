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
   * The failures of `login` from `ip` after `pairSince` and after its last success from there (how many,
   * and when the latest was), and when the `ipNth` most recent failure from `ip` after `ipSince` was
   * (`null` where there are fewer).
   */
  async failures(
    tx: SqlExecutor,
    q: { login: string; ip: string; pairSince: Date; ipSince: Date; ipNth: number },
  ): Promise<{ pairCount: number; pairLatest: Date | null; ipNth: Date | null }> {
    const found = await tx.query<{ pair_count: number; pair_latest: Date | null; ip_at: Date | null }>(
      `WITH pair AS (
         SELECT at FROM staff_login_attempts
         WHERE login = $1 AND ip = $2 AND NOT success AND at > greatest($3::timestamptz, coalesce(
           (SELECT max(at) FROM staff_login_attempts WHERE login = $1 AND ip = $2 AND success),
           $3::timestamptz)))
       SELECT
         (SELECT count(*)::int FROM pair) AS pair_count,
         (SELECT max(at) FROM pair) AS pair_latest,
         (SELECT at FROM staff_login_attempts
          WHERE ip = $2 AND NOT success AND at > $4::timestamptz
          ORDER BY at DESC OFFSET $5 LIMIT 1) AS ip_at`,
      [q.login, q.ip, q.pairSince.toISOString(), q.ipSince.toISOString(), q.ipNth - 1],
    );
    const row = found.rows[0];
    const at = (value: Date | null | undefined) =>
      value === null || value === undefined ? null : new Date(value);
    return {
      pairCount: Number(row?.pair_count ?? 0),
      pairLatest: at(row?.pair_latest),
      ipNth: at(row?.ip_at),
    };
  }
}
