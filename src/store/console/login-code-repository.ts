import type { SqlExecutor } from '../database';

/** A person's current sign-in code, as stored: its hash, when it expires, how many wrong tries it took. */
export interface StoredLoginCode {
  codeHash: string;
  expiresAt: Date;
  attempts: number;
}

/**
 * One-time sign-in codes (`staff_login_codes`, migration 011): one row per person, the code only as a
 * hash. Times are the app's clock, passed in, as the expiry and the resend limit compare with them.
 */
export class PgLoginCodeRepository {
  /**
   * Stores the person's new code in place of their current one, unless that one was issued after
   * `resendFrom`. Returns whether it was stored.
   */
  async replace(
    tx: SqlExecutor,
    code: { staffId: string; codeHash: string; expiresAt: Date; createdAt: Date },
    resendFrom: Date,
  ): Promise<boolean> {
    const issued = await tx.query(
      `INSERT INTO staff_login_codes (staff_id, code_hash, expires_at, attempts, created_at)
       VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (association_id, staff_id) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, created_at = $4
       WHERE staff_login_codes.created_at <= $5
       RETURNING staff_id`,
      [
        code.staffId,
        code.codeHash,
        code.expiresAt.toISOString(),
        code.createdAt.toISOString(),
        resendFrom.toISOString(),
      ],
    );
    return issued.rowCount === 1;
  }

  /** The person's code, locked until the transaction ends (two tries at once count as two). */
  async lock(tx: SqlExecutor, staffId: string): Promise<StoredLoginCode | undefined> {
    const found = await tx.query<{ code_hash: string; expires_at: Date; attempts: number }>(
      'SELECT code_hash, expires_at, attempts FROM staff_login_codes WHERE staff_id = $1 FOR UPDATE',
      [staffId],
    );
    const row = found.rows[0];
    return row && { codeHash: row.code_hash, expiresAt: new Date(row.expires_at), attempts: row.attempts };
  }

  /** A wrong try against the person's code. */
  async countMiss(tx: SqlExecutor, staffId: string): Promise<void> {
    await tx.query('UPDATE staff_login_codes SET attempts = attempts + 1 WHERE staff_id = $1', [staffId]);
  }

  async remove(tx: SqlExecutor, staffId: string): Promise<void> {
    await tx.query('DELETE FROM staff_login_codes WHERE staff_id = $1', [staffId]);
  }
}
