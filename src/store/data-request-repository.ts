import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

/** A person's requests about their own data (`data_requests`): deletion under the PDPL. */
export class PgDataRequestRepository {
  /** Opens a deletion request under a fresh `prefix-…` reference, due on `dueDate`. */
  async openDeletion(
    tx: SqlExecutor,
    prefix: string,
    request: {
      beneficiaryId: string;
      dueDate: string;
      /** Where it was asked (the channel and its message id: erased with the request's completion). */
      details: { channel: string; messageId: string | null };
      at: Date;
    },
  ): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO data_requests (reference, beneficiary_id, kind, details, status, due_date, created_at)
            VALUES ($1, $2, 'deletion', $3, 'open', $4, $5)
            ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        request.beneficiaryId,
        JSON.stringify(request.details),
        request.dueDate,
        request.at.toISOString(),
      ],
    }));
    return reference;
  }

  /** The request's status (`open`, `completed`, `refused`), or undefined when there is none. */
  async status(db: SqlExecutor, reference: string): Promise<string | undefined> {
    const found = await db.query<{ status: string }>(
      'SELECT status FROM data_requests WHERE reference = $1',
      [reference],
    );
    return found.rows[0]?.status;
  }
}
