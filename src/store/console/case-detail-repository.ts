import type { SqlExecutor } from '../database';

/** A request's own record, beyond what the case list shows. */
export interface RequestRecord {
  id: string;
  /** The form's answers as stored (sealed parts still sealed). */
  fields: Record<string, string | number>;
  declaration: Record<string, unknown>;
  completedAt: Date;
  overdueSince: Date | null;
  beneficiaryId: string | null;
  /** The category that decides who sees it: the service's. */
  scopeCategory: string | null;
  routedTo: string | null;
}

/** A complaint's own record, beyond what the case list shows. */
export interface ComplaintRecord {
  id: string;
  description: string;
  attachments: unknown[];
  routedTo: string;
  overdueSince: Date | null;
  beneficiaryId: string | null;
  /** The category that decides who sees it: the complainant's. */
  scopeCategory: string | null;
}

export interface RequestDocumentRow {
  documentId: string;
  mimeType: string;
  sizeBytes: number;
  fileName: string | null;
  sha256: string;
  receivedAt: Date;
}

/** A message of the person's chats: theirs (`in`) or ours (`out`, a reply when it answers one of theirs). */
export interface PersonMessageRow {
  at: Date;
  direction: 'in' | 'out';
  channel: string;
  /** As stored: inbound texts and outbox payloads may be sealed. */
  payload: unknown;
  /** Where one of ours stands (`null` for theirs). */
  status: string | null;
  reply: boolean;
}

/** What the console's page of one case shows: its record, documents, audit events, alerts and messages. */
export class PgCaseDetailRepository {
  async request(tx: SqlExecutor, reference: string): Promise<RequestRecord | undefined> {
    const found = await tx.query<{
      id: string;
      fields: Record<string, string | number>;
      declaration: Record<string, unknown>;
      completed_at: Date;
      overdue_since: Date | null;
      beneficiary_id: string | null;
      scope_category: string | null;
      routed_to: string | null;
    }>(
      `SELECT id, fields, declaration, completed_at, overdue_since, beneficiary_id, category_id AS scope_category,
              routed_to
       FROM service_requests WHERE reference = $1`,
      [reference],
    );
    const r = found.rows[0];
    return (
      r && {
        id: r.id,
        fields: r.fields,
        declaration: r.declaration,
        completedAt: r.completed_at,
        overdueSince: r.overdue_since,
        beneficiaryId: r.beneficiary_id,
        scopeCategory: r.scope_category,
        routedTo: r.routed_to,
      }
    );
  }

  async complaint(tx: SqlExecutor, reference: string): Promise<ComplaintRecord | undefined> {
    const found = await tx.query<{
      id: string;
      description: string;
      attachments: unknown[];
      routed_to: string;
      overdue_since: Date | null;
      beneficiary_id: string | null;
      scope_category: string | null;
    }>(
      `SELECT c.id, c.description, c.attachments, c.routed_to, c.overdue_since, c.beneficiary_id,
              b.category_id AS scope_category
       FROM complaints c LEFT JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.reference = $1`,
      [reference],
    );
    const c = found.rows[0];
    return (
      c && {
        id: c.id,
        description: c.description,
        attachments: c.attachments,
        routedTo: c.routed_to,
        overdueSince: c.overdue_since,
        beneficiaryId: c.beneficiary_id,
        scopeCategory: c.scope_category,
      }
    );
  }

  /** A request's documents, in the order they came. */
  async requestDocuments(tx: SqlExecutor, requestId: string): Promise<RequestDocumentRow[]> {
    const found = await tx.query<{
      document_id: string;
      mime_type: string;
      size_bytes: number;
      file_name: string | null;
      sha256: string;
      received_at: Date;
    }>(
      `SELECT document_id, mime_type, size_bytes, file_name, sha256, received_at FROM request_documents
       WHERE request_id = $1 ORDER BY id`,
      [requestId],
    );
    return found.rows.map((d) => ({
      documentId: d.document_id,
      mimeType: d.mime_type,
      sizeBytes: d.size_bytes,
      fileName: d.file_name,
      sha256: d.sha256,
      receivedAt: new Date(d.received_at),
    }));
  }

  /** The case's audit events, oldest first (`subjectType`: `service_request` or `complaint`). */
  async events(
    tx: SqlExecutor,
    subjectType: string,
    reference: string,
  ): Promise<{ at: Date; type: string; actor: string; data: Record<string, unknown> }[]> {
    const found = await tx.query<{ at: Date; type: string; actor: string; data: Record<string, unknown> }>(
      `SELECT at, type, actor, data FROM events WHERE subject_type = $1 AND subject_id = $2 ORDER BY at, id`,
      [subjectType, reference],
    );
    return found.rows.map((e) => ({ at: new Date(e.at), type: e.type, actor: e.actor, data: e.data }));
  }

  /** Alerts to staff about the case (reminders, overdue, escalations), oldest first. */
  async staffAlerts(
    tx: SqlExecutor,
    reference: string,
  ): Promise<{ createdAt: Date; kind: string; recipient: string; status: string }[]> {
    const found = await tx.query<{ created_at: Date; kind: string; recipient: string; status: string }>(
      `SELECT created_at, kind, recipient, status FROM staff_notifications WHERE subject_id = $1 ORDER BY id`,
      [reference],
    );
    return found.rows.map((a) => ({
      createdAt: new Date(a.created_at),
      kind: a.kind,
      recipient: a.recipient,
      status: a.status,
    }));
  }

  /** The person's language and the chat channels they have written on (where they can be told). */
  async person(
    tx: SqlExecutor,
    beneficiaryId: string,
  ): Promise<{ preferredLang: string | null; chatChannels: string[] } | undefined> {
    const found = await tx.query<{ preferred_lang: string | null; channels: string[] | null }>(
      `SELECT b.preferred_lang, (SELECT array_agg(DISTINCT c.channel) FROM conversations c WHERE c.beneficiary_id = b.id) AS channels
       FROM beneficiaries b WHERE b.id = $1`,
      [beneficiaryId],
    );
    const row = found.rows[0];
    return row && { preferredLang: row.preferred_lang, chatChannels: row.channels ?? [] };
  }

  /**
   * The person's messages (received since `since`) and ours (written since `since`), the latest `limit`,
   * newest first.
   */
  async personMessages(
    tx: SqlExecutor,
    beneficiaryId: string,
    since: Date,
    limit: number,
  ): Promise<PersonMessageRow[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const found = await tx.query<{
      at: Date;
      direction: 'in' | 'out';
      channel: string;
      payload: unknown;
      status: string | null;
      reply: boolean;
    }>(
      `SELECT * FROM (
         SELECT m.received_at AS at, 'in' AS direction, m.channel, m.payload, NULL AS status, false AS reply
         FROM inbound_messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.beneficiary_id = $1 AND m.received_at >= $2
         UNION ALL
         SELECT o.created_at, 'out', o.channel, o.payload, o.status, o.inbound_id IS NOT NULL
         FROM outbox o JOIN conversations c ON c.id = o.conversation_id
         WHERE c.beneficiary_id = $1 AND o.created_at >= $2
       ) m ORDER BY at DESC LIMIT ${limit}`,
      [beneficiaryId, since.toISOString()],
    );
    return found.rows.map((m) => ({ ...m, at: new Date(m.at) }));
  }
}
