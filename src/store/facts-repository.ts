import type { BeneficiaryFacts, CaseSummary, HeldData } from '../domain/beneficiary-facts';
import type { PgConsentRepository } from './consent-repository';
import type { SqlExecutor } from './database';

/** How many of the person's own cases a flow sees (newest first). */
const CASES_SHOWN = 20;

/**
 * Loads what flows may know about one person: their consents, their own cases, an open handoff, their
 * contact details and what else is held about them.
 */
export class PgFactsRepository {
  constructor(private readonly consents: PgConsentRepository) {}

  async load(tx: SqlExecutor, beneficiaryId: string): Promise<BeneficiaryFacts> {
    const [consents, cases, handoff, contact, held] = await Promise.all([
      this.consents.granted(tx, beneficiaryId),
      tx.query<{
        reference: string;
        kind: CaseSummary['kind'];
        subject: string | null;
        status: string;
        updated_at: Date;
        due_date: string | null;
      }>(
        `SELECT reference, kind, subject, status, updated_at, due_date::text AS due_date FROM (
           SELECT reference, 'request' AS kind, service_id AS subject, status, updated_at, due_date
             FROM service_requests WHERE beneficiary_id = $1
           UNION ALL
           SELECT reference, kind, category_id, status, updated_at, due_date
             FROM complaints WHERE beneficiary_id = $1
           UNION ALL
           SELECT reference, kind, NULL, status, coalesce(completed_at, created_at), due_date
             FROM data_requests WHERE beneficiary_id = $1
         ) cases ORDER BY updated_at DESC LIMIT ${CASES_SHOWN}`,
        [beneficiaryId],
      ),
      tx.query<{ reference: string; status: string }>(
        `SELECT reference, status FROM handoffs WHERE beneficiary_id = $1 AND status <> 'closed'
         ORDER BY created_at DESC LIMIT 1`,
        [beneficiaryId],
      ),
      tx.query<{ full_name: string | null; mobile: string | null }>(
        'SELECT full_name, mobile FROM beneficiaries WHERE id = $1',
        [beneficiaryId],
      ),
      this.held(tx, beneficiaryId),
    ]);
    const open = handoff.rows[0];
    return {
      id: beneficiaryId,
      consents,
      cases: cases.rows.map((r) => ({
        reference: r.reference,
        kind: r.kind,
        subject: r.subject,
        status: r.status,
        updatedAt: new Date(r.updated_at).toISOString(),
        dueDate: r.due_date,
      })),
      openHandoff: open ? { reference: open.reference, claimed: open.status === 'claimed' } : null,
      contact: { fullName: contact.rows[0]?.full_name ?? null, mobile: contact.rows[0]?.mobile ?? null },
      held,
    };
  }

  /** The rest of what is held about the person (the right of access): channels, consents, counts. */
  private async held(tx: SqlExecutor, beneficiaryId: string): Promise<HeldData> {
    // One after the other: a transaction's client runs one query at a time anyway.
    const channels = await tx.query<{ channel: string }>(
      'SELECT DISTINCT channel FROM channel_identities WHERE beneficiary_id = $1 ORDER BY channel',
      [beneficiaryId],
    );
    const consents = await this.consents.latest(tx, beneficiaryId);
    const count = await tx.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM service_requests WHERE beneficiary_id = $1)
             + (SELECT count(*) FROM complaints WHERE beneficiary_id = $1)
             + (SELECT count(*) FROM data_requests WHERE beneficiary_id = $1))::int AS n`,
      [beneficiaryId],
    );
    const registrations = await tx.query<{ reference: string; kind: 'volunteer' | 'fieldHelp' }>(
      `SELECT reference, kind FROM (
         SELECT reference, 'volunteer' AS kind, created_at FROM volunteers WHERE beneficiary_id = $1
         UNION ALL
         SELECT reference, 'fieldHelp', created_at FROM field_help_requests WHERE beneficiary_id = $1
       ) r ORDER BY created_at DESC LIMIT ${CASES_SHOWN}`,
      [beneficiaryId],
    );
    return {
      channels: channels.rows.map((r) => r.channel),
      consents,
      caseCount: count.rows[0]?.n ?? 0,
      registrations: registrations.rows.map((r) => ({ reference: r.reference, kind: r.kind })),
    };
  }
}
