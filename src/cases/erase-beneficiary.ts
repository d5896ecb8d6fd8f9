import type { DocumentStore } from '../documents/document-store';
import type { Database, SqlExecutor } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import { ErasureError } from './erasure-error';

export interface EraseDeps {
  db: Database;
  documents: DocumentStore;
  events: PgEventLog;
  now?: () => Date;
}

/** What an erasure did: rows removed or anonymised per table, and the document files destroyed. */
export interface ErasureResult {
  reference: string;
  rows: Record<string, number>;
  documents: string[];
}

/** Kept in the data request's details: what was erased, and which files, so a re-run can finish the job. */
interface ErasureDetails {
  at: string;
  rows: Record<string, number>;
  documents: string[];
}

/**
 * Carries out a deletion request (PDPL right to destruction) for the person who made it, and marks
 * the request completed. Run by the deletion job (issue #6's queue), or by hand.
 *
 * What happens to the person's data:
 * - **Deleted**: the person, their channel identities, conversations with every message in and out,
 *   consents, handoffs, web-chat deliveries, WhatsApp contact record, volunteer sign-ups, and the
 *   document files they sent (request documents, complaint attachments, any file in a message).
 * - **Anonymised, kept**: cases the association must retain (service requests, complaints, field-help
 *   calls, other data requests, survey ratings) lose every link to the person and every personal
 *   value — request answers, complaint text, places, comments, the channel message ids (a WhatsApp id
 *   carries the phone number) — and keep what the association's records and statistics need:
 *   reference, service or category, status, dates, declaration hash.
 * - **Kept as is**: the audit trail. Its events name the person only by an internal id that now
 *   points nowhere, and carry no personal values (handlers never put them there).
 *
 * The database part is one transaction; the files are removed after it commits (they cannot be
 * rolled back). A file that another person's rows still point to (the store keeps one copy per
 * content) stays. The files are listed in the request, so running it again on a completed request
 * finishes a removal a crash interrupted; it is otherwise a no-op.
 */
export async function eraseBeneficiary(
  deps: EraseDeps,
  reference: string,
  actor = 'system:erasure',
): Promise<ErasureResult> {
  const now = (deps.now ?? (() => new Date()))();
  const details = await deps.db.transaction(async (tx) => {
    const found = await tx.query<{
      beneficiary_id: string | null;
      kind: string;
      status: string;
      details: { erasure?: ErasureDetails } | null;
    }>('SELECT beneficiary_id, kind, status, details FROM data_requests WHERE reference = $1 FOR UPDATE', [
      reference,
    ]);
    const request = found.rows[0];
    if (!request) throw new ErasureError('ERR_DATA_REQUEST_NOT_FOUND', reference);
    if (request.kind !== 'deletion') throw new ErasureError('ERR_NOT_A_DELETION_REQUEST', reference);
    if (request.status === 'refused') throw new ErasureError('ERR_DATA_REQUEST_REFUSED', reference);
    if (request.status === 'completed' && request.details?.erasure) return request.details.erasure;

    const erased: ErasureDetails = request.beneficiary_id
      ? { at: now.toISOString(), ...(await eraseRows(tx, request.beneficiary_id, now)) }
      : { at: now.toISOString(), rows: {}, documents: [] };
    // The request's own channel message id goes too: a WhatsApp id carries the phone number, a web
    // chat id the session.
    await tx.query(
      `UPDATE data_requests SET status = 'completed', completed_at = $2,
         details = (coalesce(details, '{}'::jsonb) - 'messageId') || jsonb_build_object('erasure', $3::jsonb)
       WHERE reference = $1`,
      [reference, now.toISOString(), JSON.stringify(erased)],
    );
    await deps.events.append(tx, {
      actor,
      subjectType: 'data_request',
      subjectId: reference,
      type: 'data.erased',
      data: { rows: erased.rows, documents: erased.documents.length },
      at: now,
    });
    return erased;
  });
  // After the commit: a file removed for a transaction that then rolled back could not come back.
  for (const ref of details.documents) await deps.documents.delete(ref);
  return { reference, rows: details.rows, documents: details.documents };
}

/** Removes or anonymises every row of one person; returns the counts and the files now unreferenced. */
async function eraseRows(
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
       location_text = NULL
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

/** Of `refs`, those other people's rows still point to (the store keeps one copy per content). */
async function referencedElsewhere(tx: SqlExecutor, refs: string[]): Promise<Set<string>> {
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
