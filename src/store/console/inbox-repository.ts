import type { FieldCipher } from '../../security/field-cipher';
import { openText } from '../../security/sealed-parts';
import type { SqlExecutor } from '../database';

/** Which handoffs a staff member may see: all, or those of their categories, the uncategorised and their own. */
export type InboxScope = { all: true } | { all: false; categories: readonly string[]; staffId: string };

/** The inbox's tabs: every conversation waiting or in progress, the viewer's own, or the closed ones. */
export type InboxView = 'open' | 'mine' | 'closed';

export interface InboxRow {
  reference: string;
  status: 'open' | 'claimed' | 'closed';
  categoryId: string | null;
  reason: string;
  channel: string;
  routedTo: string | null;
  claimedBy: string | null;
  createdAt: Date;
  closedAt: Date | null;
  /** Since when the person has been waiting for an answer from staff (null: answered last). */
  waitingSince: Date | null;
  /** The last thing said to or by the person, opened. */
  lastText: string;
  lastAuthor: 'beneficiary' | 'staff' | null;
}

export interface InboxHandoff {
  id: string;
  reference: string;
  status: 'open' | 'claimed' | 'closed';
  categoryId: string | null;
  reason: string;
  channel: string;
  routedTo: string | null;
  claimedBy: string | null;
  closedBy: string | null;
  createdAt: Date;
  closedAt: Date | null;
  beneficiaryId: string;
  conversationId: string;
}

export interface TranscriptLine {
  id: string;
  author: 'beneficiary' | 'staff' | 'note';
  staffId: string | null;
  origin: 'telegram' | 'console' | null;
  text: string;
  media: { kind?: string; ref?: string; fileName?: string | null; mimeType?: string; sizeBytes?: number }[];
  location: { latitude: number; longitude: number } | null;
  outOfHours: boolean;
  at: Date;
}

const HANDOFF_COLUMNS = `h.id, h.reference, h.status, h.category_id, h.reason, c.channel, h.routed_to,
  h.claimed_by, h.closed_by, h.created_at, h.closed_at, h.beneficiary_id, h.conversation_id`;

// A type, not an interface: the driver wants rows as records.
type HandoffColumns = {
  id: string;
  reference: string;
  status: InboxRow['status'];
  category_id: string | null;
  reason: string;
  channel: string;
  routed_to: string | null;
  claimed_by: string | null;
  closed_by: string | null;
  created_at: Date;
  closed_at: Date | null;
  beneficiary_id: string;
  conversation_id: string;
};

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/**
 * The web console's inbox of conversations with a person (issue #16): the list with who holds each and
 * how long the person has waited, one conversation's transcript, and a cursor that moves whenever any
 * handoff or transcript changes (the live view polls it).
 */
export class PgInboxRepository {
  constructor(private readonly cipher?: FieldCipher) {}

  async list(tx: SqlExecutor, scope: InboxScope, view: InboxView, staffId: string, limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (view === 'open') where.push(`h.status <> 'closed'`);
    if (view === 'closed') where.push(`h.status = 'closed'`);
    if (view === 'mine') where.push(`h.status = 'claimed' AND h.claimed_by = ${param(staffId)}`);
    if (!scope.all) {
      const me = param(scope.staffId);
      where.push(
        `(h.category_id IS NULL OR h.category_id = ANY(${param([...scope.categories])}::text[])
          OR h.routed_to = ${me} OR h.claimed_by = ${me})`,
      );
    }
    const found = await tx.query<
      HandoffColumns & {
        last_staff: Date | null;
        first_unanswered: Date | null;
        last_body: string | null;
        last_author: 'beneficiary' | 'staff' | null;
      }
    >(
      `SELECT ${HANDOFF_COLUMNS}, s.last_staff, u.first_unanswered, l.body AS last_body, l.author AS last_author
       FROM handoffs h
       JOIN conversations c ON c.id = h.conversation_id
       LEFT JOIN LATERAL (SELECT max(m.created_at) AS last_staff FROM handoff_messages m
                          WHERE m.handoff_id = h.id AND m.author = 'staff') s ON true
       LEFT JOIN LATERAL (SELECT min(m.created_at) AS first_unanswered FROM handoff_messages m
                          WHERE m.handoff_id = h.id AND m.author = 'beneficiary'
                            AND m.created_at > coalesce(s.last_staff, '-infinity'::timestamptz)) u ON true
       LEFT JOIN LATERAL (SELECT m.body, m.author FROM handoff_messages m
                          WHERE m.handoff_id = h.id AND m.author <> 'note'
                          ORDER BY m.id DESC LIMIT 1) l ON true
       WHERE ${where.join(' AND ')}
       ORDER BY ${view === 'closed' ? 'h.closed_at DESC' : 'h.created_at'}
       LIMIT ${limit}`,
      params,
    );
    return found.rows.map((r): InboxRow => ({
      ...this.handoff(r),
      // Nobody has answered yet: the person has waited since they asked for someone.
      waitingSince:
        r.status === 'closed'
          ? null
          : r.last_staff === null
            ? new Date(r.created_at)
            : date(r.first_unanswered),
      lastText: r.last_body === null ? '' : openText(r.last_body, this.cipher),
      lastAuthor: r.last_author,
    }));
  }

  async find(tx: SqlExecutor, reference: string): Promise<InboxHandoff | undefined> {
    const found = await tx.query<HandoffColumns>(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
       WHERE h.reference = $1`,
      [reference],
    );
    const row = found.rows[0];
    return row && this.handoff(row);
  }

  /** The conversation with staff, oldest first, texts opened. */
  async transcript(tx: SqlExecutor, handoffId: string): Promise<TranscriptLine[]> {
    const found = await tx.query<{
      id: string;
      author: TranscriptLine['author'];
      staff_id: string | null;
      origin: TranscriptLine['origin'];
      body: string;
      media: TranscriptLine['media'] | null;
      location: TranscriptLine['location'];
      out_of_hours: boolean;
      created_at: Date;
    }>(
      `SELECT id::text AS id, author, staff_id, origin, body, media, location, out_of_hours, created_at
       FROM handoff_messages WHERE handoff_id = $1 ORDER BY id`,
      [handoffId],
    );
    return found.rows.map((r) => ({
      id: r.id,
      author: r.author,
      staffId: r.staff_id,
      origin: r.origin,
      text: openText(r.body, this.cipher),
      media: r.media ?? [],
      location: r.location,
      outOfHours: r.out_of_hours,
      at: new Date(r.created_at),
    }));
  }

  /** A file of the transcript, by line and position, as stored (a document-store reference). */
  async file(tx: SqlExecutor, handoffId: string, lineId: string, index: number) {
    const found = await tx.query<{ media: TranscriptLine['media'] | null }>(
      'SELECT media FROM handoff_messages WHERE handoff_id = $1 AND id = $2',
      [handoffId, lineId],
    );
    return found.rows[0]?.media?.[index];
  }

  /**
   * What the person wrote to the bot in the same conversation before asking for someone (`limit` latest,
   * oldest first): the context an officer needs, and nothing from the person's other conversations.
   */
  async earlierMessages(tx: SqlExecutor, conversationId: string, before: Date, limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const found = await tx.query<{ received_at: Date; payload: unknown }>(
      `SELECT received_at, payload FROM inbound_messages
       WHERE conversation_id = $1 AND received_at <= $2
       ORDER BY received_at DESC, id DESC LIMIT ${limit}`,
      [conversationId, before.toISOString()],
    );
    return found.rows.reverse().map((r) => ({ at: new Date(r.received_at), payload: r.payload }));
  }

  /** How the person is called: the name they gave, or the one their chat app shows. */
  async personName(tx: SqlExecutor, beneficiaryId: string): Promise<string | null> {
    const found = await tx.query<{ name: string | null }>(
      `SELECT coalesce(nullif(b.full_name, ''),
                       (SELECT display_name FROM channel_identities i
                          WHERE i.beneficiary_id = b.id AND display_name IS NOT NULL
                          ORDER BY created_at LIMIT 1)) AS name
       FROM beneficiaries b WHERE b.id = $1`,
      [beneficiaryId],
    );
    const name = found.rows[0]?.name;
    return name ? openText(name, this.cipher) : null;
  }

  /** Moves whenever a handoff changes or a line is added to any transcript. */
  async cursor(tx: SqlExecutor): Promise<string> {
    const found = await tx.query<{ handoffs: string; lines: string }>(
      `SELECT (SELECT coalesce(max(change_seq), 0) FROM handoffs)::text AS handoffs,
              (SELECT coalesce(max(id), 0) FROM handoff_messages)::text AS lines`,
    );
    const row = found.rows[0]!;
    return `${row.handoffs}.${row.lines}`;
  }

  private handoff(r: HandoffColumns): InboxHandoff {
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      categoryId: r.category_id,
      reason: r.reason,
      channel: r.channel,
      routedTo: r.routed_to,
      claimedBy: r.claimed_by,
      closedBy: r.closed_by,
      createdAt: new Date(r.created_at),
      closedAt: date(r.closed_at),
      beneficiaryId: r.beneficiary_id,
      conversationId: r.conversation_id,
    };
  }
}
