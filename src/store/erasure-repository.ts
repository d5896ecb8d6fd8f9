import type { SqlExecutor } from './database';

/** Kept in the data request's details: what was erased, and which files, so a re-run can finish the job. */
export interface ErasureDetails {
  at: string;
  rows: Record<string, number>;
  documents: string[];
}

/** A deletion request, locked, with the erasure already done for it (if any). */
export interface LockedDataRequest {
  beneficiaryId: string | null;
  kind: string;
  status: string;
  erasure: ErasureDetails | undefined;
}

/**
 * The SQL of a person's erasure (PDPL): every row of theirs removed or anonymised, in one transaction
 * that `eraseBeneficiary` (src/cases/erase-beneficiary.ts) runs and audits.
 */
export class PgErasureRepository {
  async lockRequest(tx: SqlExecutor, reference: string): Promise<LockedDataRequest | undefined> {
    const found = await tx.query<{
      beneficiary_id: string | null;
      kind: string;
      status: string;
      details: { erasure?: ErasureDetails } | null;
    }>('SELECT beneficiary_id, kind, status, details FROM data_requests WHERE reference = $1 FOR UPDATE', [
      reference,
    ]);
    const row = found.rows[0];
    return (
      row && {
        beneficiaryId: row.beneficiary_id,
        kind: row.kind,
        status: row.status,
        erasure: row.details?.erasure,
      }
    );
  }

  /**
   * Completes the request: what was erased is kept in its details, and its own channel message id goes
   * (a WhatsApp id carries the phone number, a web chat id the session).
   */
  async complete(tx: SqlExecutor, reference: string, at: Date, erased: ErasureDetails): Promise<void> {
    await tx.query(
      `UPDATE data_requests SET status = 'completed', completed_at = $2,
         details = (coalesce(details, '{}'::jsonb) - 'messageId') || jsonb_build_object('erasure', $3::jsonb)
       WHERE reference = $1`,
      [reference, at.toISOString(), JSON.stringify(erased)],
    );
  }

  /** Removes or anonymises every row of one person; returns the counts and the files now unreferenced. */
  async eraseRows(
    tx: SqlExecutor,
    id: string,
    now: Date,
  ): Promise<{ rows: Record<string, number>; documents: string[] }> {
    const rows: Record<string, number> = {};
    const run = async (name: string, sql: string, params: unknown[] = [id]) => {
      const result = await tx.query(sql, params);
      rows[name] = (rows[name] ?? 0) + result.rowCount;
    };
    const theirs = await documentRefs(tx, id);

    await run(
      'webchat_deliveries',
      `DELETE FROM webchat_deliveries WHERE session_id IN
         (SELECT channel_user_id FROM channel_identities WHERE beneficiary_id = $1 AND channel = 'webchat')`,
    );
    // Added by the WhatsApp adapter's migration: absent on a database not migrated that far.
    const whatsapp = await tx.query<{ present: boolean }>(
      `SELECT to_regclass('whatsapp_contacts') IS NOT NULL AS present`,
    );
    if (whatsapp.rows[0]?.present) {
      await run(
        'whatsapp_contacts',
        `DELETE FROM whatsapp_contacts WHERE chat_id IN
           (SELECT channel_user_id FROM channel_identities WHERE beneficiary_id = $1 AND channel = 'whatsapp')`,
      );
    }
    await run(
      'request_documents',
      `DELETE FROM request_documents WHERE request_id IN (SELECT id FROM service_requests WHERE beneficiary_id = $1)`,
    );
    // The declaration keeps its text version, time, channel and hash (what the applicant confirmed);
    // the id of the message that confirmed it goes, as it names the person (a phone number, a session).
    await run(
      'service_requests',
      `UPDATE service_requests SET beneficiary_id = NULL, fields = '{}'::jsonb,
         declaration = declaration - 'messageId', updated_at = $2
       WHERE beneficiary_id = $1`,
      [id, now.toISOString()],
    );
    await run(
      'complaints',
      `UPDATE complaints SET beneficiary_id = NULL, description = '', attachments = '[]'::jsonb, updated_at = $2
       WHERE beneficiary_id = $1`,
      [id, now.toISOString()],
    );
    // Ratings stay for the statistics; free-text answers (comments) go.
    await run(
      'survey_responses',
      `UPDATE survey_responses SET beneficiary_id = NULL,
         answers = CASE WHEN jsonb_typeof(answers) = 'object'
           THEN coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(answers)
                          WHERE jsonb_typeof(value) <> 'string'), '{}'::jsonb)
           ELSE '{}'::jsonb END
       WHERE beneficiary_id = $1`,
    );
    await run(
      'field_help_requests',
      `UPDATE field_help_requests SET beneficiary_id = NULL, details = NULL, latitude = NULL, longitude = NULL,
         location_text = NULL, done_note = NULL
       WHERE beneficiary_id = $1`,
    );
    // Their other data requests keep their reference and outcome; details may hold old contact values.
    await run(
      'data_requests',
      `UPDATE data_requests SET beneficiary_id = NULL, details = '{}'::jsonb
       WHERE beneficiary_id = $1 AND kind <> 'deletion'`,
    );
    await run('volunteers', 'DELETE FROM volunteers WHERE beneficiary_id = $1');
    // Cascades to channel identities, conversations (inbound messages, outbox), consents and handoffs.
    await run('beneficiaries', 'DELETE FROM beneficiaries WHERE id = $1');

    const stillUsed = await referencedElsewhere(tx, theirs);
    return { rows, documents: theirs.filter((ref) => !stillUsed.has(ref)) };
  }
}

/** Refs of the files one person sent: request documents, complaint attachments, files in their messages. */
async function documentRefs(tx: SqlExecutor, id: string): Promise<string[]> {
  const found = await tx.query<{ ref: string }>(
    `SELECT DISTINCT ref FROM (
       SELECT d.ref FROM request_documents d JOIN service_requests r ON r.id = d.request_id
        WHERE r.beneficiary_id = $1
       UNION ALL
       SELECT a->>'ref' FROM complaints c, jsonb_array_elements(
         CASE WHEN jsonb_typeof(c.attachments) = 'array' THEN c.attachments ELSE '[]'::jsonb END) a
        WHERE c.beneficiary_id = $1
       UNION ALL
       SELECT m->>'ref' FROM inbound_messages i JOIN conversations c ON c.id = i.conversation_id,
         jsonb_array_elements(CASE WHEN jsonb_typeof(i.payload->'media') = 'array'
                                   THEN i.payload->'media' ELSE '[]'::jsonb END) m
        WHERE c.beneficiary_id = $1
     ) refs WHERE ref IS NOT NULL ORDER BY ref`,
    [id],
  );
  return found.rows.map((r) => r.ref);
}

/**
 * Of `refs`, those rows still point to: request documents, complaint attachments, files in messages
 * (the store keeps one copy per content, so one file may be several people's).
 */
export async function referencedElsewhere(tx: SqlExecutor, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const found = await tx.query<{ ref: string }>(
    `WITH wanted AS (SELECT jsonb_array_elements_text($1::jsonb) AS ref)
     SELECT DISTINCT ref FROM (
       SELECT ref FROM request_documents
       UNION ALL
       SELECT a->>'ref' FROM complaints c, jsonb_array_elements(
         CASE WHEN jsonb_typeof(c.attachments) = 'array' THEN c.attachments ELSE '[]'::jsonb END) a
       UNION ALL
       SELECT m->>'ref' FROM inbound_messages i, jsonb_array_elements(
         CASE WHEN jsonb_typeof(i.payload->'media') = 'array' THEN i.payload->'media' ELSE '[]'::jsonb END) m
     ) used WHERE ref IN (SELECT ref FROM wanted)`,
    [JSON.stringify(refs)],
  );
  return new Set(found.rows.map((r) => r.ref));
}
