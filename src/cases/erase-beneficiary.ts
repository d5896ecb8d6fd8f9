import type { DocumentStore } from '../documents/document-store';
import type { Database } from '../store/database';
import { PgErasureRepository, type ErasureDetails } from '../store/erasure-repository';
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

const erasure = new PgErasureRepository();

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
    const request = await erasure.lockRequest(tx, reference);
    if (!request) throw new ErasureError('ERR_DATA_REQUEST_NOT_FOUND', reference);
    if (request.kind !== 'deletion') throw new ErasureError('ERR_NOT_A_DELETION_REQUEST', reference);
    if (request.status === 'refused') throw new ErasureError('ERR_DATA_REQUEST_REFUSED', reference);
    if (request.status === 'completed' && request.erasure) return request.erasure;

    const erased: ErasureDetails = request.beneficiaryId
      ? { at: now.toISOString(), ...(await erasure.eraseRows(tx, request.beneficiaryId, now)) }
      : { at: now.toISOString(), rows: {}, documents: [] };
    await erasure.complete(tx, reference, now, erased);
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
