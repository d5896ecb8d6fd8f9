import type { SqlExecutor } from './database';

/** The day's figures for management's daily digest. */
export interface DailyFigures {
  new_requests: number;
  new_complaints: number;
  overdue: number;
  escalated: number;
}

/** Figures for the daily digest. */
export class PgDigestRepository {
  /** New cases since the start of `date` (a local date), and what is overdue or escalated now. */
  async figures(tx: SqlExecutor, date: string): Promise<DailyFigures | undefined> {
    const counts = await tx.query<{
      new_requests: number;
      new_complaints: number;
      overdue: number;
      escalated: number;
    }>(
      `SELECT
         (SELECT count(*) FROM service_requests WHERE created_at >= $1::date) AS new_requests,
         (SELECT count(*) FROM complaints WHERE created_at >= $1::date) AS new_complaints,
         (SELECT count(*) FROM service_requests WHERE overdue_since IS NOT NULL
            AND status IN ('submitted', 'under_review', 'needs_info')) AS overdue,
         (SELECT count(*) FROM complaints WHERE status = 'escalated') AS escalated`,
      [date],
    );
    return counts.rows[0];
  }
}
