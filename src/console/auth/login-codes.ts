import { randomInt } from 'node:crypto';
import type { Database } from '../../store/database';
import { sameSecret, tokenHash } from './tokens';

/** How long a Telegram sign-in code works, and how many wrong tries it survives. */
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;

/**
 * One-time sign-in codes (six digits) sent to a staff member's Telegram. One live code per person; it
 * ends when used, when it expires, or after `CODE_MAX_ATTEMPTS` wrong tries. Only a hash is stored.
 */
export class PgLoginCodes {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(staffId: string): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.now();
    await this.db.query(
      `INSERT INTO staff_login_codes (staff_id, code_hash, expires_at, attempts, created_at)
       VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (staff_id) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, created_at = $4`,
      [
        staffId,
        tokenHash(`${staffId}:${code}`),
        new Date(now.getTime() + CODE_TTL_MS).toISOString(),
        now.toISOString(),
      ],
    );
    return code;
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
