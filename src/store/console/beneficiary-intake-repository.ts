import type { SqlExecutor } from '../database';

/**
 * The people the console's intake registers cases for, found by mobile (`beneficiaries`, with their chat
 * identities and earlier forms), or recorded.
 */
/**
 * How a person's record came to hold a mobile number. `staff`: recorded by staff who spoke with them (an
 * earlier intake); `whatsapp`, `telegram`…: the platform itself gave the number of the chat identity
 * (WhatsApp's `@c.us`, a Telegram user's own contact); `typed`: typed by whoever holds a chat, in "my
 * data" or in a form answer — anyone may type anyone's number, so it proves nothing.
 */
export type MobileMatch = 'staff' | 'typed' | (string & {});

export interface MobileCandidate {
  id: string;
  /** Every way the number matched, the vouched ones first. */
  matchedBy: MobileMatch[];
  /** Whether any match is vouched for: only then may a case be registered under this person. */
  verified: boolean;
  fullName: string | null;
  chatChannels: string[];
  cases: number;
  /** Whether a staff member limited to `categories` may see who this is (`intakeScope`). */
  inScope: boolean;
}

export class PgBeneficiaryIntakeRepository {
  /**
   * Everyone this mobile number points to, vouched-for matches first, then the ones who chat with us,
   * then the oldest. `scope` (a liaison officer's or volunteer's categories) decides `inScope`: a person
   * with a case or a category in them; everyone when absent.
   */
  async candidates(tx: SqlExecutor, e164: string, scope?: readonly string[]): Promise<MobileCandidate[]> {
    const found = await tx.query<{
      id: string;
      matched_by: string[];
      full_name: string | null;
      channels: string[] | null;
      cases: string;
      in_scope: boolean;
    }>(
      `WITH matches AS (
         SELECT b.id, CASE WHEN b.mobile_verified THEN 'staff' ELSE 'typed' END AS how
         FROM beneficiaries b WHERE b.mobile = $1
         UNION
         SELECT i.beneficiary_id, i.channel FROM channel_identities i
         WHERE i.phone IS NOT NULL AND regexp_replace(i.phone, '[^0-9]', '', 'g') = $2
         UNION
         SELECT r.beneficiary_id, 'typed' FROM service_requests r, jsonb_each_text(r.fields) f
         WHERE r.beneficiary_id IS NOT NULL AND f.value = $1
       )
       SELECT b.id, array_agg(m.how ORDER BY m.how = 'typed', m.how) AS matched_by, b.full_name,
              (SELECT array_agg(DISTINCT c.channel) FROM conversations c WHERE c.beneficiary_id = b.id) AS channels,
              (SELECT count(*) FROM service_requests r WHERE r.beneficiary_id = b.id)
                + (SELECT count(*) FROM complaints c WHERE c.beneficiary_id = b.id) AS cases,
              ($3::text[] IS NULL OR coalesce(b.category_id = ANY($3::text[]), false)
                OR EXISTS (SELECT 1 FROM service_requests r
                           WHERE r.beneficiary_id = b.id AND r.category_id = ANY($3::text[]))) AS in_scope
       FROM matches m JOIN beneficiaries b ON b.id = m.id
       GROUP BY b.id
       ORDER BY bool_or(m.how <> 'typed') DESC,
                EXISTS (SELECT 1 FROM conversations c WHERE c.beneficiary_id = b.id) DESC, b.created_at`,
      [e164, e164.slice(1), scope ? [...scope] : null],
    );
    return found.rows.map((row) => ({
      id: row.id,
      matchedBy: row.matched_by,
      verified: row.matched_by.some((how) => how !== 'typed'),
      fullName: row.full_name,
      chatChannels: row.channels ?? [],
      cases: Number(row.cases),
      inScope: row.in_scope,
    }));
  }

  /** Until the transaction ends: two staff registering the same new person at once must not create them twice. */
  async lockMobile(tx: SqlExecutor, e164: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('tawasul-beneficiary-mobile:' || $1))`, [e164]);
  }

  /**
   * Fills the chosen person's missing name, mobile and category from the intake (what staff heard is
   * vouched for when the record had no number). Call inside the transaction that stores the case.
   */
  async complete(
    tx: SqlExecutor,
    id: string,
    person: { e164: string; fullName: string | null; categoryId: string | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE beneficiaries SET full_name = coalesce(full_name, $2),
         mobile_verified = CASE WHEN mobile IS NULL THEN true ELSE mobile_verified END,
         mobile = coalesce(mobile, $3), category_id = coalesce(category_id, $4)
       WHERE id = $1`,
      [id, person.fullName, person.e164, person.categoryId],
    );
  }

  /** Records a new person with the mobile staff recorded (vouched for: staff spoke with them). */
  async create(
    tx: SqlExecutor,
    person: { e164: string; fullName: string | null; categoryId: string | null },
  ): Promise<string> {
    const created = await tx.query<{ id: string }>(
      `INSERT INTO beneficiaries (full_name, mobile, mobile_verified, category_id)
       VALUES ($1, $2, true, $3) RETURNING id`,
      [person.fullName, person.e164, person.categoryId],
    );
    return created.rows[0]!.id;
  }
}
