import type { VolunteerStatus } from '../cases/rules/volunteer-transitions';
import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

export interface NewVolunteer {
  beneficiaryId: string;
  fullName: string;
  /** E.164. */
  mobile: string;
  city: string;
  availability: string;
  skills: string;
  /** The volunteering coordinator, or null while none is named. */
  routedTo: string | null;
  channel: string;
  at: Date;
}

/** A sign-up as the coordinator's queue lists it. */
export interface VolunteerRow {
  reference: string;
  fullName: string;
  /** E.164. */
  mobile: string;
  city: string;
  availability: string;
  skills: string;
  status: VolunteerStatus;
  routedTo: string | null;
  createdAt: string;
}

/** Volunteer sign-ups (`volunteers`). */
export class PgVolunteerRepository {
  /** Stores a sign-up under a fresh `prefix-…` reference. */
  async signUp(tx: SqlExecutor, prefix: string, volunteer: NewVolunteer): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO volunteers
              (reference, beneficiary_id, full_name, mobile, city, availability, skills, status, routed_to, channel, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10)
            ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        volunteer.beneficiaryId,
        volunteer.fullName,
        volunteer.mobile,
        volunteer.city,
        volunteer.availability,
        volunteer.skills,
        volunteer.routedTo,
        volunteer.channel,
        volunteer.at.toISOString(),
      ],
    }));
    return reference;
  }

  /** The sign-ups in `status`: new ones oldest first (first come, first called), others latest change first. */
  async list(tx: SqlExecutor, status: VolunteerStatus, limit = 500): Promise<VolunteerRow[]> {
    const order = status === 'new' ? 'created_at' : 'status_changed_at DESC NULLS LAST, created_at DESC';
    const found = await tx.query<{
      reference: string;
      full_name: string;
      mobile: string;
      city: string;
      availability: string;
      skills: string;
      status: VolunteerStatus;
      routed_to: string | null;
      created_at: Date | string;
    }>(
      `SELECT reference, full_name, mobile, city, availability, skills, status, routed_to, created_at
       FROM volunteers WHERE status = $1 ORDER BY ${order}, reference LIMIT $2`,
      [status, limit],
    );
    return found.rows.map((r) => ({
      reference: r.reference,
      fullName: r.full_name,
      mobile: r.mobile,
      city: r.city,
      availability: r.availability,
      skills: r.skills,
      status: r.status,
      routedTo: r.routed_to,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** The sign-up by reference, locked for a change; undefined when there is none. */
  async lock(
    tx: SqlExecutor,
    reference: string,
  ): Promise<{ status: VolunteerStatus; beneficiaryId: string | null } | undefined> {
    const found = await tx.query<{ status: VolunteerStatus; beneficiary_id: string | null }>(
      'SELECT status, beneficiary_id FROM volunteers WHERE reference = $1 FOR UPDATE',
      [reference],
    );
    const row = found.rows[0];
    return row && { status: row.status, beneficiaryId: row.beneficiary_id };
  }

  /** Moves the sign-up to `status`, with who did it, when, and their note (internal). */
  async setStatus(
    tx: SqlExecutor,
    reference: string,
    change: { status: VolunteerStatus; staffId: string; note: string | null; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE volunteers SET status = $2, status_changed_by = $3, status_note = $4, status_changed_at = $5
       WHERE reference = $1`,
      [reference, change.status, change.staffId, change.note, change.at.toISOString()],
    );
  }
}
