import type { TimerJob } from '../cases/rules/timer-job';
import type { SqlExecutor } from './database';

export interface TimerRequest {
  id: string;
  job: TimerJob;
  /** Undefined cancels the timer. */
  fireAt: Date | undefined;
}

/** The timer outbox: timers requested in a transaction, scheduled on BullMQ after it commits. */
export class PgTimerRequestRepository {
  async add(tx: SqlExecutor, requests: readonly { job: TimerJob; fireAt?: Date }[]): Promise<void> {
    for (const r of requests) {
      await tx.query('INSERT INTO timer_requests (job, fire_at) VALUES ($1, $2)', [
        JSON.stringify(r.job),
        r.fireAt?.toISOString() ?? null,
      ]);
    }
    // The timer dispatcher hands them to BullMQ once they are committed (`Database.committed`).
    if (requests.length > 0) tx.afterCommit({ topic: 'timers' });
  }

  /** Oldest first; rows another process is handling are skipped. Call inside a transaction. */
  async claim(tx: SqlExecutor, limit: number): Promise<TimerRequest[]> {
    const found = await tx.query<{ id: string; job: TimerJob; fire_at: Date | null }>(
      `SELECT id::text AS id, job, fire_at FROM timer_requests ORDER BY timer_requests.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return found.rows.map((r) => ({
      id: r.id,
      job: r.job,
      fireAt: r.fire_at ? new Date(r.fire_at) : undefined,
    }));
  }

  async remove(tx: SqlExecutor, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await tx.query('DELETE FROM timer_requests WHERE id = ANY($1::bigint[])', [ids]);
  }
}
