import { randomInt } from 'node:crypto';
import type { Database } from '../../store/database';
import { sameSecret, tokenHash } from './tokens';

/** How long a Telegram sign-in code works, and how many wrong tries it survives. */
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/** Least time between two codes to one person: asking again and again must not flood their Telegram. */
export const CODE_RESEND_MS = 60_000;

/**
 * One-time sign-in codes (six digits) sent to a staff member's Telegram. One live code per person; it
 * ends when used, when it expires, or after `CODE_MAX_ATTEMPTS` wrong tries. Only a hash is stored.
 */
export class PgLoginCodes {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A fresh code replacing the person's live one, or `undefined` when the last was issued under a minute ago. */
  async issue(staffId: string): Promise<string | undefined> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.now();
    const issued = await this.db.query(
      `INSERT INTO staff_login_codes (staff_id, code_hash, expires_at, attempts, created_at)
       VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (staff_id) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, created_at = $4
       WHERE staff_login_codes.created_at <= $5
       RETURNING staff_id`,
      [
        staffId,
        tokenHash(`${staffId}:${code}`),
        new Date(now.getTime() + CODE_TTL_MS).toISOString(),
        now.toISOString(),
        new Date(now.getTime() - CODE_RESEND_MS).toISOString(),
      ],
    );
    return issued.rowCount === 1 ? code : undefined;
  }

  /** Voids the person's code (it could not be delivered). */
  async revoke(staffId: string): Promise<void> {
    await this.db.query('DELETE FROM staff_login_codes WHERE staff_id = $1', [staffId]);
  }

  /** Whether `code` is the person's live code; a match uses it up, a miss counts against it. */
  async redeem(staffId: string, code: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const found = await tx.query<{ code_hash: string; expires_at: Date; attempts: number }>(
        'SELECT code_hash, expires_at, attempts FROM staff_login_codes WHERE staff_id = $1 FOR UPDATE',
        [staffId],
      );
      const row = found.rows[0];
      if (!row) return false;
      const live =
        new Date(row.expires_at).getTime() > this.now().getTime() && row.attempts < CODE_MAX_ATTEMPTS;
      if (live && sameSecret(row.code_hash, tokenHash(`${staffId}:${code}`))) {
        await tx.query('DELETE FROM staff_login_codes WHERE staff_id = $1', [staffId]);
        return true;
      }
      if (!live) await tx.query('DELETE FROM staff_login_codes WHERE staff_id = $1', [staffId]);
      else
        await tx.query('UPDATE staff_login_codes SET attempts = attempts + 1 WHERE staff_id = $1', [staffId]);
      return false;
    });
  }
}
