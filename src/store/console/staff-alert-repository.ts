import type { SqlExecutor } from '../database';

/** One staff alert as the console lists it, with whether this staff member read it. */
export interface StaffAlertRow {
  id: string;
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  read: boolean;
}

/**
 * A staff member's alerts in the web console: those addressed to them (their id) or to one of their
 * roles (`role:<role>`), with their own read marks (`staff_alert_reads`, migration 017). `recipients` is
 * that list of addresses; ids are bigserial, sent as text.
 */
export class PgStaffAlertRepository {
  /** Newest first; only unread ones when `unreadOnly`; older than alert `before` when given. */
  async list(
    tx: SqlExecutor,
    who: { staffId: string; recipients: readonly string[] },
    options: { unreadOnly: boolean; limit: number; before?: string },
  ): Promise<StaffAlertRow[]> {
    const { limit } = options;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const found = await tx.query<{
      id: string;
      kind: string;
      subject_type: string | null;
      subject_id: string | null;
      data: Record<string, unknown>;
      created_at: Date;
      read: boolean;
    }>(
      `SELECT n.id::text AS id, n.kind, n.subject_type, n.subject_id, n.data, n.created_at,
              (r.notification_id IS NOT NULL) AS read
       FROM staff_notifications n
       LEFT JOIN staff_alert_reads r ON r.notification_id = n.id AND r.staff_id = $1
       WHERE n.recipient = ANY($2::text[])
         AND ($3::boolean IS NOT TRUE OR r.notification_id IS NULL)
         AND ($4::bigint IS NULL OR n.id < $4::bigint)
       ORDER BY n.id DESC LIMIT ${limit}`,
      [who.staffId, [...who.recipients], options.unreadOnly, options.before ?? null],
    );
    return found.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      data: r.data,
      createdAt: new Date(r.created_at),
      read: r.read,
    }));
  }

  async unreadCount(
    tx: SqlExecutor,
    who: { staffId: string; recipients: readonly string[] },
  ): Promise<number> {
    const found = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM staff_notifications n
       WHERE n.recipient = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM staff_alert_reads r WHERE r.notification_id = n.id AND r.staff_id = $1)`,
      [who.staffId, [...who.recipients]],
    );
    return found.rows[0]?.n ?? 0;
  }

  /**
   * Marks as read at `at` the alerts `ids` (or all of them) addressed to this staff member; ids of
   * other people's alerts are passed over. Returns how many were newly marked.
   */
  async markRead(
    tx: SqlExecutor,
    who: { staffId: string; recipients: readonly string[] },
    ids: readonly string[] | 'all',
    at: Date,
  ): Promise<number> {
    const marked = await tx.query(
      `INSERT INTO staff_alert_reads (notification_id, staff_id, read_at)
       SELECT n.id, $1, $3 FROM staff_notifications n
       WHERE n.recipient = ANY($2::text[]) AND ($4::bigint[] IS NULL OR n.id = ANY($4::bigint[]))
       ON CONFLICT DO NOTHING`,
      [who.staffId, [...who.recipients], at.toISOString(), ids === 'all' ? null : [...ids]],
    );
    return marked.rowCount;
  }
}
