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

/** Where a field-help call stands: waiting, taken by someone on the way, or done. */
export type FieldHelpStatus = 'open' | 'claimed' | 'done';

/** A call as the queue lists it. */
export interface FieldHelpRow {
  reference: string;
  kind: string;
  urgent: boolean;
  /** The place described in words. */
  where: string | null;
  location: { latitude: number; longitude: number } | null;
  details: string | null;
  channel: string | null;
  status: FieldHelpStatus;
  claimedBy: string | null;
  createdAt: string;
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

  /** The calls in `status`: open and claimed ones urgent first then oldest first, done ones latest first. */
  async list(tx: SqlExecutor, status: FieldHelpStatus, limit = 500): Promise<FieldHelpRow[]> {
    const order = status === 'done' ? 'done_at DESC NULLS LAST, created_at DESC' : 'urgent DESC, created_at';
    const found = await tx.query<{
      reference: string;
      help_kind: string;
      urgent: boolean;
      location_text: string | null;
      latitude: number | null;
      longitude: number | null;
      details: string | null;
      channel: string | null;
      status: FieldHelpStatus;
      claimed_by: string | null;
      created_at: Date | string;
    }>(
      `SELECT reference, help_kind, urgent, location_text, latitude, longitude, details, channel, status,
              claimed_by, created_at
       FROM field_help_requests WHERE status = $1 ORDER BY ${order}, reference LIMIT $2`,
      [status, limit],
    );
    return found.rows.map((r) => ({
      reference: r.reference,
      kind: r.help_kind,
      urgent: r.urgent,
      where: r.location_text,
      location:
        r.latitude === null || r.longitude === null
          ? null
          : { latitude: Number(r.latitude), longitude: Number(r.longitude) },
      details: r.details,
      channel: r.channel,
      status: r.status,
      claimedBy: r.claimed_by,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** The call by reference, locked for a change, with who it is for; undefined when there is none. */
  async lock(
    tx: SqlExecutor,
    reference: string,
  ): Promise<
    { status: FieldHelpStatus; beneficiaryId: string | null; claimedBy: string | null } | undefined
  > {
    const found = await tx.query<{
      status: FieldHelpStatus;
      beneficiary_id: string | null;
      claimed_by: string | null;
    }>('SELECT status, beneficiary_id, claimed_by FROM field_help_requests WHERE reference = $1 FOR UPDATE', [
      reference,
    ]);
    const row = found.rows[0];
    return row && { status: row.status, beneficiaryId: row.beneficiary_id, claimedBy: row.claimed_by };
  }

  /** Someone took the call: it is theirs from `at`. */
  async claim(tx: SqlExecutor, reference: string, staffId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE field_help_requests SET status = 'claimed', claimed_by = $2, claimed_at = $3 WHERE reference = $1`,
      [reference, staffId, at.toISOString()],
    );
  }

  /** The call is done; whoever finishes an unclaimed call is recorded as having taken it. */
  async finish(
    tx: SqlExecutor,
    reference: string,
    change: { staffId: string; note: string | null; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE field_help_requests SET status = 'done', done_at = $3, done_note = $4,
         claimed_by = coalesce(claimed_by, $2), claimed_at = coalesce(claimed_at, $3)
       WHERE reference = $1`,
      [reference, change.staffId, change.at.toISOString(), change.note],
    );
  }
}
