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
}
