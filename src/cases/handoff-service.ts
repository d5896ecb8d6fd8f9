import type { StaffRole, Profile } from '../config/profile-schema';
import type { StoredDocument } from '../documents/document-store';
import type { Lang } from '../domain/lang';
import type { OutboundMessage } from '../domain/outbound-message';
import type { ConversationService } from '../conversation/conversation-service';
import type { Translator } from '../i18n/translator';
import { sealText } from '../security/sealed-parts';
import type { FieldCipher } from '../security/field-cipher';
import type { Database, SqlExecutor } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import { PgHandoffRepository, type StaffHandoff } from '../store/handoff-repository';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { closeHandoff, type CloseHandoffOutcome } from './close-handoff';

const handoffs = new PgHandoffRepository();

/** Who acts on a handoff, from the console or the staff group. */
export interface HandoffActor {
  id: string;
  name: string;
  roles: readonly StaffRole[];
}

/** Where a staff member wrote: the web console or the staff group's topic on Telegram. */
export type StaffOrigin = 'console' | 'telegram';

/**
 * Who may hand on or close a colleague's conversation: liaison officers (the volunteers of their
 * categories answer under them), the committee, managers and administrators — as the staff bot's
 * buttons always allowed. Volunteers only their own.
 */
const SUPERVISORS: readonly StaffRole[] = ['liaison', 'committee', 'manager', 'admin'];

/**
 * What a staff member may do with a handoff as it stands. The service applies it under the row lock;
 * the console shows only the buttons it allows.
 */
export function handoffPermissions(
  handoff: { status: 'open' | 'claimed' | 'closed'; claimedBy: string | null },
  actor: Pick<HandoffActor, 'id' | 'roles'>,
) {
  const open = handoff.status !== 'closed';
  const holds = handoff.status === 'claimed' && handoff.claimedBy === actor.id;
  const supervises = actor.roles.some((r) => SUPERVISORS.includes(r));
  return {
    claim: handoff.status === 'open',
    reply: holds,
    note: true,
    /** An unclaimed one anyone may hand to an officer; a claimed one its holder or a supervisor. */
    transfer: open && (handoff.status === 'open' || holds || supervises),
    close: open && (holds || supervises),
  };
}

export type ClaimOutcome =
  | { status: 'claimed' }
  | { status: 'alreadyYours' }
  | { status: 'taken'; by: string }
  | { status: 'closed' }
  | { status: 'notFound' };

export type ReplyOutcome =
  | { status: 'relayed' }
  | { status: 'duplicate' }
  | { status: 'notClaimed' }
  | { status: 'notYours'; by: string }
  | { status: 'closed' }
  | { status: 'notFound' };

export type NoteOutcome = { status: 'noted' } | { status: 'duplicate' } | { status: 'notFound' };

export type TransferOutcome =
  | { status: 'transferred' }
  | { status: 'sameOfficer' }
  | { status: 'notYours'; by: string }
  | { status: 'closed' }
  | { status: 'notFound' };

/** A reply or note as staff wrote it. */
export interface StaffLine {
  text: string;
  /** A file already in the document store (replies only). */
  file?: StoredDocument;
  /**
   * The sender's own id for this message (`staff-<chat>-<message>` from Telegram, the form's id from the
   * console): the same message arriving twice is stored and relayed once.
   */
  messageId: string;
  origin: StaffOrigin;
}

export interface HandoffServiceDeps {
  db: Database;
  events: PgEventLog;
  outbox: PgOutboxRepository;
  translator: Translator;
  profile: Profile;
  /** Seals the transcript lines staff write (the outbox seals its own rows). */
  cipher?: FieldCipher;
  /** Closing hands the person back to the bot (the survey about the conversation, or the menu). */
  conversations: Pick<ConversationService, 'startFlowFor'>;
  now: () => Date;
}

/**
 * The staff side of a conversation with a person, whichever place staff answer from (issue #16): the
 * web console's inbox and the staff group on Telegram both come here, so the rules are one. Claiming
 * puts one staff member in charge (the person is told who joined); only that member's replies reach the
 * person, each through the outbox in the transaction that stores the transcript line and the audit
 * event, under the handoff's row lock — so a reply is sent once, in order with the bot's own, and two
 * officers writing at once cannot both answer. Notes are stored beside the conversation and never sent.
 */
export class HandoffService {
  constructor(private readonly deps: HandoffServiceDeps) {}

  async claim(actor: HandoffActor, reference: string): Promise<ClaimOutcome> {
    return this.deps.db.transaction(async (tx): Promise<ClaimOutcome> => {
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      if (row.status === 'closed') return { status: 'closed' };
      if (row.status === 'claimed')
        return row.claimedBy === actor.id
          ? { status: 'alreadyYours' }
          : { status: 'taken', by: row.claimedBy ?? '' };
      await this.putInCharge(tx, row, actor, actor, 'handoff.claimed');
      return { status: 'claimed' };
    });
  }

  /** Sends what the member in charge wrote to the person; anyone else's words are refused. */
  async reply(actor: HandoffActor, reference: string, line: StaffLine): Promise<ReplyOutcome> {
    const { db, events, now } = this.deps;
    return db.transaction(async (tx): Promise<ReplyOutcome> => {
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      if (row.status === 'closed') return { status: 'closed' };
      if (row.status !== 'claimed') return { status: 'notClaimed' };
      if (row.claimedBy !== actor.id) return { status: 'notYours', by: row.claimedBy ?? '' };
      const at = now();
      const text = line.text.trim();
      const file = line.file;
      const media = file
        ? [{ kind: file.mimeType.startsWith('image/') ? 'image' : 'document', ...file }]
        : [];
      const added = await handoffs.addStaffLine(tx, {
        handoffId: row.id,
        author: 'staff',
        staffId: actor.id,
        origin: line.origin,
        body: sealText(text, this.deps.cipher),
        media,
        channel: row.channel,
        channelMessageId: line.messageId,
        at,
      });
      if (!added) return { status: 'duplicate' };
      await this.tell(tx, row, (lang) => this.replyMessage(lang, actor.name, text, file));
      await events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.staffReplied',
        data: { files: media.length, characters: text.length, origin: line.origin },
        at,
      });
      return { status: 'relayed' };
    });
  }

  /** A note for colleagues: kept with the conversation, never sent to the person. Any staff may write one. */
  async note(actor: HandoffActor, reference: string, line: Omit<StaffLine, 'file'>): Promise<NoteOutcome> {
    const { db, events, now } = this.deps;
    return db.transaction(async (tx): Promise<NoteOutcome> => {
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      const at = now();
      const added = await handoffs.addStaffLine(tx, {
        handoffId: row.id,
        author: 'note',
        staffId: actor.id,
        origin: line.origin,
        body: sealText(line.text.trim(), this.deps.cipher),
        media: [],
        channel: row.channel,
        channelMessageId: line.messageId,
        at,
      });
      if (!added) return { status: 'duplicate' };
      await events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.noted',
        data: { characters: line.text.trim().length, origin: line.origin },
        at,
      });
      return { status: 'noted' };
    });
  }

  /**
   * Hands the conversation to another officer, who is now in charge (the person is told who joined).
   * The officer in charge may hand it on, and a supervisor may move anyone's; an unclaimed one anyone.
   */
  async transfer(actor: HandoffActor, reference: string, to: HandoffActor): Promise<TransferOutcome> {
    return this.deps.db.transaction(async (tx): Promise<TransferOutcome> => {
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      if (row.status === 'closed') return { status: 'closed' };
      if (row.claimedBy === to.id) return { status: 'sameOfficer' };
      if (!handoffPermissions(row, actor).transfer) return { status: 'notYours', by: row.claimedBy ?? '' };
      await this.putInCharge(tx, row, to, actor, 'handoff.transferred');
      return { status: 'transferred' };
    });
  }

  /**
   * Ends the conversation with staff: the person is told and offered the survey about it (or the menu)
   * when they are still waiting in it (see `closeHandoff`). The officer in charge or a supervisor may.
   */
  async close(
    actor: HandoffActor,
    reference: string,
    options: { offerSurvey?: boolean; note?: string } = {},
  ): Promise<CloseHandoffOutcome | { status: 'notYours'; by: string | null }> {
    const { db, events, now, conversations } = this.deps;
    const found = await handoffs.find(db, reference);
    if (found && found.status !== 'closed' && !handoffPermissions(found, actor).close)
      return { status: 'notYours', by: found.claimedBy };
    return closeHandoff(
      { db, events, now, service: conversations },
      { reference, actor: `staff:${actor.id}`, ...options },
    );
  }

  /** Puts `member` in charge, records it, and tells the person who joined. */
  private async putInCharge(
    tx: SqlExecutor,
    row: StaffHandoff,
    member: HandoffActor,
    actor: HandoffActor,
    event: 'handoff.claimed' | 'handoff.transferred',
  ): Promise<void> {
    const at = this.deps.now();
    await handoffs.claim(tx, row.id, member.id);
    await this.deps.events.append(tx, {
      actor: `staff:${actor.id}`,
      subjectType: 'handoff',
      subjectId: row.reference,
      type: event,
      data: { staffId: member.id, ...(row.claimedBy ? { from: row.claimedBy } : {}) },
      at,
    });
    await this.tell(tx, row, (lang) => ({
      kind: 'text',
      text: this.deps.translator.t(lang, 'staff.relay.joined', { name: member.name, ref: row.reference }),
    }));
  }

  private replyMessage(lang: Lang, name: string, text: string, file?: StoredDocument): OutboundMessage {
    const t = (key: string, params: Record<string, string>) => this.deps.translator.t(lang, key, params);
    if (!file) return { kind: 'text', text: t('staff.relay.text', { name, text }) };
    return {
      kind: 'document',
      ref: file.ref,
      fileName: file.fileName ?? file.sha256.slice(0, 12),
      mimeType: file.mimeType,
      caption: text ? t('staff.relay.text', { name, text }) : t('staff.relay.file', { name }),
    };
  }

  /** Outbox rows to the person's conversation, in their language. */
  private async tell(
    tx: SqlExecutor,
    row: StaffHandoff,
    compose: (lang: Lang) => OutboundMessage,
  ): Promise<void> {
    const lang: Lang =
      row.lang === 'ar' || row.lang === 'en' ? row.lang : this.deps.profile.languages.default;
    await this.deps.outbox.add(tx, [
      {
        conversationId: row.conversationId,
        channel: row.channel,
        recipient: row.channelUserId,
        message: compose(lang),
      },
    ]);
  }
}
