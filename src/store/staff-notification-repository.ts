import type { SqlExecutor } from './database';

export interface StaffNotification {
  /** A staff id from the profile, or `role:<role>` when nobody is named for it. */
  recipient: string;
  kind: string;
  subjectType?: string;
  subjectId?: string;
  data?: Record<string, unknown>;
  /** One notification per cause: a second insert with the same key is ignored. */
  dedupeKey: string;
}

/**
 * Alerts for staff (deadline reminders, overdue cases, escalations, digests): read in the web console
 * (`src/console/alerts/`), and delivered by the Telegram staff bot where there is one (`status` is where
 * that copy stands). Times come from `now`, the runtime's clock, never the database's: the console orders
 * and the staff bot ages alerts by them, against that same clock.
 */
export class PgStaffNotificationRepository {
  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Returns how many were new (duplicates of an earlier cause are skipped). */
  async add(tx: SqlExecutor, notifications: readonly StaffNotification[]): Promise<number> {
    let added = 0;
    const at = this.now().toISOString();
    for (const n of notifications) {
      const inserted = await tx.query(
        `INSERT INTO staff_notifications (recipient, kind, subject_type, subject_id, data, dedupe_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (association_id, dedupe_key) DO NOTHING`,
        [
          n.recipient,
          n.kind,
          n.subjectType ?? null,
          n.subjectId ?? null,
          JSON.stringify(n.data ?? {}),
          n.dedupeKey,
          at,
        ],
      );
      added += inserted.rowCount;
    }
    return added;
  }

  /** Pending alerts in order; with `since`, only those written at or after it (older ones are left alone). */
  async pending(tx: SqlExecutor, limit = 100, since?: Date) {
    const found = await tx.query<{
      id: string;
      recipient: string;
      kind: string;
      subject_type: string | null;
      subject_id: string | null;
      data: Record<string, unknown>;
    }>(
      `SELECT id::text AS id, recipient, kind, subject_type, subject_id, data FROM staff_notifications
       WHERE status = 'pending' AND ($2::timestamptz IS NULL OR created_at >= $2)
       ORDER BY staff_notifications.id LIMIT $1`,
      [limit, since?.toISOString() ?? null],
    );
    return found.rows;
  }

  async markSent(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(`UPDATE staff_notifications SET status = 'sent', sent_at = $2 WHERE id = $1`, [
      id,
      this.now().toISOString(),
    ]);
  }

  /** Telegram refused the alert for good: it is not tried again. */
  async markFailed(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(`UPDATE staff_notifications SET status = 'failed' WHERE id = $1`, [id]);
  }

  /**
   * Pending alerts written before `cutoff` are not sent to Telegram any more (`skipped`): they stay in
   * the console. Returns how many.
   */
  async skipOlderThan(tx: SqlExecutor, cutoff: Date): Promise<number> {
    const skipped = await tx.query(
      `UPDATE staff_notifications SET status = 'skipped' WHERE status = 'pending' AND created_at < $1`,
      [cutoff.toISOString()],
    );
    return skipped.rowCount;
  }
}
