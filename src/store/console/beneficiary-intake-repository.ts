import type { SqlExecutor } from '../database';

/**
 * The people the console's intake registers cases for, found by mobile (`beneficiaries`, with their chat
 * identities and earlier forms), or recorded.
 */
export class PgBeneficiaryIntakeRepository {
  /**
   * The person with this mobile: by their contact details, a chat identity whose platform gave the
   * number, or an earlier form's answer. One who chats with us first, then the oldest.
   */
  async findByMobile(tx: SqlExecutor, e164: string): Promise<string | undefined> {
    const found = await tx.query<{ id: string }>(
      `SELECT b.id FROM beneficiaries b
       WHERE b.mobile = $1
          OR EXISTS (SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = b.id
                     AND regexp_replace(coalesce(i.phone, ''), '[^0-9]', '', 'g') = $2)
          OR EXISTS (SELECT 1 FROM service_requests r, jsonb_each_text(r.fields) f
                     WHERE r.beneficiary_id = b.id AND f.value = $1)
       ORDER BY EXISTS (SELECT 1 FROM conversations c WHERE c.beneficiary_id = b.id) DESC, b.created_at
       LIMIT 1`,
      [e164, e164.slice(1)],
    );
    return found.rows[0]?.id;
  }

  /** The person's name, the chat channels they wrote on, and how many requests and complaints they have. */
  async summary(
    tx: SqlExecutor,
    id: string,
  ): Promise<{ fullName: string | null; chatChannels: string[]; cases: number } | undefined> {
    const found = await tx.query<{
      full_name: string | null;
      channels: string[] | null;
      cases: string;
    }>(
      `SELECT b.full_name,
              (SELECT array_agg(DISTINCT c.channel) FROM conversations c WHERE c.beneficiary_id = b.id) AS channels,
              (SELECT count(*) FROM service_requests r WHERE r.beneficiary_id = b.id)
                + (SELECT count(*) FROM complaints c WHERE c.beneficiary_id = b.id) AS cases
       FROM beneficiaries b WHERE b.id = $1`,
      [id],
    );
    const row = found.rows[0];
    return row && { fullName: row.full_name, chatChannels: row.channels ?? [], cases: Number(row.cases) };
  }

  /**
   * The person with this mobile, their missing name, mobile and category filled in; or a new person.
   * Call inside the transaction that stores the case.
   */
  async findOrCreate(
    tx: SqlExecutor,
    person: { e164: string; fullName: string | null; categoryId: string | null },
  ): Promise<{ id: string; created: boolean }> {
    // Two staff registering the same new person at once must not create them twice.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('tawasul-beneficiary-mobile:' || $1))`, [
      person.e164,
    ]);
    const existing = await this.findByMobile(tx, person.e164);
    if (existing) {
      await tx.query(
        `UPDATE beneficiaries SET full_name = coalesce(full_name, $2), mobile = coalesce(mobile, $3),
           category_id = coalesce(category_id, $4) WHERE id = $1`,
        [existing, person.fullName, person.e164, person.categoryId],
      );
      return { id: existing, created: false };
    }
    const created = await tx.query<{ id: string }>(
      'INSERT INTO beneficiaries (full_name, mobile, category_id) VALUES ($1, $2, $3) RETURNING id',
      [person.fullName, person.e164, person.categoryId],
    );
    return { id: created.rows[0]!.id, created: true };
  }
}
