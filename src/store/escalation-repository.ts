import type { SqlExecutor } from './database';

/** The cases that climb the escalation ladder. */
export type EscalatedSubject = 'request' | 'complaint';

const TABLES: Record<EscalatedSubject, string> = { request: 'service_requests', complaint: 'complaints' };

/** Where a case stands on the escalation ladder, locked. */
export interface EscalationState {
  status: string;
  level: number;
  dueDate: string;
}

/** The escalation ladder's level of requests and complaints (`escalation_level`, `overdue_since`). */
export class PgEscalationRepository {
  async lock(
    tx: SqlExecutor,
    subject: EscalatedSubject,
    reference: string,
  ): Promise<EscalationState | undefined> {
    const found = await tx.query<{ status: string; escalation_level: number; due_date: string }>(
      `SELECT status, escalation_level, due_date::text AS due_date FROM ${TABLES[subject]}
       WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    const row = found.rows[0];
    return row && { status: row.status, level: row.escalation_level, dueDate: row.due_date };
  }

  /** Raises the case to `level` (a complaint becomes `escalated`); overdue since `at` if not already. */
  async raise(
    tx: SqlExecutor,
    subject: EscalatedSubject,
    reference: string,
    level: number,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE ${TABLES[subject]} SET escalation_level = $2, overdue_since = coalesce(overdue_since, $3)${
        subject === 'complaint' ? `, status = 'escalated'` : ''
      } WHERE reference = $1`,
      [reference, level, at.toISOString()],
    );
  }
}
