import type { SqlExecutor } from './database';
import type { FieldCipher } from '../security/field-cipher';
import { openSealedFields, openText } from '../security/sealed-parts';

/** The kinds of case the staff bot shows, each with a card and a topic. */
export type CaseType = 'handoff' | 'request' | 'complaint' | 'fieldHelp';
export const CASE_TYPES: readonly CaseType[] = ['handoff', 'request', 'complaint', 'fieldHelp'];

/** A file attached to a case, as the document store keeps it. */
export interface CaseDocument {
  ref: string;
  fileName: string | null;
  mimeType: string | null;
}

/** What staff see of the person behind a case: never more than a card needs. */
export interface CasePerson {
  fullName: string | null;
  displayName: string | null;
  /** E.164 as stored; the card shows it masked. */
  mobile: string | null;
  lang: string | null;
}

/** One case as the staff bot shows it, whatever table it lives in. */
export interface CaseView {
  type: CaseType;
  reference: string;
  status: string;
  /** complaint | suggestion | compensation for complaints; the help kind for field help. */
  kind: string | null;
  beneficiaryId: string | null;
  /** The person's chat conversation (handoffs), where staff replies go. */
  conversationId: string | null;
  person: CasePerson | null;
  channel: string | null;
  categoryId: string | null;
  serviceId: string | null;
  /** The reason, description or details the person gave. */
  summary: string | null;
  fields: Record<string, string | number> | null;
  dueDate: string | null;
  documents: CaseDocument[];
  location: { latitude: number; longitude: number } | null;
  locationText: string | null;
  urgent: boolean;
  routedTo: string | null;
  /** A complaint's rung on the escalation ladder (0: its first owner); 0 for every other case. */
  escalationLevel: number;
  claimedBy: string | null;
  closedBy: string | null;
}

interface BaseRow extends Record<string, unknown> {
  reference: string;
  status: string;
  beneficiary_id: string | null;
  channel: string | null;
  category_id: string | null;
}

/**
 * Reads cases for the staff bot's cards: one query per kind of case, the person's name and
 * mobile from their record (never an ID number), the documents as refs into the document store.
 */
export class PgCaseViewRepository {
  /** Opens the answers sealed at rest (national ID), which the card then masks. */
  constructor(private readonly cipher?: FieldCipher) {}

  async load(tx: SqlExecutor, type: CaseType, reference: string): Promise<CaseView | undefined> {
    switch (type) {
      case 'handoff':
        return this.handoff(tx, reference);
      case 'request':
        return this.request(tx, reference);
      case 'complaint':
        return this.complaint(tx, reference);
      case 'fieldHelp':
        return this.fieldHelp(tx, reference);
    }
  }

  private async handoff(tx: SqlExecutor, reference: string): Promise<CaseView | undefined> {
    const found = await tx.query<
      BaseRow & {
        conversation_id: string;
        reason: string;
        routed_to: string | null;
        claimed_by: string | null;
        closed_by: string | null;
      }
    >(
      `SELECT h.reference, h.status, h.beneficiary_id, c.channel, h.category_id, h.conversation_id,
              h.reason, h.routed_to, h.claimed_by, h.closed_by
       FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE h.reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    return {
      ...(await this.base(tx, 'handoff', row)),
      conversationId: row.conversation_id,
      summary: row.reason || null,
      routedTo: row.routed_to,
      claimedBy: row.claimed_by,
      closedBy: row.closed_by,
    };
  }

  private async request(tx: SqlExecutor, reference: string): Promise<CaseView | undefined> {
    const found = await tx.query<
      BaseRow & {
        id: string;
        service_id: string;
        fields: Record<string, string | number>;
        due_date: string;
        routed_to: string | null;
      }
    >(
      `SELECT id, reference, status, beneficiary_id, channel, category_id, service_id, fields,
              due_date::text AS due_date, routed_to
       FROM service_requests WHERE reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    const documents = await tx.query<{ ref: string; file_name: string | null; mime_type: string | null }>(
      'SELECT ref, file_name, mime_type FROM request_documents WHERE request_id = $1 ORDER BY id',
      [row.id],
    );
    return {
      ...(await this.base(tx, 'request', row)),
      serviceId: row.service_id,
      fields: openSealedFields(row.fields, this.cipher),
      dueDate: row.due_date,
      documents: documents.rows.map((d) => ({ ref: d.ref, fileName: d.file_name, mimeType: d.mime_type })),
      // The officer it was assigned to at run time (`CaseAssignments`), if any.
      routedTo: row.routed_to,
    };
  }

  private async complaint(tx: SqlExecutor, reference: string): Promise<CaseView | undefined> {
    const found = await tx.query<
      BaseRow & {
        kind: string;
        description: string;
        attachments: { ref: string; fileName?: string; mimeType?: string }[];
        routed_to: string;
        escalation_level: number;
        due_date: string;
      }
    >(
      `SELECT reference, status, beneficiary_id, channel, category_id, kind, description, attachments,
              routed_to, escalation_level, due_date::text AS due_date
       FROM complaints WHERE reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    return {
      ...(await this.base(tx, 'complaint', row)),
      kind: row.kind,
      summary: openText(row.description, this.cipher),
      dueDate: row.due_date,
      routedTo: row.routed_to,
      escalationLevel: row.escalation_level,
      documents: (row.attachments ?? []).map((a) => ({
        ref: a.ref,
        fileName: a.fileName ?? null,
        mimeType: a.mimeType ?? null,
      })),
    };
  }

  private async fieldHelp(tx: SqlExecutor, reference: string): Promise<CaseView | undefined> {
    const found = await tx.query<
      BaseRow & {
        help_kind: string;
        details: string | null;
        latitude: number | null;
        longitude: number | null;
        location_text: string | null;
        urgent: boolean;
        routed_to: string | null;
      }
    >(
      `SELECT reference, status, beneficiary_id, channel, NULL::text AS category_id, help_kind, details,
              latitude, longitude, location_text, urgent, routed_to
       FROM field_help_requests WHERE reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    return {
      ...(await this.base(tx, 'fieldHelp', row)),
      kind: row.help_kind,
      summary: row.details,
      location:
        row.latitude !== null && row.longitude !== null
          ? { latitude: Number(row.latitude), longitude: Number(row.longitude) }
          : null,
      locationText: row.location_text,
      urgent: row.urgent,
      routedTo: row.routed_to,
    };
  }

  private async base(tx: SqlExecutor, type: CaseType, row: BaseRow): Promise<CaseView> {
    return {
      type,
      reference: row.reference,
      status: row.status,
      kind: null,
      beneficiaryId: row.beneficiary_id,
      conversationId: null,
      person: row.beneficiary_id ? await this.person(tx, row.beneficiary_id) : null,
      channel: row.channel,
      categoryId: row.category_id,
      serviceId: null,
      summary: null,
      fields: null,
      dueDate: null,
      documents: [],
      location: null,
      locationText: null,
      urgent: false,
      routedTo: null,
      escalationLevel: 0,
      claimedBy: null,
      closedBy: null,
    };
  }

  private async person(tx: SqlExecutor, beneficiaryId: string): Promise<CasePerson | null> {
    const found = await tx.query<{
      full_name: string | null;
      mobile: string | null;
      lang: string | null;
      display_name: string | null;
      phone: string | null;
    }>(
      `SELECT b.full_name, b.mobile, b.preferred_lang AS lang,
              (SELECT display_name FROM channel_identities i
                 WHERE i.beneficiary_id = b.id AND display_name IS NOT NULL ORDER BY created_at LIMIT 1)
                AS display_name,
              (SELECT phone FROM channel_identities i
                 WHERE i.beneficiary_id = b.id AND phone IS NOT NULL ORDER BY created_at LIMIT 1) AS phone
       FROM beneficiaries b WHERE b.id = $1`,
      [beneficiaryId],
    );
    const row = found.rows[0];
    if (!row) return null;
    return {
      fullName: row.full_name,
      displayName: row.display_name,
      mobile: row.mobile ?? row.phone,
      lang: row.lang,
    };
  }
}
