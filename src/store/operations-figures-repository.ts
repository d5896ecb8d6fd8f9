import type { SqlExecutor } from './database';

/** What `/metrics` reports from the store (docs/OPERATIONS.md names the series and their alerts). */
export interface OperationsFigures {
  /** Outbox rows that need a person, by channel and status (`failed`, `uncertain`). */
  attention: { channel: string; status: string; n: number }[];
  /** Replies not yet sent, and how long the oldest has waited, in seconds. */
  unsent: number;
  unsentAgeSeconds: number;
  /** Accepted messages not processed yet. */
  unprocessed: number;
  /** Staff alerts not delivered yet. */
  staffAlerts: number;
  /** Open cases flagged overdue. */
  overdueRequests: number;
  overdueComplaints: number;
}

/** The store's health figures, read at each scrape. */
export class PgOperationsFiguresRepository {
  async read(db: SqlExecutor): Promise<OperationsFigures> {
    const attention = await db.query<{ channel: string; status: string; n: number }>(
      `SELECT channel, status, count(*)::int AS n FROM outbox
       WHERE status IN ('failed', 'uncertain') GROUP BY channel, status`,
    );
    const totals = await db.query<{ unsent: number; age: number; unprocessed: number; alerts: number }>(
      // The age is the database's own: created_at is its now() too.
      `SELECT
         (SELECT count(*)::int FROM outbox WHERE status IN ('pending', 'queued', 'sending')) AS unsent,
         (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox
            WHERE status IN ('pending', 'queued', 'sending')) AS age,
         (SELECT count(*)::int FROM inbound_messages WHERE processed_at IS NULL) AS unprocessed,
         (SELECT count(*)::int FROM staff_notifications WHERE status = 'pending') AS alerts`,
    );
    // The same definitions as the daily digest and the console: open cases with an overdue flag.
    const overdue = await db.query<{ requests: number; complaints: number }>(
      `SELECT
         (SELECT count(*)::int FROM service_requests WHERE overdue_since IS NOT NULL
            AND status IN ('submitted', 'under_review', 'needs_info')) AS requests,
         (SELECT count(*)::int FROM complaints WHERE overdue_since IS NOT NULL
            AND status IN ('open', 'assigned', 'escalated')) AS complaints`,
    );
    const t = totals.rows[0];
    return {
      attention: attention.rows,
      unsent: t?.unsent ?? 0,
      unsentAgeSeconds: t?.age ?? 0,
      unprocessed: t?.unprocessed ?? 0,
      staffAlerts: t?.alerts ?? 0,
      overdueRequests: overdue.rows[0]?.requests ?? 0,
      overdueComplaints: overdue.rows[0]?.complaints ?? 0,
    };
  }
}
