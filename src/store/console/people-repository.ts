import type { SqlExecutor } from '../database';

/** A person's record as staff compare two before merging them. */
export interface PersonRecord {
  id: string;
  fullName: string | null;
  mobile: string | null;
  /** Whether the mobile on file was vouched for (recorded by staff), not typed in a chat. */
  mobileVerified: boolean;
  /** Each chat identity: its channel, and the number the platform gave for it, if any. */
  identities: { channel: string; phone: string | null }[];
  /** The references of their requests and complaints, newest first. */
  cases: string[];
  createdAt: string;
}

/** The people staff look up to merge two records of one person (`beneficiaries` and what refers to them). */
export class PgPeopleRepository {
  /** The people a case reference or a beneficiary id points to (at most one each). */
  async find(tx: SqlExecutor, by: { ids?: readonly string[]; reference?: string }): Promise<PersonRecord[]> {
    const found = await tx.query<{
      id: string;
      full_name: string | null;
      mobile: string | null;
      mobile_verified: boolean;
      identities: { channel: string; phone: string | null }[] | null;
      cases: string[] | null;
      created_at: Date | string;
    }>(
      `SELECT b.id, b.full_name, b.mobile, b.mobile_verified, b.created_at,
              (SELECT json_agg(json_build_object('channel', i.channel, 'phone', i.phone) ORDER BY i.created_at)
                 FROM channel_identities i WHERE i.beneficiary_id = b.id) AS identities,
              (SELECT array_agg(k.reference ORDER BY k.created_at DESC) FROM (
                 SELECT reference, created_at FROM service_requests WHERE beneficiary_id = b.id
                 UNION ALL SELECT reference, created_at FROM complaints WHERE beneficiary_id = b.id) k) AS cases
       FROM beneficiaries b
       WHERE b.id = ANY($1::uuid[])
          OR b.id IN (SELECT beneficiary_id FROM service_requests WHERE reference = $2
                      UNION SELECT beneficiary_id FROM complaints WHERE reference = $2)
       ORDER BY b.created_at`,
      [by.ids ? [...by.ids] : [], by.reference ?? null],
    );
    return found.rows.map((row) => ({
      id: row.id,
      fullName: row.full_name,
      mobile: row.mobile,
      mobileVerified: row.mobile_verified,
      identities: row.identities ?? [],
      cases: row.cases ?? [],
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }
}
