import { createHash } from 'node:crypto';
import type { SqlExecutor } from './database';

const hash = (code: string) => createHash('sha256').update(`tawasul-link:${code}`).digest('hex');

/** Link codes (`link_codes`): shown in one channel, typed once in another, kept only as a hash. */
export class PgLinkCodeRepository {
  /**
   * Keeps `code` for the person until `expiresAt`, in place of any code they had (one live code per
   * person), and forgets everyone's expired codes. False when the code is already someone's live code.
   */
  async issue(
    tx: SqlExecutor,
    code: { code: string; beneficiaryId: string; channel: string; now: Date; expiresAt: Date },
  ): Promise<boolean> {
    await tx.query('DELETE FROM link_codes WHERE beneficiary_id = $1 OR expires_at <= $2', [
      code.beneficiaryId,
      code.now.toISOString(),
    ]);
    const stored = await tx.query(
      `INSERT INTO link_codes (code_hash, beneficiary_id, channel, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code_hash) DO NOTHING`,
      [
        hash(code.code),
        code.beneficiaryId,
        code.channel,
        code.now.toISOString(),
        code.expiresAt.toISOString(),
      ],
    );
    return stored.rowCount === 1;
  }

  /** How many wrong codes the person typed since `since` (the `identity.linkRefused` events saying so). */
  async wrongCodesSince(tx: SqlExecutor, beneficiaryId: string, since: Date): Promise<number> {
    const found = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE subject_type = 'beneficiary' AND subject_id = $1
         AND type = 'identity.linkRefused' AND data->>'outcome' = 'invalid' AND at > $2`,
      [beneficiaryId, since.toISOString()],
    );
    return Number(found.rows[0]?.n ?? 0);
  }

  /** Takes a live code: returns whose it was and on which channel it was shown, and deletes it (used once). */
  async redeem(
    tx: SqlExecutor,
    code: string,
    now: Date,
  ): Promise<{ beneficiaryId: string; channel: string } | undefined> {
    const found = await tx.query<{ beneficiary_id: string; channel: string }>(
      `DELETE FROM link_codes WHERE code_hash = $1 AND expires_at > $2 RETURNING beneficiary_id, channel`,
      [hash(code), now.toISOString()],
    );
    const row = found.rows[0];
    return row && { beneficiaryId: row.beneficiary_id, channel: row.channel };
  }
}
