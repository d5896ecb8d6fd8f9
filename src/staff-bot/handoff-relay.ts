import type { StoredDocument } from '../documents/document-store';
import type { OutboundMessage } from '../domain/outbound-message';
import type { Lang } from '../domain/lang';
import type { SqlExecutor } from '../store/database';
import { PgHandoffRepository, type StaffHandoff } from '../store/handoff-repository';
import { sealText } from '../security/sealed-parts';
import type { StaffBotDeps } from './staff-bot-deps';
import type { StaffMember } from '../cases/staff-roster';

const handoffs = new PgHandoffRepository();

export type ClaimOutcome =
  | { status: 'claimed' }
  | { status: 'alreadyYours' }
  | { status: 'taken'; by: string }
  | { status: 'closed' }
  | { status: 'notFound' };

export type RelayOutcome =
  | { status: 'relayed' }
  | { status: 'duplicate' }
  | { status: 'notClaimed' }
  | { status: 'notYours'; by: string }
  | { status: 'closed' }
  | { status: 'notFound' };

/** What a staff member wrote in a handoff's topic, once stored: text, and a file already in the document store. */
export interface StaffReply {
  chatId: number;
  messageId: number;
  text: string;
  file?: StoredDocument;
}

/**
 * The staff side of a conversation with a person. Claiming puts one staff member in charge (the
 * person is told who joined); from then on what that member writes in the topic goes to the person on
 * their own channel, through the outbox in the same transaction as the transcript row and the audit
 * event, so it is sent once, paced by the channel, and in order with the bot's own replies.
 */
export class HandoffRelay {
  constructor(private readonly deps: StaffBotDeps) {}

  async claim(member: StaffMember, reference: string): Promise<ClaimOutcome> {
    const { db, events, topics, now } = this.deps;
    const outcome = await db.transaction(async (tx): Promise<ClaimOutcome> => {
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      if (row.status === 'closed') return { status: 'closed' };
      if (row.status === 'claimed')
        return row.claimedBy === member.id
          ? { status: 'alreadyYours' }
          : { status: 'taken', by: row.claimedBy ?? '' };
      const at = now();
      await handoffs.claim(tx, row.id, member.id);
      await topics.claimCase(tx, reference, member.id);
      await events.append(tx, {
        actor: `staff:${member.id}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.claimed',
        data: { staffId: member.id },
        at,
      });
      await this.tell(tx, row, (lang) => ({
        kind: 'text',
        text: this.deps.translator.t(lang, 'staff.relay.joined', { name: member.name, ref: reference }),
      }));
      return { status: 'claimed' };
    });
    return outcome;
  }

  /** Relays what the member in charge wrote; anyone else's words stay in the group. */
  async relay(member: StaffMember, reference: string, reply: StaffReply): Promise<RelayOutcome> {
    const { db, events, topics, now } = this.deps;
    const outcome = await db.transaction(async (tx): Promise<RelayOutcome> => {
      const fresh = await topics.recordMessage(tx, {
        chatId: reply.chatId,
        messageId: reply.messageId,
        reference,
        direction: 'received',
      });
      if (!fresh) return { status: 'duplicate' };
      const row = await handoffs.lockForStaff(tx, reference);
      if (!row) return { status: 'notFound' };
      if (row.status === 'closed') return { status: 'closed' };
      if (row.status !== 'claimed') return { status: 'notClaimed' };
      if (row.claimedBy !== member.id) return { status: 'notYours', by: row.claimedBy ?? '' };
      const at = now();
      const text = reply.text.trim();
      const file = reply.file;
      await this.tell(tx, row, (lang): OutboundMessage[] => {
        const t = (key: string, params: Record<string, string>) => this.deps.translator.t(lang, key, params);
        if (!file) return [{ kind: 'text', text: t('staff.relay.text', { name: member.name, text }) }];
        return [
          {
            kind: 'document',
            ref: file.ref,
            fileName: file.fileName ?? `${file.sha256.slice(0, 12)}`,
            mimeType: file.mimeType,
            caption: text
              ? t('staff.relay.text', { name: member.name, text })
              : t('staff.relay.file', { name: member.name }),
          },
        ];
      });
      const media = file
        ? [{ kind: file.mimeType.startsWith('image/') ? 'image' : 'document', ...file }]
        : [];
      await handoffs.addStaffLine(tx, {
        handoffId: row.id,
        body: sealText(text, this.deps.cipher),
        media,
        channel: row.channel,
        channelMessageId: `staff-${reply.chatId}-${reply.messageId}`,
        at,
      });
      await events.append(tx, {
        actor: `staff:${member.id}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.staffReplied',
        data: { files: media.length, characters: text.length },
        at,
      });
      return { status: 'relayed' };
    });
    return outcome;
  }

  /** Outbox rows to the person's conversation, in their language. */
  private async tell(
    tx: SqlExecutor,
    row: StaffHandoff,
    compose: (lang: Lang) => OutboundMessage | OutboundMessage[],
  ): Promise<string[]> {
    const fallback = this.deps.profile.languages.default;
    const lang: Lang = row.lang === 'ar' || row.lang === 'en' ? row.lang : fallback;
    const messages = [compose(lang)].flat();
    return this.deps.outbox.add(
      tx,
      messages.map((message) => ({
        conversationId: row.conversationId,
        channel: row.channel,
        recipient: row.channelUserId,
        message,
      })),
    );
  }
}
