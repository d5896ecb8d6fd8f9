import type { Profile, StaffRole } from '../../config/profile-schema';
import {
  availableComplaintActions,
  COMPLAINT_RULES,
  type ComplaintStatus,
} from '../../cases/rules/complaint-transitions';
import {
  availableRequestActions,
  REQUEST_RULES,
  type RequestStatus,
} from '../../cases/rules/request-transitions';
import type { FieldCipher } from '../../security/field-cipher';
import { openSealedFields } from '../../security/sealed-parts';
import type { SqlExecutor } from '../../store/database';
import { CaseQueries, type CaseRow } from './case-queries';
import { inScope, type CaseScope } from './case-scope';

/** One line of a case's timeline, oldest first. */
export type TimelineItem =
  | { at: string; type: 'event'; event: string; actor: string; data: Record<string, unknown> }
  | { at: string; type: 'inbound'; channel: string; text: string; media: number }
  | {
      at: string;
      type: 'reply' | 'notification';
      channel: string;
      text: string;
      /** pending → queued → sending → sent (or failed / uncertain): where the message is. */
      status: string;
    }
  | { at: string; type: 'staffAlert'; kind: string; recipient: string; status: string }
  | {
      at: string;
      type: 'document';
      documentId: string;
      mimeType: string;
      sizeBytes: number;
      fileName: string | null;
    };

export interface CaseDetail extends CaseRow {
  fields: Record<string, string | number> | null;
  description: string | null;
  routedTo: string | null;
  declaration: Record<string, unknown> | null;
  completedAt: string | null;
  overdueSince: string | null;
  documents: {
    documentId: string;
    mimeType: string;
    sizeBytes: number;
    fileName: string | null;
    sha256: string;
    receivedAt: string;
  }[];
  attachments: unknown[];
  beneficiary: { id: string; chatChannels: string[]; preferredLang: string | null } | null;
  /** What the signed-in staff member may do now (the transition tables decide). */
  actions: { id: string; needsReason: boolean }[];
  timeline: TimelineItem[];
}

/** Messages of the person shown around a case: from a day before it opened, the latest this many. */
const MESSAGE_LIMIT = 200;

/** The text of a stored message, opened when it is sealed at rest (outbox `{ sealed }`, inbound `text`). */
function messageText(payload: unknown, cipher: FieldCipher | undefined): string {
  try {
    let p = payload as { text?: unknown; sealed?: unknown } | null;
    if (typeof p?.sealed === 'string') {
      if (!cipher) return '';
      p = JSON.parse(cipher.open(p.sealed)) as { text?: unknown };
    }
    if (typeof p?.text !== 'string') return '';
    return cipher ? cipher.open(p.text) : p.text;
  } catch {
    return ''; // sealed with a key this process no longer has: show the message without its text
  }
}

/**
 * A case with everything about it in one timeline: its audit events (who, when, why), the person's chat
 * messages and our replies, the notifications sent to them with where each stands, staff alerts
 * (reminders, escalations), and its documents.
 */
export async function caseDetail(
  db: SqlExecutor,
  profile: Profile,
  reference: string,
  scope: CaseScope,
  roles: readonly StaffRole[],
  today: string,
  cipher?: FieldCipher,
): Promise<CaseDetail | undefined> {
  const queries = new CaseQueries(profile);
  const listed = await queries.list(
    db,
    { q: reference, sort: 'newest', page: 1, pageSize: 1 },
    { all: true },
    today,
  );
  const row = listed.rows[0];
  if (!row || row.reference !== reference) return undefined;
  const isRequest = row.kind === 'request';
  const found = isRequest
    ? await db.query<{
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
      )
    : await db.query<{
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
  const raw = found.rows[0] as Record<string, unknown> | undefined;
  if (!raw || !inScope(scope, (raw.scope_category as string | null) ?? null)) return undefined;
  const beneficiaryId = (raw.beneficiary_id as string | null) ?? null;

  const documents = isRequest
    ? (
        await db.query<{
          document_id: string;
          mime_type: string;
          size_bytes: number;
          file_name: string | null;
          sha256: string;
          received_at: Date;
        }>(
          `SELECT document_id, mime_type, size_bytes, file_name, sha256, received_at FROM request_documents
           WHERE request_id = $1 ORDER BY id`,
          [raw.id],
        )
      ).rows.map((d) => ({
        documentId: d.document_id,
        mimeType: d.mime_type,
        sizeBytes: d.size_bytes,
        fileName: d.file_name,
        sha256: d.sha256,
        receivedAt: new Date(d.received_at).toISOString(),
      }))
    : [];

  const timeline: TimelineItem[] = [];
  const events = await db.query<{ at: Date; type: string; actor: string; data: Record<string, unknown> }>(
    `SELECT at, type, actor, data FROM events WHERE subject_type = $1 AND subject_id = $2 ORDER BY at, id`,
    [isRequest ? 'service_request' : 'complaint', reference],
  );
  for (const e of events.rows) {
    timeline.push({
      at: new Date(e.at).toISOString(),
      type: 'event',
      event: e.type,
      actor: e.actor,
      data: e.data,
    });
  }
  const alerts = await db.query<{ created_at: Date; kind: string; recipient: string; status: string }>(
    `SELECT created_at, kind, recipient, status FROM staff_notifications WHERE subject_id = $1 ORDER BY id`,
    [reference],
  );
  for (const a of alerts.rows) {
    timeline.push({
      at: new Date(a.created_at).toISOString(),
      type: 'staffAlert',
      kind: a.kind,
      recipient: a.recipient,
      status: a.status,
    });
  }
  for (const d of documents) {
    timeline.push({
      at: d.receivedAt,
      type: 'document',
      documentId: d.documentId,
      mimeType: d.mimeType,
      sizeBytes: d.sizeBytes,
      fileName: d.fileName,
    });
  }

  let beneficiary: CaseDetail['beneficiary'] = null;
  if (beneficiaryId) {
    const person = await db.query<{ preferred_lang: string | null; channels: string[] | null }>(
      `SELECT b.preferred_lang, (SELECT array_agg(DISTINCT c.channel) FROM conversations c WHERE c.beneficiary_id = b.id) AS channels
       FROM beneficiaries b WHERE b.id = $1`,
      [beneficiaryId],
    );
    beneficiary = {
      id: beneficiaryId,
      chatChannels: person.rows[0]?.channels ?? [],
      preferredLang: person.rows[0]?.preferred_lang ?? null,
    };
    const since = new Date(new Date(row.createdAt).getTime() - 86_400_000).toISOString();
    const messages = await db.query<{
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
       ) m ORDER BY at DESC LIMIT ${MESSAGE_LIMIT}`,
      [beneficiaryId, since],
    );
    for (const m of messages.rows) {
      const at = new Date(m.at).toISOString();
      if (m.direction === 'in') {
        const media = (m.payload as { media?: unknown[] } | null)?.media;
        timeline.push({
          at,
          type: 'inbound',
          channel: m.channel,
          text: messageText(m.payload, cipher),
          media: Array.isArray(media) ? media.length : 0,
        });
      } else {
        // A reply answers one of the person's messages; anything else we sent on our own is a notification.
        timeline.push({
          at,
          type: m.reply ? 'reply' : 'notification',
          channel: m.channel,
          text: messageText(m.payload, cipher),
          status: m.status ?? 'pending',
        });
      }
    }
  }
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const actions = isRequest
    ? availableRequestActions(row.status as RequestStatus, roles).map((id) => ({
        id,
        needsReason: REQUEST_RULES[id].needsReason,
      }))
    : availableComplaintActions(row.status as ComplaintStatus, roles).map((id) => ({
        id,
        needsReason: COMPLAINT_RULES[id].needsReason,
      }));

  const iso = (value: unknown) => (value ? new Date(value as Date).toISOString() : null);
  return {
    ...row,
    fields: isRequest ? openSealedFields(raw.fields as Record<string, string | number>, cipher) : null,
    description: isRequest ? null : (raw.description as string),
    // A request's officer when one was assigned (`CaseAssignments`); a complaint's committee or officer.
    routedTo: (raw.routed_to as string | null) ?? null,
    declaration: isRequest ? (raw.declaration as Record<string, unknown>) : null,
    completedAt: isRequest ? iso(raw.completed_at) : null,
    overdueSince: iso(raw.overdue_since),
    documents,
    attachments: isRequest ? [] : ((raw.attachments as unknown[]) ?? []),
    beneficiary,
    actions,
    timeline,
  };
}
