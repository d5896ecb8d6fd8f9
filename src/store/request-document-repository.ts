import type { SqlExecutor } from './database';

/** A document as a request keeps it: the file in the document store (`ref`) and what it is. */
export interface RequestDocument {
  ref: string;
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  fileName?: string;
}

/** A stored document of a closed request, for retention. */
export interface ClosedCaseDocument {
  id: string;
  ref: string;
  reference: string;
}

/** The documents of service requests (`request_documents`), by the service's document id. */
export class PgRequestDocumentRepository {
  async add(tx: SqlExecutor, requestId: string, documents: Record<string, RequestDocument>): Promise<void> {
    for (const [documentId, doc] of Object.entries(documents)) {
      await tx.query(
        `INSERT INTO request_documents (request_id, document_id, ref, sha256, mime_type, size_bytes, file_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [requestId, documentId, doc.ref, doc.sha256, doc.mimeType, doc.sizeBytes, doc.fileName ?? null],
      );
    }
  }

  /** Documents of requests closed before `cutoff`: kept no longer than their purpose needs. */
  async ofRequestsClosedBefore(db: SqlExecutor, cutoff: Date): Promise<ClosedCaseDocument[]> {
    const found = await db.query<{ id: string; ref: string; reference: string }>(
      `SELECT d.id::text AS id, d.ref, r.reference FROM request_documents d
       JOIN service_requests r ON r.id = d.request_id
       WHERE r.status = 'closed' AND r.updated_at < $1`,
      [cutoff.toISOString()],
    );
    return found.rows;
  }

  async remove(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query('DELETE FROM request_documents WHERE id = $1', [id]);
  }
}
