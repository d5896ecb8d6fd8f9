import type { SqlExecutor } from './database';

/** A column that refers to a person: every row of it moves when two people become one. */
type PersonReference = {
  table: string;
  column: string;
};

export interface MergeOutcome {
  /** How many rows of each table now belong to the kept person (tables with none are left out). */
  moved: Record<string, number>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Makes two records of one person into one (`beneficiaries`): every row that refers to the merged person
 * (channel identities, conversations, cases, consents, sign-ups, codes…) is moved to the kept one, the
 * kept one's missing contact details are filled from the merged one, and the merged record is deleted.
 *
 * The referring columns are read from the database's own foreign keys, not listed here, so a table added
 * later moves with the rest instead of being deleted with the merged record (`ON DELETE CASCADE`).
 * Callers decide whether the two are the same person: only on proof (a link code typed in the other
 * channel) or by a staff member's decision, both audited by the caller.
 */
export class PgBeneficiaryMergeRepository {
  async merge(tx: SqlExecutor, keepId: string, mergeId: string): Promise<MergeOutcome> {
    if (keepId === mergeId) throw new Error('merge: a person cannot be merged into themselves');
    // Both rows locked in one order, so two merges of the same pair cannot deadlock.
    const locked = await tx.query<{ id: string }>(
      'SELECT id FROM beneficiaries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [[keepId, mergeId]],
    );
    if (locked.rows.length !== 2) throw new Error('merge: both people must exist');
    await tx.query(
      `UPDATE beneficiaries k SET
         full_name = coalesce(k.full_name, m.full_name),
         mobile = coalesce(k.mobile, m.mobile),
         mobile_verified = CASE WHEN k.mobile IS NULL THEN m.mobile_verified ELSE k.mobile_verified END,
         category_id = coalesce(k.category_id, m.category_id),
         preferred_lang = coalesce(k.preferred_lang, m.preferred_lang),
         created_at = least(k.created_at, m.created_at)
       FROM beneficiaries m WHERE k.id = $1 AND m.id = $2`,
      [keepId, mergeId],
    );
    const moved: Record<string, number> = {};
    for (const ref of await this.references(tx)) {
      const result = await tx.query(
        `UPDATE ${quote(ref.table)} SET ${quote(ref.column)} = $1 WHERE ${quote(ref.column)} = $2`,
        [keepId, mergeId],
      );
      const count = result.rowCount;
      if (count > 0) moved[ref.table] = (moved[ref.table] ?? 0) + count;
    }
    await tx.query('DELETE FROM beneficiaries WHERE id = $1', [mergeId]);
    return { moved };
  }

  /** Whether either person has a deletion request open: an erasure under way would take the other's cases. */
  async deletionOpen(tx: SqlExecutor, ids: readonly string[]): Promise<boolean> {
    const found = await tx.query(
      `SELECT 1 FROM data_requests WHERE beneficiary_id = ANY($1::uuid[]) AND kind = 'deletion'
         AND status = 'open' LIMIT 1`,
      [[...ids]],
    );
    return found.rows.length > 0;
  }

  /** Every single-column foreign key to `beneficiaries (id)` in the current schema. */
  private async references(tx: SqlExecutor): Promise<PersonReference[]> {
    const found = await tx.query<PersonReference>(
      `SELECT cl.relname AS table, a.attname AS column
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'beneficiaries'::regclass AND cardinality(c.conkey) = 1
       ORDER BY cl.relname, a.attname`,
    );
    return found.rows;
  }
}
