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

/** Alerts for staff (deadline reminders, overdue cases, escalations, digests), delivered by the staff bot. */
export class PgStaffNotificationRepository {
  /** Returns how many were new (duplicates of an earlier cause are skipped). */
  async add(tx: SqlExecutor, notifications: readonly StaffNotification[]): Promise<number> {
    let added = 0;
    for (const n of notifications) {
      const inserted = await tx.query(
        `INSERT INTO staff_notifications (recipient, kind, subject_type, subject_id, data, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
        [
          n.recipient,
          n.kind,
          n.subjectType ?? null,
          n.subjectId ?? null,
          JSON.stringify(n.data ?? {}),
          n.dedupeKey,
        ],
      );
      added += inserted.rowCount;
    }
    return added;
  }

  async pending(tx: SqlExecutor, limit = 100) {
    const found = await tx.query<{
      id: string;
      recipient: string;
      kind: string;
      subject_type: string | null;
      subject_id: string | null;
      data: Record<string, unknown>;
    }>(
      `SELECT id::text AS id, recipient, kind, subject_type, subject_id, data FROM staff_notifications
       WHERE status = 'pending' ORDER BY staff_notifications.id LIMIT $1`,
      [limit],
    );
    return found.rows;
  }

  async markSent(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(`UPDATE staff_notifications SET status = 'sent', sent_at = now() WHERE id = $1`, [id]);
  }

  /** Telegram refused the alert for good: it is not tried again. */
  async markFailed(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query(`UPDATE staff_notifications SET status = 'failed' WHERE id = $1`, [id]);
  }
}
