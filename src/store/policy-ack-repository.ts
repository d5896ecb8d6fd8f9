import type { SqlExecutor } from './database';

/**
 * Staff acknowledgements of the policy (`staff_policy_acks`, migration 012): one record per staff member
 * and version, whether they acknowledged on Telegram (`/ack`, with their Telegram user id) or in the web
 * console. Either counts in both places.
 */
export class PgPolicyAckRepository {
  /** When `staffId` acknowledged `version`, or null. */
  async acknowledgedAt(tx: SqlExecutor, staffId: string, version: string): Promise<Date | null> {
    const found = await tx.query<{ acknowledged_at: Date }>(
      'SELECT acknowledged_at FROM staff_policy_acks WHERE staff_id = $1 AND policy_version = $2',
      [staffId, version],
    );
    const at = found.rows[0]?.acknowledged_at;
    return at ? new Date(at) : null;
  }

  /**
   * Records the acknowledgement at `at`; an earlier one of the same version stands. Returns the time that
   * stands and whether this call recorded it.
   */
  async acknowledge(
    tx: SqlExecutor,
    ack: { staffId: string; version: string; at: Date; telegramUserId?: number },
  ): Promise<{ acknowledgedAt: Date; fresh: boolean }> {
    const inserted = await tx.query<{ acknowledged_at: Date }>(
      `INSERT INTO staff_policy_acks (staff_id, policy_version, telegram_user_id, acknowledged_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING acknowledged_at`,
      [ack.staffId, ack.version, ack.telegramUserId ?? null, ack.at.toISOString()],
    );
    const fresh = inserted.rows[0]?.acknowledged_at;
    if (fresh) return { acknowledgedAt: new Date(fresh), fresh: true };
    return {
      acknowledgedAt: (await this.acknowledgedAt(tx, ack.staffId, ack.version)) ?? ack.at,
      fresh: false,
    };
  }
}
