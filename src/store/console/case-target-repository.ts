import type { SqlExecutor } from '../database';

/**
 * What the console checks before it acts on a case by its reference: which kind of case it is, and the
 * category that decides who may see it (a request's own; a complaint's complainant's; a handoff's own).
 */
export class PgCaseTargetRepository {
  /** A request or complaint to decide on, with the language its applicant reads (for a chosen reason's text). */
  async forDecision(
    tx: SqlExecutor,
    reference: string,
  ): Promise<
    { kind: 'request' | 'complaint'; scopeCategory: string | null; lang: string | null } | undefined
  > {
    const found = await tx.query<{
      kind: 'request' | 'complaint';
      scope_category: string | null;
      lang: string | null;
    }>(
      `SELECT 'request' AS kind, r.category_id AS scope_category, b.preferred_lang AS lang FROM service_requests r
           LEFT JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE r.reference = $1
         UNION ALL
         SELECT 'complaint', b.category_id, b.preferred_lang FROM complaints c
           LEFT JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    return row && { kind: row.kind, scopeCategory: row.scope_category, lang: row.lang };
  }

  /** A request, complaint or handoff to assign to an officer. */
  async forAssignment(
    tx: SqlExecutor,
    reference: string,
  ): Promise<{ scopeCategory: string | null } | undefined> {
    const found = await tx.query<{ category: string | null }>(
      `SELECT s.category_id AS category FROM service_requests s WHERE s.reference = $1
         UNION ALL
         SELECT b.category_id FROM complaints c LEFT JOIN beneficiaries b ON b.id = c.beneficiary_id
           WHERE c.reference = $1
         UNION ALL
         SELECT h.category_id FROM handoffs h WHERE h.reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    return row && { scopeCategory: row.category };
  }
}
