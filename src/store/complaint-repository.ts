import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

export interface NewComplaintRow {
  /** `null` for an anonymous suggestion. */
  beneficiaryId: string | null;
  kind: 'complaint' | 'suggestion' | 'compensation';
  categoryId: string | null;
  description: string;
  attachments: unknown[];
  routedTo: string;
  channel: string;
  dueDate: string;
  at: Date;
}

/** A complaint as a staff decision needs it, locked. */
export interface LockedComplaint {
  id: string;
  status: string;
  beneficiaryId: string | null;
  escalationLevel: number;
  dueDate: string;
}

/** An open ticket's deadline, as the working-day clock recounts it when the holidays change. */
export interface OpenTicketDeadline {
  reference: string;
  kind: 'complaint' | 'suggestion' | 'compensation';
  createdAt: Date;
  dueDate: string;
  escalationLevel: number;
  beneficiaryId: string | null;
}

/** Complaints, suggestions and compensation claims (`complaints`). */
export class PgComplaintRepository {
  /** Stores a ticket under a fresh `prefix-…` reference. */
  async insert(tx: SqlExecutor, prefix: string, ticket: NewComplaintRow): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO complaints
          (reference, beneficiary_id, kind, category_id, description, attachments, routed_to, status,
           channel, due_date, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $10)
        ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        ticket.beneficiaryId,
        ticket.kind,
        ticket.categoryId,
        ticket.description,
        JSON.stringify(ticket.attachments),
        ticket.routedTo,
        ticket.channel,
        ticket.dueDate,
        ticket.at.toISOString(),
      ],
    }));
    return reference;
  }

  async lock(tx: SqlExecutor, reference: string): Promise<LockedComplaint | undefined> {
    const found = await tx.query<{
      id: string;
      status: string;
      beneficiary_id: string | null;
      escalation_level: number;
      due_date: string;
    }>(
      `SELECT id, status, beneficiary_id, escalation_level, due_date::text AS due_date
       FROM complaints WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    const row = found.rows[0];
    return (
      row && {
        id: row.id,
        status: row.status,
        beneficiaryId: row.beneficiary_id,
        escalationLevel: row.escalation_level,
        dueDate: row.due_date,
      }
    );
  }

  /** A staff escalation: the ticket's level on the ladder, and its owner there when it changes. */
  async raiseLevel(tx: SqlExecutor, id: string, level: number, routedTo: string | undefined): Promise<void> {
    await tx.query(
      'UPDATE complaints SET escalation_level = $2, routed_to = coalesce($3, routed_to) WHERE id = $1',
      [id, level, routedTo ?? null],
    );
  }

  /** Hands the ticket to the owner of the ladder's level it reached. */
  async reroute(tx: SqlExecutor, reference: string, routedTo: string): Promise<void> {
    await tx.query('UPDATE complaints SET routed_to = $2 WHERE reference = $1', [reference, routedTo]);
  }

  async setStatus(tx: SqlExecutor, id: string, status: string, at: Date): Promise<void> {
    await tx.query('UPDATE complaints SET status = $2, updated_at = $3 WHERE id = $1', [
      id,
      status,
      at.toISOString(),
    ]);
  }

  /** Open tickets (open, assigned, escalated), locked: their due dates are about to be recounted. */
  async lockOpenDeadlines(tx: SqlExecutor): Promise<OpenTicketDeadline[]> {
    const open = await tx.query<{
      reference: string;
      kind: OpenTicketDeadline['kind'];
      created_at: Date;
      due_date: string;
      escalation_level: number;
      beneficiary_id: string | null;
    }>(
      `SELECT reference, kind, created_at, due_date::text AS due_date, escalation_level, beneficiary_id
       FROM complaints WHERE status IN ('open', 'assigned', 'escalated') ORDER BY reference FOR UPDATE`,
    );
    return open.rows.map((row) => ({
      reference: row.reference,
      kind: row.kind,
      createdAt: new Date(row.created_at),
      dueDate: row.due_date,
      escalationLevel: row.escalation_level,
      beneficiaryId: row.beneficiary_id,
    }));
  }

  async setDueDate(tx: SqlExecutor, reference: string, dueDate: string): Promise<void> {
    await tx.query('UPDATE complaints SET due_date = $2 WHERE reference = $1', [reference, dueDate]);
  }
}
