import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

export interface NewFieldHelpCall {
  beneficiaryId: string;
  kind: string;
  details: string;
  location: { latitude: number; longitude: number } | null;
  /** The place described in words, when no pin was shared. */
  where: string | null;
  urgent: boolean;
  routedTo: string;
  channel: string;
  at: Date;
}

/** Calls for help in the field (`field_help_requests`). */
export class PgFieldHelpRepository {
  /** Stores a call under a fresh `prefix-…` reference. */
  async open(tx: SqlExecutor, prefix: string, call: NewFieldHelpCall): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO field_help_requests
              (reference, beneficiary_id, help_kind, details, latitude, longitude, location_text, urgent,
               status, routed_to, channel, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11)
            ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        call.beneficiaryId,
        call.kind,
        call.details,
        call.location?.latitude ?? null,
        call.location?.longitude ?? null,
        call.where,
        call.urgent,
        call.routedTo,
        call.channel,
        call.at.toISOString(),
      ],
    }));
    return reference;
  }

  /** Moves the call to `to` if it is in one of `from`; false when it was not (someone else moved it). */
  async move(tx: SqlExecutor, reference: string, from: readonly string[], to: string): Promise<boolean> {
    const updated = await tx.query(
      `UPDATE field_help_requests SET status = $2 WHERE reference = $1 AND status = ANY($3::text[])`,
      [reference, to, from],
    );
    return updated.rowCount > 0;
  }
}
