import type { SqlExecutor } from './database';

/** Average of the overall ratings given, and how many. */
export interface Satisfaction {
  average: string | null;
  answers: number;
}

/**
 * Satisfaction surveys: the invitation sent once per finished case (`survey_invitations`) and the answers
 * (`survey_responses`, one per case).
 */
export class PgSurveyRepository {
  /** The person to ask about a finished case (closed, delivered or resolved), if it is one. */
  async finishedCaseOwner(tx: SqlExecutor, reference: string): Promise<string | undefined> {
    const found = await tx.query<{ beneficiary_id: string | null; status: string }>(
      `SELECT beneficiary_id, status FROM service_requests WHERE reference = $1
       UNION ALL SELECT beneficiary_id, status FROM complaints WHERE reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    if (!row?.beneficiary_id || !['closed', 'delivered', 'resolved'].includes(row.status)) return undefined;
    return row.beneficiary_id;
  }

  /** Records the invitation about `reference`; false when the person was invited already. */
  async invite(tx: SqlExecutor, reference: string, beneficiaryId: string, at: Date): Promise<boolean> {
    const invited = await tx.query(
      `INSERT INTO survey_invitations (case_reference, beneficiary_id, sent_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_reference) DO NOTHING`,
      [reference, beneficiaryId, at.toISOString()],
    );
    return invited.rowCount > 0;
  }

  /** Takes the invitation back (the survey could not start), so a later try may send it. */
  async uninvite(tx: SqlExecutor, reference: string): Promise<void> {
    await tx.query('DELETE FROM survey_invitations WHERE case_reference = $1', [reference]);
  }

  /** Stores the answers about a case; undefined when that case was answered already. */
  async answer(
    tx: SqlExecutor,
    response: {
      beneficiaryId: string;
      caseReference: string | null;
      answers: Record<string, unknown>;
      channel: string;
      at: Date;
    },
  ): Promise<string | undefined> {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO survey_responses (beneficiary_id, case_reference, answers, channel, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id::text AS id`,
      [
        response.beneficiaryId,
        response.caseReference,
        JSON.stringify(response.answers),
        response.channel,
        response.at.toISOString(),
      ],
    );
    return inserted.rows[0]?.id;
  }

  /** The overall ratings given since the start of `date` (a local date). */
  async satisfactionSince(tx: SqlExecutor, date: string): Promise<Satisfaction | undefined> {
    const found = await tx.query<{ average: string | null; answers: number }>(
      `SELECT avg((answers->>'overall')::numeric)::text AS average, count(*) AS answers
       FROM survey_responses WHERE created_at >= $1::date AND answers ? 'overall'`,
      [date],
    );
    return found.rows[0];
  }
}
