import type { BeneficiaryFacts, CaseSummary } from '../domain/beneficiary-facts';
import { LATEST_CONSENTS_SQL, type PgConsentRepository } from './consent-repository';
import type { SqlExecutor } from './database';

/** How many of the person's own cases a flow sees (newest first). */
const CASES_SHOWN = 20;
/** How many rated cases are remembered: far more than the cases shown, so none is offered twice. */
const SURVEYED_SHOWN = 200;

/**
 * Everything in one statement: the facts are loaded before every step, and a round trip costs more than
 * the reading (nine queries were a third of a step's database time, issue #8). Each part is a subquery
 * returning JSON; `person` is the SQL that names the person (`$1`, or a column for a batch).
 */
const factsSql = (person: string) => `SELECT
  (SELECT coalesce(json_agg(json_build_object(
            'purpose', c.purpose, 'version', c.version, 'granted', c.granted, 'at', c.recorded_at)
          ORDER BY c.purpose), '[]'::json)
     FROM (${LATEST_CONSENTS_SQL.replaceAll('$1', person)}) c) AS consents,
  (SELECT coalesce(json_agg(json_build_object(
            'reference', k.reference, 'kind', k.kind, 'subject', k.subject, 'status', k.status,
            'updatedAt', k.updated_at, 'dueDate', k.due_date::text, 'missing', k.missing)
          ORDER BY k.updated_at DESC), '[]'::json)
     FROM (SELECT reference, kind, subject, status, updated_at, due_date, missing FROM (
             SELECT reference, 'request' AS kind, service_id AS subject, status, updated_at, due_date,
                    CASE WHEN status = 'needs_info' THEN json_build_object('fields', info_request->'fields',
                      'documents', info_request->'documents', 'reason', info_request->>'reason') END AS missing
               FROM service_requests WHERE beneficiary_id = ${person}
             UNION ALL
             SELECT reference, kind, category_id, status, updated_at, due_date, NULL
               FROM complaints WHERE beneficiary_id = ${person}
             UNION ALL
             SELECT reference, kind, NULL, status, coalesce(completed_at, created_at), due_date, NULL
               FROM data_requests WHERE beneficiary_id = ${person}
           ) all_cases ORDER BY updated_at DESC LIMIT ${CASES_SHOWN}) k) AS cases,
  (SELECT json_build_object('reference', reference, 'status', status) FROM handoffs
     WHERE beneficiary_id = ${person} AND status <> 'closed' ORDER BY created_at DESC LIMIT 1) AS handoff,
  (SELECT json_build_object('fullName', full_name, 'mobile', mobile) FROM beneficiaries WHERE id = ${person}) AS contact,
  (SELECT coalesce(json_agg(s.case_reference ORDER BY s.created_at DESC), '[]'::json)
     FROM (SELECT case_reference, created_at FROM survey_responses
           WHERE beneficiary_id = ${person} AND case_reference IS NOT NULL
           ORDER BY created_at DESC LIMIT ${SURVEYED_SHOWN}) s) AS surveyed,
  (SELECT coalesce(json_agg(ch.channel ORDER BY ch.channel), '[]'::json)
     FROM (SELECT DISTINCT channel FROM channel_identities WHERE beneficiary_id = ${person}) ch) AS channels,
  ((SELECT count(*) FROM service_requests WHERE beneficiary_id = ${person})
   + (SELECT count(*) FROM complaints WHERE beneficiary_id = ${person})
   + (SELECT count(*) FROM data_requests WHERE beneficiary_id = ${person}))::int AS case_count,
  (SELECT coalesce(json_agg(json_build_object('reference', r.reference, 'kind', r.kind)
          ORDER BY r.created_at DESC), '[]'::json)
     FROM (SELECT reference, kind, created_at FROM (
             SELECT reference, 'volunteer' AS kind, created_at FROM volunteers WHERE beneficiary_id = ${person}
             UNION ALL
             SELECT reference, 'fieldHelp', created_at FROM field_help_requests WHERE beneficiary_id = ${person}
           ) all_registrations ORDER BY created_at DESC LIMIT ${CASES_SHOWN}) r) AS registrations`;

const FACTS_SQL = factsSql('$1');
/** The facts of many people: one row each, named by `beneficiary_id`. */
const MANY_FACTS_SQL = `SELECT p.id::text AS beneficiary_id, f.* FROM unnest($1::uuid[]) AS p(id)
  CROSS JOIN LATERAL (${factsSql('p.id')}) f`;

interface FactsRow {
  consents: { purpose: string; version: string; granted: boolean; at: string }[];
  cases: (Omit<CaseSummary, 'dueDate' | 'missing'> & {
    dueDate: string | null;
    missing: { fields: string[] | null; documents: string[] | null; reason: string | null } | null;
  })[];
  handoff: { reference: string; status: string } | null;
  contact: { fullName: string | null; mobile: string | null } | null;
  surveyed: string[];
  channels: string[];
  case_count: number;
  registrations: { reference: string; kind: 'volunteer' | 'fieldHelp' }[];
}

/** Times inside JSON are PostgreSQL's ISO text (microseconds, offset): the same instant, as we write it. */
const iso = (time: string) => new Date(time).toISOString();

/**
 * Loads what flows may know about one person: their consents, their own cases, an open handoff, their
 * contact details and what else is held about them.
 */
export class PgFactsRepository {
  /**
   * The consent rules stay the consent repository's: the statement embeds its `LATEST_CONSENTS_SQL`.
   * The parameter names that dependency for the wiring; the facts need no call of their own on it.
   */
  constructor(_consents: PgConsentRepository) {}

  async load(tx: SqlExecutor, beneficiaryId: string): Promise<BeneficiaryFacts> {
    const found = await tx.query<FactsRow & Record<string, unknown>>(FACTS_SQL, [beneficiaryId]);
    const row = found.rows[0];
    if (!row) throw new Error('the facts query returned no row');
    return toFacts(beneficiaryId, row);
  }

  /** `load` for the people of a batch of steps, in one statement. */
  async loadMany(tx: SqlExecutor, beneficiaryIds: readonly string[]): Promise<Map<string, BeneficiaryFacts>> {
    if (beneficiaryIds.length === 0) return new Map();
    const found = await tx.query<FactsRow & { beneficiary_id: string } & Record<string, unknown>>(
      MANY_FACTS_SQL,
      [beneficiaryIds],
    );
    return new Map(found.rows.map((row) => [row.beneficiary_id, toFacts(row.beneficiary_id, row)]));
  }
}

function toFacts(beneficiaryId: string, row: FactsRow): BeneficiaryFacts {
  const latest = row.consents.map((c) => ({ ...c, at: iso(c.at) }));
  return {
    id: beneficiaryId,
    consents: Object.fromEntries(latest.filter((c) => c.granted).map((c) => [c.purpose, c.version])),
    cases: row.cases.map(({ missing, ...c }) => ({
      ...c,
      updatedAt: iso(c.updatedAt),
      // What the committee asked for, on a request waiting for it (named items, or a reason alone).
      ...(missing
        ? {
            missing: {
              fields: missing.fields ?? [],
              documents: missing.documents ?? [],
              reason: missing.reason ?? '',
            },
          }
        : {}),
    })),
    openHandoff: row.handoff
      ? { reference: row.handoff.reference, claimed: row.handoff.status === 'claimed' }
      : null,
    surveyed: row.surveyed,
    contact: { fullName: row.contact?.fullName ?? null, mobile: row.contact?.mobile ?? null },
    held: {
      channels: row.channels,
      consents: latest,
      caseCount: row.case_count,
      registrations: row.registrations,
    },
  };
}
