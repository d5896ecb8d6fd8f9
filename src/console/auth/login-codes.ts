import { randomInt } from 'node:crypto';
import type { Database } from '../../store/database';
import { PgLoginCodeRepository } from '../../store/console/login-code-repository';
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
export class LoginCodes {
  private readonly codes = new PgLoginCodeRepository();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A fresh code replacing the person's live one, or `undefined` when the last was issued under a minute ago. */
  async issue(staffId: string): Promise<string | undefined> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.now();
    const stored = await this.codes.replace(
      this.db,
      {
        staffId,
        codeHash: tokenHash(`${staffId}:${code}`),
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
        createdAt: now,
      },
      new Date(now.getTime() - CODE_RESEND_MS),
    );
    return stored ? code : undefined;
  }

  /** Voids the person's code (it could not be delivered). */
  async revoke(staffId: string): Promise<void> {
    await this.codes.remove(this.db, staffId);
  }

  /** Whether `code` is the person's live code; a match uses it up, a miss counts against it. */
  async redeem(staffId: string, code: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await this.codes.lock(tx, staffId);
      if (!row) return false;
      const live = row.expiresAt.getTime() > this.now().getTime() && row.attempts < CODE_MAX_ATTEMPTS;
      if (live && sameSecret(row.codeHash, tokenHash(`${staffId}:${code}`))) {
        await this.codes.remove(tx, staffId);
        return true;
      }
      if (!live) await this.codes.remove(tx, staffId);
      else await this.codes.countMiss(tx, staffId);
      return false;
    });
  }
}
